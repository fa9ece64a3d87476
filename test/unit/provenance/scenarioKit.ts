// A realistic small TypeScript service in a real git repository, AI edits made through the real
// hook path (Claude Code and Copilot CLI PostToolUse payloads shaped as the recorded sessions in
// test/fixtures/edit-sessions), and the measurement of what a fresh `--no-local` clone computes.
// Ground truth travels with the text itself: every line an AI writes ends in one trailing space,
// which the matcher cannot see (its keys ignore whitespace) but the measurement can.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { structuredPatch } from 'diff';
import { detectClient } from '../../../src/core/hook/detectClient';
import { parseHookEvent } from '../../../src/core/hook/parseHookEvent';
import { captureAiEdit } from '../../../src/core/provenance/captureAiEdit';
import { loadCurrentAnnotations, type CurrentAnnotations } from '../../../src/core/provenance/summaryCurrent';
import { git, tempDir } from './provenanceTestKit';

export const AI_MARK = ' ';

export const BASE_FILES: Readonly<Record<string, string>> = {
  'src/orders.ts': [
    "import { priceOf, type Item } from './pricing';",
    "import { slug } from './util/strings';",
    '',
    'export interface Order {',
    '  id: string;',
    '  items: Item[];',
    '  createdAt: Date;',
    '}',
    '',
    'export function newOrder(items: Item[]): Order {',
    '  return { id: slug(`order-${Date.now()}`), items, createdAt: new Date() };',
    '}',
    '',
    'export function total(order: Order): number {',
    '  let sum = 0;',
    '  for (const item of order.items) {',
    '    sum += priceOf(item);',
    '  }',
    '  return sum;',
    '}',
    '',
    'export function isEmpty(order: Order): boolean {',
    '  return order.items.length === 0;',
    '}',
    '',
  ].join('\n'),
  'src/pricing.ts': [
    'export interface Item {',
    '  sku: string;',
    '  quantity: number;',
    '  unitPrice: number;',
    '}',
    '',
    'const TAX_RATE = 0.2;',
    '',
    'export function priceOf(item: Item): number {',
    '  return item.quantity * item.unitPrice;',
    '}',
    '',
    'export function withTax(amount: number): number {',
    '  return Math.round(amount * (1 + TAX_RATE) * 100) / 100;',
    '}',
    '',
    'export function formatPrice(amount: number): string {',
    "  return `€${amount.toFixed(2)}`;",
    '}',
    '',
  ].join('\n'),
  'src/util/strings.ts': [
    'export function slug(text: string): string {',
    '  return text',
    '    .toLowerCase()',
    "    .replace(/[^a-z0-9]+/g, '-')",
    "    .replace(/^-|-$/g, '');",
    '}',
    '',
    'export function capitalize(text: string): string {',
    '  if (text.length === 0) {',
    '    return text;',
    '  }',
    '  return text[0].toUpperCase() + text.slice(1);',
    '}',
    '',
  ].join('\n'),
  'src/http/server.ts': [
    "import { createServer } from 'node:http';",
    "import { newOrder, total } from '../orders';",
    '',
    'export function start(port: number): void {',
    '  const server = createServer((req, res) => {',
    "    if (req.url === '/health') {",
    "      res.end('ok');",
    '      return;',
    '    }',
    '    const order = newOrder([]);',
    '    res.end(JSON.stringify({ id: order.id, total: total(order) }));',
    '  });',
    '  server.listen(port);',
    '}',
    '',
  ].join('\n'),
  'README.md': '# Orders\n\nA tiny order service.\n',
};

export function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

