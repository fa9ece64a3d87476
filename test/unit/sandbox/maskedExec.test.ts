// `airlock exec` / `airlock run` for real (bubblewrap): what a command inside sees, that it fails
// closed, and that a hook inside verifies the sandbox by its masks — and refuses to be fooled.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { auditDirFor } from '../../../src/core/audit/auditLocation';
import { runSandboxed } from '../../../src/core/sandbox/runSandboxed';
import { SandboxUnavailableError } from '../../../src/core/sandbox/sandboxTypes';
import { CLI, runCli } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { CANARIES, leakedCanaries, sandboxSuite } from '../../helpers/sandboxWorkspace';

describe('airlock exec and airlock run (real bubblewrap)', function () {
  const template = sandboxSuite(this, 300_000);

  it('masked files read as empty and cannot be written; masked folders are empty; the rest is the real tree', () => {
    const ws = template.fresh();
    const r = runCli(['exec', '--', '/bin/bash', '-c', 'wc -c < .env; ls -A secrets | wc -l; echo x > .env || echo refused; head -1 src/app.ts; pwd'], { cwd: ws });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, 3), ['0', '0', 'refused']);
    assert.equal(lines[3], "import { createSession } from './auth/session';");
    assert.equal(lines[4], ws);
    assert.ok(readFileSync(path.join(ws, '.env'), 'utf8').includes(CANARIES['.env']), 'the real file is untouched');
  });

  it("passes the command's exit status, stdin and working directory through", () => {
    const ws = template.fresh();
    const r = spawnSync(process.execPath, [CLI, 'exec', '--', '/bin/sh', '-c', 'cat; pwd; exit 7'], { cwd: path.join(ws, 'src'), input: 'from stdin\n', encoding: 'utf8', env: { ...process.env } });
    assert.equal(r.status, 7);
    assert.equal(r.stdout, `from stdin\n${path.join(ws, 'src')}\n`);
  });

  it('fails closed: an invalid policy means the command does NOT run (exit 126, clear message)', () => {
    const ws = template.fresh();
    writeFileSync(path.join(ws, '.airlock/policy.json'), '{ "version": 1, "rules": "oops" }');
    const marker = path.join(ws, 'ran');
    const r = runCli(['exec', '--', '/bin/sh', '-c', `touch ${marker}`], { cwd: ws });
    assert.equal(r.status, 126);
    assert.match(r.stderr, /cannot build the sandbox: the policy is invalid.*NOT run/s);
    assert.equal(existsSync(marker), false);
  });

  it('fails closed: when bubblewrap cannot set the sandbox up, nothing runs outside it', async () => {
    const ws = template.fresh();
    const marker = path.join(ws, 'ran');
    const spec = { root: ws, masks: [{ path: '/proc/airlock-impossible', kind: 'file' as const, why: 'test' }], readOnly: [], writable: [], scratch: [], residual: [] };
    await assert.rejects(runSandboxed(spec, ['/bin/sh', '-c', `touch ${marker}`], { cwd: ws, env: process.env }), SandboxUnavailableError);
    assert.equal(existsSync(marker), false);
  });

  it('usage errors: no command', () => {
    const r = runCli(['exec'], { cwd: template.fresh() });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no command given/);
  });

  it('--explain --json prints the spec and runs nothing', () => {
    const ws = template.fresh();
    const r = runCli(['exec', '--explain', '--json'], { cwd: ws });
    assert.equal(r.status, 0, r.stderr);
    const spec = JSON.parse(r.stdout) as { masks: { path: string }[]; readOnly: { path: string }[] };
    assert.ok(spec.masks.some((m) => m.path === path.join(ws, '.env')));
    assert.ok(spec.readOnly.some((m) => m.path === path.join(ws, '.airlock')));
  });

  describe('a hook inside verifies the sandbox by its masks', () => {
    // A look-ahead: no pattern check can reproduce it (ripgrep's engine has none), so outside a
    // sandbox the search stays refused and only a verified sandbox can let it go ahead.
    const pattern = `${CANARIES['.env'].slice(0, 8)}(?=_CANARY)`;
    const grep = (ws: string): string => JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Grep', input: { pattern, path: ws, output_mode: 'content' } }, ws));
    const hookIn = (ws: string, wrapper: string[], before = ''): { status: number | null; out: string } => {
      writeFileSync(path.join(ws, '..', 'grep.json'), grep(ws));
      const script = `${before}"${process.execPath}" "${CLI}" hook --client claude-code < ../grep.json`;
      const r = spawnSync(wrapper[0], [...wrapper.slice(1), '/bin/bash', '-c', script], { cwd: ws, encoding: 'utf8', env: { ...process.env } });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    };

    it('outside: a repository-wide Grep is denied (the tree holds .env)', () => {
      const ws = template.fresh();
      const r = hookIn(ws, ['/usr/bin/env']);
      assert.equal(r.status, 2, r.out);
    });

    it('inside `airlock run`: the same Grep goes ahead, explained by the verified sandbox', () => {
      const ws = template.fresh();
      const r = hookIn(ws, [process.execPath, CLI, 'run', '--']);
      assert.equal(r.status, 0, r.out);
      assert.equal(r.out.trim(), '', 'no opinion: the client runs its Grep, which cannot read the masked files');
      // The log lives in the git directory (auditLocation); the read-only old place is left alone.
      const audit = readFileSync(path.join(auditDirFor(ws), 'audit.jsonl'), 'utf8');
      assert.match(audit, /runs inside Airlock's sandbox, which masks/);
    });

    it('a look-alike is not enough: .airlock read-only but nothing masked is not verified', () => {
      const ws = template.fresh();
      const r = hookIn(ws, ['/usr/bin/bwrap', '--bind', '/', '/', '--dev', '/dev', '--ro-bind', path.join(ws, '.airlock'), path.join(ws, '.airlock'), '--']);
      assert.equal(r.status, 2, r.out);
    });

    it('a protected file that appeared after the sandbox started (so unmasked) withdraws the verification', () => {
      const ws = template.fresh();
      const r = hookIn(ws, [process.execPath, CLI, 'run', '--'], `mkdir -p late && echo ${CANARIES['.env']} > late/.env && `);
      assert.equal(r.status, 2, r.out);
      assert.deepEqual(leakedCanaries(r.out), []);
    });

    it('an environment variable claiming a sandbox changes nothing', () => {
      const ws = template.fresh();
      const r = spawnSync('/bin/bash', ['-c', `"${process.execPath}" "${CLI}" hook --client claude-code`], { cwd: ws, input: grep(ws), encoding: 'utf8', env: { ...process.env, AIRLOCK_SANDBOX: '1', AIRLOCK_CONFINED: '1', container: 'airlock' } });
      assert.equal(r.status, 2);
    });
  });
});
