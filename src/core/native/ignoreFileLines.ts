// Compiles the policy into gitignore-syntax exclusion lines with the policy's meaning: the last
// rule covering a path decides, and a later rule can carve a path out of an earlier directory rule.
//
// Gitignore cannot re-include a file whose parent directory is excluded, so a protected pattern
// that a later rule may carve something out of is written "expanded": its contents are excluded
// file by file while every directory below it stays visible, which lets the later "!" lines work.
import type { ClassifiedPattern, ClassifiedPolicy } from './nativePatterns';
import { isProtected } from './nativePatterns';
import type { NativeWarning } from './nativeTypes';

export interface IgnoreCompileResult {
  readonly lines: readonly string[];
  readonly warnings: readonly NativeWarning[];
}

export interface IgnoreCompileOptions {
  /** The file the lines are for (named in warnings). */
  readonly file: string;
  /** Whether the format supports `!` re-inclusion (`.aiexclude` does not). */
  readonly negation: boolean;
}

/** Ignore files govern both what an assistant reads and what it edits: any restriction excludes. */
function excluded(p: { read: ClassifiedPattern['read']; edit: ClassifiedPattern['edit'] }): boolean {
  return isProtected(p.read) || isProtected(p.edit);
}

function endsWithGlobstar(body: string): boolean {
  return body === '**' || body.endsWith('/**');
}

/** A pattern for everything below what `p` matches. */
function contentsGlob(p: ClassifiedPattern): string {
  return p.anchored ? `/${p.body}/**` : `**/${p.body}/**`;
}

function expanded(p: ClassifiedPattern): string[] {
  if (endsWithGlobstar(p.body)) return [p.text, `!${p.anchored ? '/' : ''}${p.body}/`];
  const out: string[] = [];
  if (!p.dirOnly) {
    // Excludes a file of that name; the next line re-includes it when it is a directory.
    out.push(p.text, `!${p.anchored ? '/' : ''}${p.body}/`);
  }
  const contents = contentsGlob(p);
  out.push(contents, `!${contents}/`);
  return out;
}

function carveOut(q: ClassifiedPattern): string[] {
  const out = [`!${q.text}`];
  if (!endsWithGlobstar(q.body)) out.push(`!${contentsGlob(q)}`);
  return out;
}

export function compileIgnoreLines(policy: ClassifiedPolicy, opts: IgnoreCompileOptions): IgnoreCompileResult {
  if (policy.aiOff) return { lines: ['*'], warnings: [] };
  const warnings: NativeWarning[] = [];
  const lines: string[] = [];
  const entries = policy.patterns;
  const defaultExcluded = excluded({ read: policy.defaultRead, edit: policy.defaultEdit });
  const carvable = (q: ClassifiedPattern): boolean => opts.negation && !q.fromException && !excluded(q);

  if (defaultExcluded) {
    lines.push('*');
    if (entries.some(carvable)) lines.push('!*/');
  }
  // For each pattern: does a later, carvable pattern overlap it? One backward pass keeps this linear
  // in the number of carvable patterns per pattern instead of re-slicing the list.
  const carvables: number[] = [];
  const carvedLater: boolean[] = new Array<boolean>(entries.length).fill(false);
  for (let i = entries.length - 1; i >= 0; i--) {
    if (excluded(entries[i])) carvedLater[i] = carvables.some((j) => policy.overlap(i, j));
    if (carvable(entries[i])) carvables.push(i);
  }
  const excludedSoFar: number[] = [];
  entries.forEach((p, i) => {
    if (excluded(p)) {
      lines.push(...(carvedLater[i] ? expanded(p) : [p.text]));
      excludedSoFar.push(i);
      return;
    }
    // The closest earlier rule that really meets it names the carve-out best; the conservative
    // overlap alone would name whichever unanchored pattern came last.
    let over: ClassifiedPattern | undefined;
    for (let k = excludedSoFar.length - 1; k >= 0 && !over; k--) if (policy.namedOverlap(excludedSoFar[k], i)) over = entries[excludedSoFar[k]];
    for (let k = excludedSoFar.length - 1; k >= 0 && !over; k--) if (policy.overlap(excludedSoFar[k], i)) over = entries[excludedSoFar[k]];
    if (!defaultExcluded && !over) return;
    const what = over ? `${over.text} (class "${over.className}")` : `the default class "${policy.defaultClass}"`;
    if (p.fromException) {
      warnings.push({
        file: opts.file,
        message: `${opts.file} keeps excluding ${p.text}: the exception that opens it to class "${p.className}" expires, and a native file cannot`,
        pattern: p.text,
        location: p.location,
      });
      return;
    }
    if (!opts.negation) {
      warnings.push({
        file: opts.file,
        message: `${opts.file} cannot carve ${p.text} (class "${p.className}") out of ${what}: the format has no "!" negation, so the protected pattern is kept (safer) and ${p.text} stays excluded for this assistant`,
        pattern: p.text,
        location: p.location,
      });
      return;
    }
    lines.push(...carveOut(p));
  });
  return { lines, warnings };
}
