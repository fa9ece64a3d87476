// A file the scanner cannot judge, accepted by content hash, through the real `airlock exec`
// (bubblewrap) and the hook's real rewrite: readable while its bytes are the accepted ones, masked
// again after one byte changes; and the AI cannot add the acceptance itself.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLI, runCli } from '../../helpers/builtCli';
import { fakeJar } from '../../helpers/fakeArchive';
import { hookPayload } from '../../helpers/hookPayloads';
import { rewrittenCommand } from '../../helpers/hookAnswers';
import { guardedFingerprint, sandboxSuite } from '../../helpers/sandboxWorkspace';

const JAR = 'gradle/wrapper/gradle-wrapper.jar';
const ENV = { ...process.env };

describe('an accepted unscanned file inside airlock exec (real bubblewrap)', function () {
  const template = sandboxSuite(this, 300_000);

  function withJar(): string {
    const ws = template.fresh();
    mkdirSync(path.join(ws, 'gradle/wrapper'), { recursive: true });
    const jar = fakeJar(7);
    // A printable marker a search can find in the archive's bytes.
    writeFileSync(path.join(ws, JAR), Buffer.concat([jar, Buffer.from('\nWRAPPER_MARKER_42\n')]));
    return ws;
  }
  const sizeInside = (ws: string): string => {
    const r = runCli(['exec', '--', '/bin/sh', '-c', `wc -c < ${JAR}`], { cwd: ws });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  const grepRewritten = (ws: string): string => {
    const v = rewrittenCommand('codex', runCli(['hook', '--client', 'codex'], { cwd: ws, input: JSON.stringify(hookPayload({ client: 'codex', tool: 'Bash', input: { command: 'grep -ra WRAPPER_MARKER gradle' } }, ws)) }));
    assert.equal(v.kind, 'rewrite', JSON.stringify(v));
    return spawnSync('/bin/bash', ['-c', v.kind === 'rewrite' ? v.command : 'false'], { cwd: ws, encoding: 'utf8', env: ENV }).stdout;
  };

  it('masked until accepted; readable by exec and a rewritten grep -r once accepted; one changed byte masks it again', () => {
    const ws = withJar();
    const size = String(readFileSync(path.join(ws, JAR)).length);
    assert.equal(sizeInside(ws), '0', 'an archive the scanner cannot judge is masked (secretsUnscanned: ask)');
    assert.doesNotMatch(grepRewritten(ws), /WRAPPER_MARKER_42/);

    const accept = runCli(['secrets', 'baseline', '--unscanned', JAR], { cwd: ws });
    assert.equal(accept.status, 0, accept.stderr);
    assert.equal(sizeInside(ws), size);
    const same = runCli(['exec', '--', '/bin/sh', '-c', `sha256sum ${JAR}`], { cwd: ws });
    assert.equal(same.stdout.split(' ')[0], (JSON.parse(readFileSync(path.join(ws, '.airlock/secrets-baseline.json'), 'utf8')) as { findings: { fingerprint: string }[] }).findings[0].fingerprint);
    assert.match(grepRewritten(ws), /WRAPPER_MARKER_42/);

    const bytes = readFileSync(path.join(ws, JAR));
    bytes[100] ^= 1;
    writeFileSync(path.join(ws, JAR), bytes);
    assert.equal(sizeInside(ws), '0', 'changed content is no longer the accepted content');
    assert.doesNotMatch(grepRewritten(ws), /WRAPPER_MARKER_42/);
  });

  it("the hook's own scope walk (no sandbox): a Grep over the folder (its pattern matches the jar) asks until the jar is accepted, and again after it changes", () => {
    const ws = withJar();
    const grep = (): string => {
      const r = runCli(['hook', '--client', 'claude-code'], { cwd: ws, input: JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Grep', input: { pattern: 'WRAPPER', path: path.join(ws, 'gradle'), output_mode: 'content' } }, ws)) });
      const out = (r.stdout.trim() ? JSON.parse(r.stdout) : {}) as { hookSpecificOutput?: { permissionDecision?: string } };
      return r.status === 2 ? 'deny' : out.hookSpecificOutput?.permissionDecision ?? 'allow';
    };
    assert.equal(grep(), 'ask');
    assert.equal(runCli(['secrets', 'baseline', '--unscanned', JAR], { cwd: ws }).status, 0);
    assert.equal(grep(), 'allow');
    const bytes = readFileSync(path.join(ws, JAR));
    bytes[100] ^= 1;
    writeFileSync(path.join(ws, JAR), bytes);
    assert.equal(grep(), 'ask');
  });

  it('the AI cannot accept a file itself: Write, Edit and a shell append to the baseline are denied, and exec cannot write it', () => {
    const ws = withJar();
    const file = path.join(ws, '.airlock/secrets-baseline.json');
    const entry = `{"version":1,"findings":[{"fingerprint":"${'a'.repeat(64)}","rule":"unscanned-file","file":"${JAR}"}]}`;
    const before = guardedFingerprint(ws);
    const calls = [
      { tool: 'Write', input: { file_path: file, content: entry } },
      { tool: 'Edit', input: { file_path: file, old_string: '[]', new_string: entry } },
      { tool: 'Bash', input: { command: `echo '${entry}' >> .airlock/secrets-baseline.json` } },
    ];
    for (const call of calls) {
      const r = runCli(['hook', '--client', 'claude-code'], { cwd: ws, input: JSON.stringify(hookPayload({ client: 'claude-code', ...call }, ws)) });
      const out = `${r.stdout}${r.stderr}`;
      assert.ok(r.status === 2 || /"permissionDecision":\s*"deny"/.test(out), `${call.tool} was not denied: ${out}`);
    }
    // Inside the sandbox `.airlock/` is read-only whatever the parser thought.
    const r = spawnSync(process.execPath, [CLI, 'exec', '--', '/bin/sh', '-c', `echo '${entry}' >> .airlock/secrets-baseline.json || echo refused`], { cwd: ws, encoding: 'utf8', env: ENV });
    assert.match(r.stdout, /refused/);
    assert.deepEqual(guardedFingerprint(ws), before);
  });
});
