// The benign corpus (test/fixtures/sandbox-corpus/benign.json): ordinary agent operations across
// the clients' tool shapes on the example workspace. Through the real hook inside `airlock run`
// (the sandbox verified from inside) at least 97% must go ahead with no prompt and no denial;
// every shell operation must also run under `airlock exec` with the exit status it has outside.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BENIGN_CORPUS as CORPUS, hookAll, hookOnly, NEEDS_SANDBOX, SHELL_TOOLS } from '../../helpers/benignCorpus';
import { runCli } from '../../helpers/builtCli';
import { withRoot } from '../../helpers/hookPayloads';
import { sandboxSuite } from '../../helpers/sandboxWorkspace';
import { outcome } from '../../helpers/hookAnswers';

describe('benign corpus: ordinary operations go ahead', function () {
  const template = sandboxSuite(this, 600_000);

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

  it('hook alone (`"shellSandbox": "off"`, no sandbox anywhere): ≥ 97% proceed — searches are checked by their pattern; inline code is refused', () => {
    const all = hookAll(hookOnly(template.fresh()), false);
    assert.equal(all.length, CORPUS.operations.length);
    // Inline program code goes ahead only where a sandbox confines it: the hook alone asks.
    for (const r of all.filter((x) => NEEDS_SANDBOX.has(x.id))) assert.notEqual(outcome(r.client, r), 'proceed', `${r.id} went ahead with nothing behind the hook`);
    const results = all.filter((r) => !NEEDS_SANDBOX.has(r.id));
    const friction = results.filter((r) => outcome(r.client, r) !== 'proceed');
    assert.ok(results.length - friction.length >= Math.ceil(0.97 * results.length), `${results.length - friction.length}/${results.length}; friction: ${friction.map((f) => `${f.id} ${f.stdout}`).join('\n')}`);
    for (const r of results.filter((x) => outcome(x.client, x) === 'proceed')) assert.doesNotMatch(r.stdout, / exec --root /, `${r.id} was rewritten although the policy says "shellSandbox": "off"`);
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
