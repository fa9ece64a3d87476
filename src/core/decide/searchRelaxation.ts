// A search that cannot print anything from a protected file is not a read of it. decide() asks
// this module about every search scope refused because of the files inside it: when the search's
// own pattern (reproduced exactly or more broadly, contentSearch.ts) matches no line of any
// protected or secret-holding file the scope reaches, the search is allowed, and the explanation
// names the files that were checked. Anything Airlock cannot judge keeps the verdict it had.
import * as fs from 'node:fs';
import { compileContentSearch, type ContentSearch } from '../search/contentSearch';
import type { PathDecision, ScopeFile } from './decisionTypes';
import type { Verdict } from '../policy/policyTypes';
import { strictest } from '../policy/verdictOrder';

/** Larger protected files are not read for this check (the verdict stays). */
export const SEARCH_CHECK_MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Total bytes one decision may read for these checks. */
const TOTAL_BYTES = 32 * 1024 * 1024;
/** Files one scope may hold for the check to be tried at all. */
export const SEARCH_CHECK_MAX_FILES = 256;
/** Time one decision may spend on these checks before giving up (verdict stays). */
const CHECK_MS = 1_500;
/** git's own heuristic: a NUL byte in the first 8000 bytes means binary (or UTF-16). */
const BINARY_PROBE_BYTES = 8000;
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** Any character outside ASCII (the file then reads differently in UTF-8 and byte by byte). */
const NON_ASCII = /[\u0080-\uffff]/;

type FileText = { readonly texts: readonly string[]; readonly bytes: number; readonly identity: string } | { readonly unjudged: string };

/**
 * Every way a tool may read these bytes as text: UTF-8 (grep in a UTF-8 locale, ripgrep; invalid
 * bytes as U+FFFD, which only matches more), one character per byte (grep in the C locale, and
 * binary files, whose matching lines `-a` prints), and UTF-16 in both byte orders when the file
 * holds NUL bytes (ripgrep transcodes UTF-16). A pattern that matches none of them matches
 * nothing the tool could print.
 */
function readings(data: Buffer): string[] {
  const utf8 = data.toString('utf8');
  const binary = data.subarray(0, BINARY_PROBE_BYTES).includes(0);
  // Pure ASCII reads the same every way.
  if (!binary && !NON_ASCII.test(utf8)) return [utf8];
  const texts = [utf8, data.toString('latin1')];
  if (binary) {
    const even = data.subarray(0, data.length - (data.length % 2));
    texts.push(even.toString('utf16le'), Buffer.from(even).swap16().toString('utf16le'));
  }
  return texts;
}

