// Walks the real captured hook payloads so every fixture (new ones included) is tested.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientId } from '../../../src/core/words/clientTypes';

export const FIXTURE_ROOTS = ['test/fixtures/hook-events', 'test/fixtures/edit-sessions'].map((p) => path.resolve(__dirname, '../../..', p));

/** Files in the fixture folders that are not hook stdin (transcripts, session logs, expected results). */
export const NOT_A_PAYLOAD = /^(session-events-line|transcript-line|tool-results)/;

export interface PayloadFixture {
  readonly file: string;
  readonly folder: string;
  readonly client: ClientId;
  readonly eventName: string;
  /** Tool name from the file name; '' for events without a tool. */
  readonly tool: string;
  /** What the call tried (`read-env`, `at-mention`, ...); '' when the file name gives none. */
  readonly probe: string;
  readonly payload: unknown;
}

export function clientOfFolder(folder: string): ClientId {
  if (folder.startsWith('claude-code-')) return 'claude-code';
  if (folder.startsWith('codex-')) return 'codex';
  if (folder.startsWith('opencode-')) return 'opencode';
  if (folder.startsWith('vscode-')) return 'vscode';
  if (folder.startsWith('copilot-cli-') && folder.endsWith('-camelCase')) return 'copilot-cli';
  if (folder.startsWith('copilot-cli-') && folder.endsWith('-PascalCase')) return 'copilot-cli-vscode';
  throw new Error(`fixture folder ${folder} names no known client: add it to clientOfFolder`);
}

const TOOL_EVENTS = /^(PreToolUse|preToolUse|PostToolUse|postToolUse|PostToolUseFailure|postToolUseFailure|tool\.execute\.(before|after))$/;

/** `NN-<event>-<tool>-<probe>.json`, `<event>-<probe>.json` or `NN-<event>.json`. */
export function splitFixtureName(file: string): { eventName: string; tool: string; probe: string } {
  const base = file.replace(/\.json$/, '').replace(/^\d+-/, '');
  const m = /^(tool\.execute\.(?:before|after)|[A-Za-z]+)(?:-(.*))?$/.exec(base);
  if (!m) throw new Error(`unexpected fixture name ${file}`);
  const eventName = m[1] ?? '';
  const rest = m[2] ?? '';
  if (!TOOL_EVENTS.test(eventName)) return { eventName, tool: '', probe: rest };
  const dash = rest.indexOf('-');
  return dash === -1 ? { eventName, tool: rest, probe: '' } : { eventName, tool: rest.slice(0, dash), probe: rest.slice(dash + 1) };
}

export function loadPayloadFixtures(): { payloads: PayloadFixture[]; skipped: string[] } {
  const payloads: PayloadFixture[] = [];
  const skipped: string[] = [];
  for (const root of FIXTURE_ROOTS) {
    for (const folder of fs.readdirSync(root).sort()) {
      const dir = path.join(root, folder);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const file of fs.readdirSync(dir).sort()) {
        if (!file.endsWith('.json') || NOT_A_PAYLOAD.test(file)) {
          skipped.push(path.join(folder, file));
          continue;
        }
        const payload = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as unknown;
        payloads.push({ file: path.join(path.basename(root), folder, file), folder, client: clientOfFolder(folder), ...splitFixtureName(file), payload });
      }
    }
  }
  return { payloads, skipped };
}
