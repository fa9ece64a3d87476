// Applies Airlock's managed entries to a JSON-with-comments file with jsonc-parser's modify(), so
// hand-written keys, entries, comments, indentation and line endings survive.
import { applyEdits, findNodeAtLocation, getNodeValue, modify, type Node, parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { detectEol } from './managedBlock';
import { positionOf } from '../util/lineIndex';
import type { JsonManagedEdit, JsonPath } from './nativeTypes';
import type { ManagedJsonState } from './syncState';

export type JsonMergeResult =
  | { readonly ok: true; readonly text: string; readonly state: ManagedJsonState }
  | { readonly ok: false; readonly message: string; readonly line: number; readonly column: number };

class JsonShapeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function detectIndent(text: string): { insertSpaces: boolean; tabSize: number } {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return { insertSpaces: true, tabSize: 2 };
  if (m[1].startsWith('\t')) return { insertSpaces: false, tabSize: 1 };
  return { insertSpaces: true, tabSize: Math.min(m[1].length, 8) };
}

function describe(path: JsonPath): string {
  return path.map(String).join(' > ');
}

/** A hook entry's command strings (Claude Code / Codex shape). */
function hookItems(group: unknown): unknown[] | null {
  if (typeof group !== 'object' || group === null) return null;
  const hooks = (group as Record<string, unknown>)['hooks'];
  return Array.isArray(hooks) ? hooks : null;
}

function commandOf(item: unknown): string | null {
  if (typeof item !== 'object' || item === null) return null;
  const c = (item as Record<string, unknown>)['command'];
  return typeof c === 'string' ? c : null;
}

export function mergeJsonManaged(existing: string | null, edits: readonly JsonManagedEdit[], previous: ManagedJsonState | undefined): JsonMergeResult {
  const original = existing === null || existing.trim().length === 0 ? null : existing;
  let text = original ?? '{}';
  const eol = original === null ? '\n' : detectEol(original);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const e = errors[0];
    return { ok: false, message: `invalid JSON: ${printParseErrorCode(e.error)}`, ...positionOf(text, e.offset) };
  }
  if (!tree || tree.type !== 'object') return { ok: false, message: 'the file must hold a JSON object', ...positionOf(text, tree?.offset ?? 0) };

  const formattingOptions = { ...detectIndent(text), eol };
  // Parsed once per change, not once per lookup: large policies make many lookups.
  let cached: Node | null = tree;
  const root = (): Node => (cached ??= parseTree(text, [], { allowTrailingComma: true }) as Node);
  const find = (path: JsonPath): Node | undefined => findNodeAtLocation(root(), [...path]);
  const set = (path: JsonPath, value: unknown, isArrayInsertion = false): void => {
    text = applyEdits(text, modify(text, [...path], value, { formattingOptions, isArrayInsertion }));
    cached = null;
  };
  /** True when the value at node holds no comment, so rewriting it whole loses nothing. */
  const plain = (node: Node): boolean => !/\/\/|\/\*/.test(text.slice(node.offset, node.offset + node.length).replace(/"(?:[^"\\]|\\.)*"/g, '""'));
  const expect = (node: Node | undefined, type: Node['type'], path: JsonPath): void => {
    if (node && node.type !== type) throw new JsonShapeError(`${describe(path)} must be ${type === 'array' ? 'an array' : 'an object'} for Airlock to manage its entries`, node.offset);
  };

  const managedCommands = new Set<string>(previous?.hookCommands ?? []);
  for (const e of edits) if (e.kind === 'hook-group') for (const c of e.commands) managedCommands.add(c);
  const arrays: { path: JsonPath; values: string[] }[] = [];
  const objects: { path: JsonPath; keys: string[] }[] = [];
  const hookCommands: string[] = [];

  try {
    for (const e of edits) {
      if (e.kind === 'set') {
        const node = find(e.path);
        if (!node || !deepEqual(getNodeValue(node), e.value)) set(e.path, e.value);
      } else if (e.kind === 'array-members') {
        const owned = new Set(previous?.arrays.find((a) => samePath(a.path, e.path))?.values ?? []);
        const wanted = new Set(e.values);
        let node = find(e.path);
        expect(node, 'array', e.path);
        if (node) {
          const values = (node.children ?? []).map((c) => getNodeValue(c) as unknown);
          for (let i = values.length - 1; i >= 0; i--) {
            const v = values[i];
            if (typeof v === 'string' && owned.has(v) && !wanted.has(v)) set([...e.path, i], undefined);
          }
          node = find(e.path);
        }
        const present = new Set((node?.children ?? []).map((c) => getNodeValue(c) as unknown));
        const added = e.values.filter((v) => !present.has(v));
        if (!node) {
          if (added.length > 0) set(e.path, added);
        } else if (added.length > 1 && plain(node)) {
          set(e.path, [...(node.children ?? []).map((c) => getNodeValue(c) as unknown), ...added]);
        } else {
          let at = node.children?.length ?? 0;
          for (const v of added) set([...e.path, at++], v, true);
        }
        arrays.push({ path: e.path, values: e.values.filter((v) => added.includes(v) || owned.has(v)) });
      } else if (e.kind === 'object-entries') {
        const owned = new Set(previous?.objects.find((o) => samePath(o.path, e.path))?.keys ?? []);
        const node = find(e.path);
        expect(node, 'object', e.path);
        const current = node ? (getNodeValue(node) as Record<string, unknown>) : {};
        const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(current, k);
        const stale = [...owned].filter((k) => !Object.prototype.hasOwnProperty.call(e.entries, k) && has(k));
        const changed = Object.entries(e.entries).filter(([k, v]) => !has(k) || !deepEqual(current[k], v));
        const keys = Object.keys(e.entries).filter((k) => owned.has(k) || changed.some(([c]) => c === k));
        if (!node) {
          if (changed.length > 0) set(e.path, Object.fromEntries(changed));
        } else if (changed.length + stale.length > 1 && plain(node)) {
          // One rewrite of the object instead of one edit (and parse) per key.
          const next: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(current)) if (!stale.includes(k)) next[k] = v;
          for (const [k, v] of changed) next[k] = v;
          set(e.path, next);
        } else {
          for (const k of stale) set([...e.path, k], undefined);
          for (const [k, v] of changed) set([...e.path, k], v);
        }
        objects.push({ path: e.path, keys });
      } else {
        mergeHookGroup(e, managedCommands, find, set, expect);
        hookCommands.push(...e.commands);
      }
    }
  } catch (err) {
    if (err instanceof JsonShapeError) return { ok: false, message: err.message, ...positionOf(text, err.offset) };
    throw err;
  }
  if (!text.endsWith(eol)) text = text.replace(/\s*$/, '') + eol;
  return { ok: true, text, state: { arrays, objects, hookCommands } };
}

