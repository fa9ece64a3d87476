// Semantic problems in a valid policy that validation cannot see: patterns that can never match
// a workspace path, and patterns a later rule shadows completely (the last matching rule wins).
// Each problem points at the pattern's exact range so the editor can underline it.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { compileGitignorePattern, type CompiledPattern } from '../policy/gitignorePattern';
import type { PolicyEngine } from '../policy/policyEngine';
import type { PolicyProblem } from '../policy/policyError';
import type { PolicyDocument, PolicyPattern, PolicyRule } from '../policy/policyTypes';

export const NEVER_MATCHES = 'never-matches';
export const SHADOWED_PATTERN = 'shadowed-pattern';
export const BACKSLASH_SEPARATOR = 'backslash-separator';

/** Why a pattern can never match a canonical workspace-relative path, or null. */
export function neverMatchReason(text: string): string | null {
  const body = text.replace(/^\/+/, '').replace(/\/+$/, '');
  if (body.split('/').some((s) => s === '.' || s === '..')) {
    return 'paths are matched in canonical form (no "." or ".." segments), so this pattern never matches; write the path without them';
  }
  if (text.startsWith('~/')) return '"~" is not expanded: patterns are relative to the workspace root, so this pattern never matches';
  if (/^[A-Za-z]:[\\/]/.test(text) || /^\/(?:home|Users)\/[^/]+\//.test(text)) {
    return 'this looks like an absolute file-system path, but patterns are relative to the workspace root (a leading "/" anchors there), so it never matches';
  }
  return null;
}

function isLiteral(text: string): boolean {
  return !/[*?[\\]/.test(text);
}

/** Does `later` match every path `earlier` matches (decidably: equal, match-all, or literal)? */
export function shadows(later: CompiledPattern, earlier: CompiledPattern): boolean {
  const norm = (p: CompiledPattern): string => p.text.replace(/\s+$/, '');
  if (norm(later) === norm(earlier)) return true;
  const laterBody = norm(later).replace(/^\/+/, '');
  if (laterBody === '**' || laterBody === '*' || laterBody === '**/*') return !later.dirOnly;
  if (!isLiteral(earlier.text)) return false;
  const path = norm(earlier).replace(/^\/+/, '').replace(/\/+$/, '');
  // An unanchored literal matches at any depth: only an unanchored later pattern covers them all.
  if (!earlier.anchored && later.anchored) return false;
  return earlier.dirOnly ? later.coversDir.test(path) : later.covers.test(path) && later.coversDir.test(path);
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return offset + column - 1;
}

export function lintPolicyDocument(doc: PolicyDocument, text: string): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const at = (p: PolicyPattern, message: string, code: string): PolicyProblem => ({
    file: doc.source,
    line: p.location.line,
    column: p.location.column,
    offset: offsetOf(text, p.location.line, p.location.column),
    length: JSON.stringify(p.text).length,
    message,
    code,
    severity: 'warning',
  });
  const compiled: Array<{ rule: PolicyRule; p: PolicyPattern; c: CompiledPattern }> = [];
  for (const rule of doc.rules) {
    for (const p of rule.patterns) {
      const c = compileGitignorePattern(p.text);
      if (c.ok) compiled.push({ rule, p, c: c.pattern });
    }
  }
  const allPatterns = [...doc.rules.flatMap((r) => r.patterns), ...doc.exceptions.flatMap((e) => e.patterns)];
  for (const p of allPatterns) {
    const why = neverMatchReason(p.text);
    if (why) out.push(at(p, `pattern ${JSON.stringify(p.text)}: ${why}`, NEVER_MATCHES));
    else if (/\\[A-Za-z0-9_]/.test(p.text) && isLiteral(p.text.replace(/\\/g, ''))) {
      out.push(at(p, `pattern ${JSON.stringify(p.text)}: a backslash escapes the next character in gitignore syntax, it is not a path separator (this matches "${p.text.replace(/\\(.)/g, '$1')}"); use "/"`, BACKSLASH_SEPARATOR));
    }
  }
  for (let i = 0; i < compiled.length; i++) {
    const e = compiled[i];
    if (neverMatchReason(e.p.text)) continue;
    const by = compiled.slice(i + 1).find((l) => l.rule !== e.rule && shadows(l.c, e.c));
    if (!by) continue;
    const where = `${basename(doc.source)} line ${by.p.location.line}`;
    out.push(
      at(
        e.p,
        by.rule.className === e.rule.className
          ? `pattern ${JSON.stringify(e.p.text)} is redundant: the later rule at ${where} (${JSON.stringify(by.p.text)}) gives the same class "${e.rule.className}" to every path it matches`
          : `pattern ${JSON.stringify(e.p.text)} is shadowed: the later rule at ${where} (${JSON.stringify(by.p.text)}, class "${by.rule.className}") matches every path it matches, and the last matching rule wins, so class "${e.rule.className}" never applies here`,
        SHADOWED_PATTERN,
      ),
    );
  }
  return out;
}

/** Lint every layer of a valid engine; a file that cannot be read is skipped (load reported it). */
export function lintPolicy(engine: PolicyEngine, readText: (file: string) => string = (f) => readFileSync(f, 'utf8')): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  for (const layer of engine.layers) {
    let text: string;
    try {
      text = readText(layer.doc.source);
    } catch {
      continue;
    }
    out.push(...lintPolicyDocument(layer.doc, text));
  }
  return out;
}