export function read(root: string, rel: string): string {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

/** Mark lines as the AI's (ground truth): a trailing space on every non-blank line. */
export function aiText(lines: readonly string[]): string {
  return lines.map((l) => (l.trim() === '' ? l : `${l}${AI_MARK}`)).join('\n');
}

const CLAUDE_SESSION = '47e7036c-6829-41b8-851f-df8f18da6102';
const COPILOT_SESSION = '7ccd70a4-a16b-4ba1-aaa0-7719b2e647eb';

/** Claude Code writes the model to its transcript; the hook reads it from there. */
function claudeTranscript(root: string, toolUseId: string): string {
  const file = path.join(path.dirname(root), `${path.basename(root)}-transcript.jsonl`);
  fs.appendFileSync(file, `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', model: 'claude-opus-5-5', content: [{ type: 'tool_use', id: toolUseId, name: 'Edit', input: {} }] } })}\n`);
  return file;
}

async function capture(root: string, payload: Record<string, unknown>): Promise<void> {
  const event = parseHookEvent(payload, detectClient(payload));
  const result = await captureAiEdit(root, event, { transcriptRetries: 0 });
  if (result.status === 'error') throw new Error(result.notes.join('; '));
}

/** Claude Code `Edit`: the file changes, then the PostToolUse payload it sends. */
export async function claudeEdit(root: string, rel: string, oldString: string, newString: string, toolUseId: string): Promise<void> {
  const file = path.join(root, rel);
  const original = read(root, rel);
  if (!original.includes(oldString)) throw new Error(`claudeEdit: ${rel} lacks ${JSON.stringify(oldString)}`);
  const updated = original.replace(oldString, () => newString);
  fs.writeFileSync(file, updated);
  const patch = structuredPatch(file, file, original, updated, '', '', { context: 3 });
  await capture(root, {
    session_id: CLAUDE_SESSION,
    transcript_path: claudeTranscript(root, toolUseId),
    cwd: root,
    permission_mode: 'default',
    hook_event_name: 'PostToolUse',
    tool_name: 'Edit',
    tool_input: { file_path: file, old_string: oldString, new_string: newString, replace_all: false },
    tool_response: { filePath: file, oldString, newString, originalFile: original, structuredPatch: patch.hunks, userModified: false, replaceAll: false },
    tool_use_id: toolUseId,
  });
}

/** Claude Code `Write` of a new file. */
export async function claudeWrite(root: string, rel: string, content: string, toolUseId: string): Promise<void> {
  const file = path.join(root, rel);
  write(root, rel, content);
  await capture(root, {
    session_id: CLAUDE_SESSION,
    transcript_path: claudeTranscript(root, toolUseId),
    cwd: root,
    hook_event_name: 'PostToolUse',
    tool_name: 'Write',
    tool_input: { file_path: file, content },
    tool_response: { type: 'create', filePath: file, content, structuredPatch: [], originalFile: null, userModified: false },
    tool_use_id: toolUseId,
  });
}

/** Copilot CLI `Edit` (`old_str`/`new_str`, located by its own text). */
export async function copilotEdit(root: string, rel: string, oldStr: string, newStr: string): Promise<void> {
  const file = path.join(root, rel);
  const original = read(root, rel);
  if (!original.includes(oldStr)) throw new Error(`copilotEdit: ${rel} lacks ${JSON.stringify(oldStr)}`);
  fs.writeFileSync(file, original.replace(oldStr, () => newStr));
  await capture(root, {
    hook_event_name: 'PostToolUse',
    session_id: COPILOT_SESSION,
    timestamp: '2026-11-24T21:36:12.611Z',
    cwd: root,
    tool_name: 'Edit',
    tool_input: { path: file, old_str: oldStr, new_str: newStr },
    tool_result: { result_type: 'success', text_result_for_llm: `File ${file} updated with changes.` },
  });
}

export interface Measure {
  readonly truth: number;
  readonly tagged: number;
  readonly hit: number;
  readonly recall: number;
  readonly precision: number;
  readonly current: CurrentAnnotations;
  /** file → tagged line numbers (to compare machines). */
  readonly taggedLines: Map<string, number[]>;
}

/** What a fresh `--no-local` clone of `branch` computes, against the ground truth in its text. */
export function measureClone(repo: string, branch: string): Measure {
  const clone = path.join(tempDir('airlock-clone-'), 'c');
  git(path.dirname(clone), 'clone', '-q', '--no-local', '--branch', branch, repo, clone);
  return measure(clone);
}

export function measure(root: string): Measure {
  const current = loadCurrentAnnotations(root);
  const taggedLines = new Map<string, number[]>();
  let truth = 0;
  let tagged = 0;
  let hit = 0;
  const files = git(root, 'ls-files').split('\n').filter((f) => f.endsWith('.ts'));
  const byFile = new Map(current.files.map((f) => [f.file, f]));
  for (const file of files) {
    const lines = read(root, file).split('\n');
    const set = new Set<number>();
    for (const r of byFile.get(file)?.ranges ?? []) for (let l = r.startLine; l <= r.endLine; l++) set.add(l);
    taggedLines.set(file, [...set].sort((a, b) => a - b));
    lines.forEach((text, i) => {
      const isAi = text.trim() !== '' && text.endsWith(AI_MARK);
      truth += isAi ? 1 : 0;
      tagged += set.has(i + 1) ? 1 : 0;
      hit += isAi && set.has(i + 1) ? 1 : 0;
    });
  }
  return { truth, tagged, hit, recall: truth === 0 ? 1 : hit / truth, precision: tagged === 0 ? 1 : hit / tagged, current, taggedLines };
}
