// One shell word in POSIX single quotes (every byte literal but the quote itself), which bash, zsh,
// dash and sh all read the same way; plain words are left bare so printed commands stay readable.
export function posixQuote(s: string): string {
  if (s !== '' && /^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
