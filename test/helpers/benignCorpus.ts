// Runs the benign corpus (test/fixtures/sandbox-corpus/benign.json) through the real hook, one
// process per call as the clients do, outside or inside `airlock run`. Shared by the corpus test
// and `npm run bench`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, runCli } from './builtCli';
import { hookPayload, type ToolCall, withRoot } from './hookPayloads';

export interface BenignOp extends ToolCall {
  readonly id: string;
  /** Inline program code: it goes ahead only where Airlock's sandbox confines it; the hook alone asks. */
  readonly needsSandbox?: boolean;
}

export const BENIGN_CORPUS = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/sandbox-corpus/benign.json'), 'utf8')) as { operations: BenignOp[] };
export const SHELL_TOOLS = new Set(['Bash', 'bash', 'run_in_terminal']);
/** The ids of operations that go ahead only under a sandbox (the hook alone must refuse them). */
export const NEEDS_SANDBOX = new Set(BENIGN_CORPUS.operations.filter((o) => o.needsSandbox === true).map((o) => o.id));

/** Runs every operation's hook call in one process (inside the sandbox when started by `airlock run`). */
const DRIVER = `
const { spawnSync } = require('node:child_process');
const [cli, file] = process.argv.slice(2);
const calls = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
const out = calls.map((c) => {
  const r = spawnSync(process.execPath, [cli, 'hook', '--client', c.client], { input: JSON.stringify(c.payload), encoding: 'utf8', env: { ...process.env } });
  return { id: c.id, client: c.client, status: r.status, stdout: r.stdout, stderr: r.stderr };
});
process.stdout.write(JSON.stringify(out));
`;

export interface HookResult {
  readonly id: string;
  readonly client: BenignOp['client'];
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function hookAll(ws: string, inside: boolean): HookResult[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'airlock-benign-'));
  try {
    const ops = withRoot(BENIGN_CORPUS.operations, ws);
    writeFileSync(path.join(dir, 'calls.json'), JSON.stringify(ops.map((op, i) => ({ id: op.id, client: op.client, payload: hookPayload(op, ws, i) }))));
    writeFileSync(path.join(dir, 'driver.js'), DRIVER);
    const argv = [path.join(dir, 'driver.js'), CLI, path.join(dir, 'calls.json')];
    const r = inside ? runCli(['run', '--', process.execPath, ...argv], { cwd: ws, timeout: 300_000 }) : spawnSync(process.execPath, argv, { cwd: ws, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as HookResult[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


/** The workspace's policy without the shell rewrite (`"shellSandbox": "off"`): the hook alone decides. */
export function hookOnly(ws: string): string {
  const file = path.join(ws, '.airlock', 'policy.json');
  const text = readFileSync(file, 'utf8');
  if (!text.includes('"version": 1,')) throw new Error(`unexpected policy shape in ${file}`);
  writeFileSync(file, text.replace('"version": 1,', '"version": 1,\n  "shellSandbox": "off",'));
  return ws;
}