function mergeHookGroup(
  e: Extract<JsonManagedEdit, { kind: 'hook-group' }>,
  managed: ReadonlySet<string>,
  find: (path: JsonPath) => Node | undefined,
  set: (path: JsonPath, value: unknown, isArrayInsertion?: boolean) => void,
  expect: (node: Node | undefined, type: Node['type'], path: JsonPath) => void,
): void {
  const node = find(e.path);
  expect(node, 'array', e.path);
  if (!node) {
    set(e.path, [e.group]);
    return;
  }
  const groups = (node.children ?? []).map((c) => getNodeValue(c) as unknown);
  const kind = groups.map((g) => {
    const items = hookItems(g);
    if (!items || items.length === 0) return 'user' as const;
    const ours = items.filter((it) => {
      const c = commandOf(it);
      return c !== null && managed.has(c);
    }).length;
    return ours === 0 ? ('user' as const) : ours === items.length ? ('ours' as const) : ('mixed' as const);
  });
  let keep = groups.findIndex((g, i) => kind[i] === 'ours' && deepEqual(g, e.group));
  const replace = keep < 0 ? kind.indexOf('ours') : -1;
  if (replace >= 0) keep = replace;
  // Highest index first, so earlier indexes stay valid.
  for (let i = groups.length - 1; i >= 0; i--) {
    if (kind[i] === 'ours' && i !== keep) set([...e.path, i], undefined);
    else if (kind[i] === 'mixed') {
      const items = hookItems(groups[i]) ?? [];
      for (let j = items.length - 1; j >= 0; j--) {
        const c = commandOf(items[j]);
        if (c !== null && managed.has(c)) set([...e.path, i, 'hooks', j], undefined);
      }
    } else if (i === replace) set([...e.path, i], e.group);
  }
  if (keep < 0) {
    const after = find(e.path);
    set([...e.path, after?.children?.length ?? 0], e.group, true);
  }
}
