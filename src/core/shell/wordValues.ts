// Small pure helpers on word values: glob detection, brace expansion, device paths.
import { braceExpand } from 'minimatch';

/** Brace expansions beyond this many words are reported as a glob and a doubt. */
export const MAX_BRACE_WORDS = 256;

/** True when the pattern holds an unescaped `*`, `?` or a `[...]` class. */
export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { i++; continue; }
    if (c === '*' || c === '?') return true;
    if (c === '[' && pattern.indexOf(']', i + 2) > 0) return true;
  }
  return false;
}

/** True when the pattern holds an unescaped `{` that bash would brace-expand. */
export function hasBraces(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { i++; continue; }
    if (c === '{' && pattern[i + 1] !== '}' && pattern.indexOf('}', i) > 0) return true;
  }
  return false;
}

/** Bash brace expansion; null when it would produce more than MAX_BRACE_WORDS words. */
export function expandBraces(pattern: string): string[] | null {
  if (!hasBraces(pattern)) return [pattern];
  // A cheap upper bound first, so `{1..100000000}` is never materialized.
  const ranges = [...pattern.matchAll(/\{(-?\d+)\.\.(-?\d+)(?:\.\.-?\d+)?\}/g)];
  let bound = 1;
  for (const m of ranges) bound *= Math.abs(Number(m[2]) - Number(m[1])) + 1;
  if (bound > MAX_BRACE_WORDS) return null;
  const words = braceExpand(pattern);
  return words.length > MAX_BRACE_WORDS ? null : words;
}

export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1');
}

const DEVICE_PATHS = new Set(['/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom', '/dev/stdin', '/dev/stdout', '/dev/stderr', '/dev/tty']);

/** Paths that are never files a policy is about: the null device, standard streams, fds. */
export function isDevicePath(path: string): boolean {
  return DEVICE_PATHS.has(path) || /^\/dev\/fd\/\d+$/.test(path) || /^\/proc\/self\/fd\/\d+$/.test(path);
}
