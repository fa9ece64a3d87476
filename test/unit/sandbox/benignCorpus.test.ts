// The benign corpus (test/fixtures/sandbox-corpus/benign.json): ordinary agent operations across
// the clients' tool shapes on the example workspace. Through the real hook inside `airlock run`
// (the sandbox verified from inside) at least 97% must go ahead with no prompt and no denial;
// every shell operation must also run under `airlock exec` with the exit status it has outside.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, CLI, runCli } from '../../helpers/builtCli';
import { hookPayload, type ToolCall, withRoot } from '../../helpers/hookPayloads';
import { sandboxTemplate } from '../../helpers/sandboxWorkspace';
import { outcome } from './hookAnswers';

interface BenignOp extends ToolCall {
  readonly id: string;
}

const CORPUS = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/sandbox-corpus/benign.json'), 'utf8')) as { operations: BenignOp[] };
const SHELL_TOOLS = new Set(['Bash', 'bash', 'run_in_terminal']);

/** Runs every operation's hook call in one process (inside the sandbox when started by `airlock run`). */
const DRIVER = `
const { spawnSync } = require('node:child_process');
const [cli, file] = process.argv.slice(2);
const calls = JSON.parse(require('node:fs').readFileSync(file, 'utf8'));
const out = calls.map((c) => {
  const r = spawnSync(process.execPath, [cli, 'hook', '--client', c.client], { input: JSON.stringify(c.payload), encoding: 'utf8', env: { ...process.env, AIRLOCK_NO_CODE_CACHE: '1' } });
  return { id: c.id, client: c.client, status: r.status, stdout: r.stdout, stderr: r.stderr };
});
process.stdout.write(JSON.stringify(out));
`;

function hookAll(ws: string, inside: boolean): Array<{ id: string; client: BenignOp['client']; status: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'airlock-benign-'));
  try {
    const ops = withRoot(CORPUS.operations, ws);
    writeFileSync(path.join(dir, 'calls.json'), JSON.stringify(ops.map((op, i) => ({ id: op.id, client: op.client, payload: hookPayload(op, ws, i) }))));
    writeFileSync(path.join(dir, 'driver.js'), DRIVER);
    const argv = [path.join(dir, 'driver.js'), CLI, path.join(dir, 'calls.json')];
    const r = inside ? runCli(['run', '--', process.execPath, ...argv], { cwd: ws, timeout: 300_000 }) : spawnSync(process.execPath, argv, { cwd: ws, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as ReturnType<typeof hookAll>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('benign corpus: ordinary operations go ahead', function () {
  this.timeout(600_000);
  let template: ReturnType<typeof sandboxTemplate>;

  before(() => {
    buildCli();
    template = sandboxTemplate();
  });
  after(() => template.dispose());

  it(`holds at least 100 operations across the clients (${CORPUS.operations.length})`, () => {
    assert.ok(CORPUS.operations.length >= 100);
    assert.equal(new Set(CORPUS.operations.map((o) => o.client)).size, 6);
  });

  it('inside `airlock run`: ≥ 97% proceed with no ask and no deny (hook verifies the sandbox)', () => {
    const ws = template.fresh();
    const results = hookAll(ws, true);
    const friction = results.filter((r) => outcome(r.client, r) !== 'proceed');
    const proceeded = results.length - friction.length;
    assert.equal(results.length, CORPUS.operations.length);
    assert.ok(proceeded >= Math.ceil(0.97 * results.length), `${proceeded}/${results.length} proceeded; friction: ${friction.map((f) => `${f.id} ${f.stdout}${f.stderr}`).join('\n')}`);
  });

  it('hook alone (no sandbox around the agent): ≥ 97% of shell operations proceed, rewritten into airlock exec', () => {
    const ws = template.fresh();
    const results = hookAll(ws, false);
    const byId = new Map(CORPUS.operations.map((o) => [o.id, o]));
    const shell = results.filter((r) => SHELL_TOOLS.has(byId.get(r.id)?.tool ?? '') && r.client !== 'claude-code');
    const friction = shell.filter((r) => outcome(r.client, r) !== 'proceed');
    assert.ok(shell.length >= 40);
    assert.ok(shell.length - friction.length >= Math.ceil(0.97 * shell.length), friction.map((f) => `${f.id} ${f.stdout}`).join('\n'));
    for (const r of shell.filter((s) => outcome(s.client, s) === 'proceed')) assert.match(r.stdout, / exec --root /, `${r.id} proceeds without the sandbox`);
  });

  it('every benign shell operation runs under airlock exec with the exit status it has outside', () => {
    const shellOps = withRoot(CORPUS.operations, '.').filter((o) => SHELL_TOOLS.has(o.tool));
    const differ: string[] = [];
    for (const op of shellOps) {
      const command = String(op.input['command']);
      const outside = spawnSync('/bin/bash', ['-c', command], { cwd: template.fresh(), encoding: 'utf8', timeout: 60_000 });
      const inside = runCli(['exec', '--', '/bin/bash', '-c', command], { cwd: template.fresh(), timeout: 60_000 });
      if (inside.status !== outside.status) differ.push(`${op.id} ${command}: outside ${outside.status}, inside ${inside.status} ${inside.stderr}`);
    }
    assert.ok(shellOps.length - differ.length >= Math.ceil(0.97 * shellOps.length), differ.join('\n'));
  });
});