/** The file's readings as text, or why it cannot be judged (too large, unreadable). */
function readText(abs: string, remaining: number): FileText {
  let fd: number | undefined;
  try {
    fd = fs.openSync(abs, OPEN_FLAGS);
    const st = fs.fstatSync(fd, { bigint: true });
    if (!st.isFile()) return { unjudged: 'it is not a regular file' };
    if (st.size > BigInt(SEARCH_CHECK_MAX_FILE_BYTES)) return { unjudged: `it is larger than ${SEARCH_CHECK_MAX_FILE_BYTES / 1024 / 1024} MB` };
    if (st.size > BigInt(remaining)) return { unjudged: 'the scope holds more protected content than one check reads' };
    const buf = Buffer.alloc(Number(st.size));
    let length = 0;
    while (length < buf.length) {
      const n = fs.readSync(fd, buf, length, buf.length - length, length);
      if (n === 0) break;
      length += n;
    }
    return { texts: readings(buf.subarray(0, length)), bytes: length, identity: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` };
  } catch (err) {
    return { unjudged: `it could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A file the search could print from: its pattern matches a line, or the file cannot be judged. */
export interface SearchHit {
  readonly file: ScopeFile;
  readonly why: string;
}

/**
 * Which of these files `search` could print anything from: `opaque` when the search itself cannot
 * be reproduced; otherwise every file whose text matches or cannot be judged. Answers are
 * remembered by file identity and pattern for the life of the process (2,000 hard links to one
 * file cost one read).
 */
export function searchHits(search: ContentSearch, files: readonly ScopeFile[], memo: Map<string, boolean> = new Map()): { opaque: string } | { hits: SearchHit[] } {
  const matcher = compileContentSearch(search);
  if ('opaque' in matcher) return { opaque: matcher.opaque };
  const key = JSON.stringify(search);
  const started = Date.now();
  let remaining = TOTAL_BYTES;
  const hits: SearchHit[] = [];
  for (const file of files) {
    const hit = (why: string): void => void hits.push({ file, why });
    if (file.abs === null) { hit('it is not a regular file Airlock can read'); continue; }
    if (Date.now() - started > CHECK_MS) { hit(`the check ran out of its ${CHECK_MS} ms`); continue; }
    const read = readText(file.abs, remaining);
    if ('unjudged' in read) { hit(read.unjudged); continue; }
    remaining -= read.bytes;
    const memoKey = `${key}\0${read.identity}`;
    let matched = memo.get(memoKey);
    if (matched === undefined) {
      matched = read.texts.some((whole) => {
        // The newline that ends the last line starts no line of its own.
        const text = whole.endsWith('\n') ? whole.slice(0, -1) : whole;
        // ripgrep drops a byte-order mark, grep keeps it: match both readings.
        return matcher.matches(text) || (text.charCodeAt(0) === 0xfeff && matcher.matches(text.slice(1)));
      });
      memo.set(memoKey, matched);
    }
    if (matched) hit('the pattern matches a line of it');
  }
  return { hits };
}

function quoteList(files: readonly ScopeFile[]): string {
  const names = files.slice(0, 5).map((f) => `"${f.rel}"`);
  return files.length > 5 ? `${names.join(', ')} and ${files.length - 5} more` : names.join(', ');
}

/**
 * Narrows a search scope's verdict to what its pattern can print: the strictest verdict among the
 * protected files it matches (or cannot judge); allow when it matches none. Only scope decisions
 * that carry the complete list of the scope's protected files and a content search qualify; a path
 * named outright, an edit, a scope too large to list keep their verdict.
 */
export function applySearchContent(paths: readonly PathDecision[], unseenConfig?: string, memo: Map<string, boolean> = new Map()): PathDecision[] {
  return paths.map((p) => {
    const cause = p.cause;
    const search = p.contentSearch;
    if (p.verdict === 'allow' || search === undefined || cause?.kind !== 'scope' || cause.access !== 'search') return p;
    if (cause.by === 'too-many-files' || cause.complete !== true || cause.files === undefined || cause.files.length === 0) return p;
    // The pattern itself is not repeated: a right guess at a secret would land in the audit log.
    const pattern = search.patterns.length > 1 ? "the search's patterns" : "the search's pattern";
    if (unseenConfig !== undefined) return { ...p, searchCheck: 'unchecked', reason: `${p.reason}; ${pattern} was not checked: ${unseenConfig}` };
    const result = searchHits(search, cause.files, memo);
    if ('opaque' in result) return { ...p, searchCheck: 'unchecked', reason: `${p.reason}; ${pattern} was not checked: ${result.opaque}` };
    const verdict = result.hits.reduce<Verdict>((v, h) => strictest(v, h.file.verdict), 'allow');
    if (verdict === 'allow') {
      return { ...p, verdict, searchCheck: 'clear', reason: `${p.reason}; allowed because ${pattern} matches no line of the protected files it reaches (${quoteList(cause.files)}), which Airlock checked: it cannot print anything from them` };
    }
    const deciding = result.hits.filter((h) => h.file.verdict === verdict);
    const why = `${deciding.slice(0, 3).map((h) => `"${h.file.rel}" (${h.why})`).join(', ')}`;
    if (verdict === p.verdict) return { ...p, searchCheck: 'matched', reason: `${p.reason}; ${pattern} could print from ${why}` };
    const clear = cause.files.filter((f) => !result.hits.some((h) => h.file === f));
    return { ...p, verdict, searchCheck: 'matched', reason: `the search scope "${p.path}" reaches protected files; ${pattern} could print from ${why}${clear.length > 0 ? `, and matches nothing in ${quoteList(clear)}` : ''}` };
  });
}
