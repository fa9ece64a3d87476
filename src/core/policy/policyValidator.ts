// The validator every policy section uses: typed reads of JSONC nodes that report problems at
// their place in the file, so the `models` section validates like the rest without a cycle.
import type { Node } from 'jsonc-parser';
import { compileGitignorePattern } from './gitignorePattern';
import type { PolicyProblem } from './policyError';
import type { PolicyPattern } from './policyTypes';
import type { SourceText } from './sourceText';

export function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = o;
    }
  }
  return bestScore <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** The helpers every section's validator uses (exported for the `models` section's own file). */
export type PolicyValidator = Validator;

export class Validator {
  readonly problems: PolicyProblem[] = [];

  constructor(readonly src: SourceText) {}

  error(node: Node, message: string, code: string): void {
    this.problems.push(this.src.problem(node.offset, node.length, message, code));
  }

  warn(node: Node, message: string, code: string): void {
    this.problems.push(this.src.problem(node.offset, node.length, message, code, 'warning'));
  }

  /**
   * A list of objects (`rules`, `exceptions`): reports a list that is not one, and each item that is
   * not an object; calls `each` with the items that are, their properties checked against `allowed`.
   */
  objectList(node: Node | undefined, list: { notAList: string; item: string; mustBe: string; allowed: readonly string[] }, each: (item: Node, p: Map<string, Node>, index: number, what: string) => void): void {
    if (node && node.type !== 'array') this.error(node, list.notAList, 'wrong-type');
    (node?.type === 'array' ? node.children ?? [] : []).forEach((item, index) => {
      const what = `${list.item} ${index + 1}`;
      if (item.type !== 'object') {
        this.error(item, `${what} must be ${list.mustBe}`, 'wrong-type');
        return;
      }
      each(item, this.props(item, list.allowed, what), index, what);
    });
  }

  /** Object properties by key; reports unknown and duplicate keys. */
  props(obj: Node, allowed: readonly string[], what: string): Map<string, Node> {
    const out = new Map<string, Node>();
    for (const prop of obj.children ?? []) {
      const keyNode = prop.children?.[0];
      const valueNode = prop.children?.[1];
      if (!keyNode || !valueNode) continue;
      const key = String(keyNode.value);
      if (!allowed.includes(key)) {
        const hint = closest(key, allowed);
        this.error(keyNode, `unknown key "${key}" in ${what}${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${allowed.join(', ')}`, 'unknown-key');
        continue;
      }
      if (out.has(key)) this.error(keyNode, `duplicate key "${key}" in ${what}`, 'duplicate-key');
      out.set(key, valueNode);
    }
    return out;
  }

  str(node: Node | undefined, what: string, required: boolean, parent: Node): string | undefined {
    if (!node) {
      if (required) this.error(parent, `${what} is required`, 'missing-key');
      return undefined;
    }
    if (node.type !== 'string') {
      this.error(node, `${what} must be a string`, 'wrong-type');
      return undefined;
    }
    if (required && String(node.value).trim() === '') {
      this.error(node, `${what} must not be empty`, 'empty-value');
      return undefined;
    }
    return String(node.value);
  }

  oneOf<T extends string>(node: Node | undefined, options: readonly T[], what: string, fallback: T): T {
    if (!node) return fallback;
    if (node.type !== 'string' || !options.includes(node.value as T)) {
      this.error(node, `${what} must be one of ${options.map((o) => `"${o}"`).join(', ')}`, 'invalid-value');
      return fallback;
    }
    return node.value as T;
  }

  patterns(node: Node | undefined, what: string, parent: Node): PolicyPattern[] {
    if (!node) {
      this.error(parent, `${what} needs "paths": a list of gitignore patterns`, 'missing-key');
      return [];
    }
    if (node.type !== 'array') {
      this.error(node, `"paths" in ${what} must be a list of gitignore patterns, e.g. ["secrets/", "*.pem"]`, 'wrong-type');
      return [];
    }
    if (!node.children?.length) this.error(node, `"paths" in ${what} is empty: the rule would match nothing`, 'empty-value');
    const out: PolicyPattern[] = [];
    for (const item of node.children ?? []) {
      if (item.type !== 'string') {
        this.error(item, 'each path pattern must be a string', 'wrong-type');
        continue;
      }
      const text = String(item.value);
      const compiled = compileGitignorePattern(text);
      if (!compiled.ok) {
        // Point at the pattern's text inside the quotes where we can.
        this.problems.push(this.src.problem(item.offset, item.length, `invalid pattern ${JSON.stringify(text)}: ${compiled.problem.message}`, 'invalid-pattern'));
        continue;
      }
      out.push({ text, location: this.src.location(item.offset) });
    }
    return out;
  }
}
