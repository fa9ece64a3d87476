// Inline allow comments that teams already use with other scanners are honoured as-is.

/** `airlock:allow`, gitleaks' `gitleaks:allow`, detect-secrets' `pragma: allowlist secret`. */
const SAME_LINE = /airlock:allow(?!-next-line)|gitleaks:allow|pragma:\s*allowlist\s+secret/;
/** detect-secrets' form for the line below, for places where a trailing comment is impossible. */
const NEXT_LINE = /pragma:\s*allowlist\s+nextline\s+secret|airlock:allow-next-line/;

export function isSuppressedInline(lineText: string, previousLineText: string): boolean {
  return SAME_LINE.test(lineText) || NEXT_LINE.test(previousLineText);
}
