// Looks inside sed scripts, awk programs and SQLite input for the few constructs that touch files or run commands.

export interface SedScriptEffects {
  readonly reads: string[];
  readonly writes: string[];
  /** The script runs shell commands (`e`, `s///e`). */
  readonly executes: boolean;
  /** Part of the script could not be parsed. */
  readonly unsure: boolean;
}

/** Finds `r`/`R` (read), `w`/`W` and `s///w` (write) file names and `e` commands in a sed script. */
export function sedScriptEffects(script: string): SedScriptEffects {
  const reads: string[] = [];
  const writes: string[] = [];
  let executes = false;
  let unsure = false;
  const s = script;
  let i = 0;
  const restOfLine = (): string => {
    let end = s.indexOf('\n', i);
    if (end < 0) end = s.length;
    const text = s.slice(i, end).trim();
    i = end;
    return text;
  };
  const skipDelimited = (delim: string): boolean => {
    while (i < s.length && s[i] !== delim) {
      if (s[i] === '\\') i++;
      else if (s[i] === '\n' && delim !== '\n') return false;
      i++;
    }
    if (i >= s.length) return false;
    i++;
    return true;
  };
  const skipAddress = (): boolean => {
    if (/[0-9$]/.test(s[i] ?? '')) {
      while (i < s.length && /[0-9$~+]/.test(s[i])) i++;
    } else if (s[i] === '/') {
      i++;
      if (!skipDelimited('/')) return false;
      while (/[IM]/.test(s[i] ?? '')) i++;
    } else if (s[i] === '\\') {
      const d = s[i + 1];
      i += 2;
      if (d === undefined || !skipDelimited(d)) return false;
    }
    return true;
  };
  while (i < s.length) {
    while (i < s.length && /[\s;]/.test(s[i])) i++;
    if (i >= s.length) break;
    if (!skipAddress()) { unsure = true; break; }
    if (s[i] === ',') {
      i++;
      if (!skipAddress()) { unsure = true; break; }
    }
    while (s[i] === ' ' || s[i] === '!') i++;
    const cmd = s[i++];
    if (cmd === undefined) break;
    if (cmd === '{' || cmd === '}' || /[=dDgGhHlnNpPqQxzF]/.test(cmd)) {
      while (/[0-9]/.test(s[i] ?? '')) i++;
      continue;
    }
    if (cmd === '#') { restOfLine(); continue; }
    if (cmd === 'r' || cmd === 'R') { reads.push(restOfLine()); continue; }
    if (cmd === 'w' || cmd === 'W') { writes.push(restOfLine()); continue; }
    if (cmd === 'e') { executes = true; restOfLine(); continue; }
    if (cmd === 'a' || cmd === 'i' || cmd === 'c') {
      // Text to the end of the line, continued by trailing backslashes.
      for (;;) {
        const line = restOfLine();
        if (!line.endsWith('\\') || i >= s.length) break;
        i++;
      }
      continue;
    }
    if (cmd === ':' || cmd === 'b' || cmd === 't' || cmd === 'T') {
      while (i < s.length && s[i] !== ';' && s[i] !== '\n') i++;
      continue;
    }
    if (cmd === 's' || cmd === 'y') {
      const d = s[i++];
      if (d === undefined || d === '\n' || d === '\\' || !skipDelimited(d) || !skipDelimited(d)) { unsure = true; break; }
      if (cmd === 'y') continue;
      while (i < s.length && /[gpiImMe0-9w]/.test(s[i])) {
        const flag = s[i++];
        if (flag === 'e') executes = true;
        if (flag === 'w') { writes.push(restOfLine()); break; }
      }
      continue;
    }
    unsure = true;
    break;
  }
  return { reads: reads.filter((r) => r !== ''), writes: writes.filter((w) => w !== ''), executes, unsure };
}

/** True when an awk program may read or write files or run commands (getline, system, pipes, >). */
export function awkProgramTouchesFiles(program: string): boolean {
  const code = program.replace(/"(?:\\.|[^"\\])*"/g, '""').replace(/\/(?:\\.|[^/\\\n])+\//g, '//');
  if (/\bgetline\b|\bsystem\s*\(|\bclose\s*\(|\bfflush\s*\(|(?<!\|)\|(?!\|)/.test(code)) return true;
  // `print > "file"` / `printf(...) >> file`; a `>` after print within the same statement.
  return /\bprintf?\b[^;{}\n]*>/.test(code);
}

/**
 * True when text given to the sqlite3 shell may read or write a file or run a command: dot
 * commands (`.read .env`, `.import`, `.shell`, `.output`) and file functions (`readfile()`).
 */
export function sqliteTouchesFiles(sql: string): boolean {
  return /(^|[\n;])\s*\.(?!(?:tables|schema|headers|mode|help|indexes|indices|width|timer|quit|exit|databases|show|echo|changes|bail|nullvalue|separator|prompt|print|dump|stats|eqp|explain|fullschema|lint|dbinfo|limit|parameter|scanstats|selftrace|vfsinfo|vfslist|vfsname)\b)\w/i.test(sql)
    || /\b(readfile|writefile|edit|load_extension|fts3_tokenizer)\s*\(/i.test(sql)
    || /\battach\b/i.test(sql);
}
