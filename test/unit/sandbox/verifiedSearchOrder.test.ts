// Inside a verified `airlock run`, a search is judged with the sandbox's masks first and the
// parser is asked only when the masks cannot stand in (sandboxDecision.ts). Attacked here: a file
// that became a live secret after the run started is not masked, so a search whose pattern can
// print from it stays refused; one whose pattern matches nothing in it goes ahead, as before.
// Also: the hooks inside use the compiled policy `run` wrote (one cache entry per build, whichever
// bundle wrote it; inside the sandbox the cache is read-only). Real CLI, real bubblewrap.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, CLI, runCli } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { leakedCanaries, sandboxTemplate } from '../../helpers/sandboxWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

describe('a search inside a verified airlock run: masks first, the parser where they cannot stand in', function () {
  this.timeout(300_000);
  let template: ReturnType<typeof sandboxTemplate>;
  let cache: string;
  const token = new FakeTokens(11).github();
  before(() => {
    buildCli();
    template = sandboxTemplate();
  });
  beforeEach(() => {
    cache = mkdtempSync(path.join(tmpdir(), 'airlock-cache-'));
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));
  after(() => template.dispose());

  const env = (): NodeJS.ProcessEnv => ({ ...process.env, AIRLOCK_BASELINE: '', XDG_CACHE_HOME: cache });

  /** The hook's answer to a Grep asked inside `airlock run`, after `before` ran inside it. */
  function grepInside(ws: string, pattern: string, before: string): { status: number | null; out: string } {
    writeFileSync(path.join(ws, '..', 'grep.json'), JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Grep', input: { pattern, path: ws, output_mode: 'content' } }, ws)));
    const script = `${before}"${process.execPath}" "${CLI}" hook --client claude-code < ../grep.json`;
    const r = spawnSync(process.execPath, [CLI, 'run', '--', '/bin/bash', '-c', script], { cwd: ws, encoding: 'utf8', env: env() });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  }

  // Written inside the sandbox after it started: no mask covers it.
  const lateSecret = `mkdir -p notes && printf 'export const key = "%s";\\n' '${token}' > notes/creds.txt && `;

  it('a pattern that can print from a file that became a live secret after the run started is refused', () => {
    const ws = template.fresh();
    const r = grepInside(ws, token.slice(0, 14), lateSecret);
    assert.equal(r.status, 2, r.out);
    assert.match(r.out, /not relaxed by the sandbox|notes\/creds\.txt/);
    assert.ok(!r.out.includes(token), r.out);
    assert.deepEqual(leakedCanaries(r.out), []);
  });

  it('a pattern that matches nothing in that file goes ahead, as the parser alone allowed it', () => {
    const ws = template.fresh();
    const r = grepInside(ws, 'ZEBRA_MATCHES_NOTHING_42', lateSecret);
    assert.equal(r.status, 0, r.out);
    assert.deepEqual(leakedCanaries(r.out), []);
  });

  it('a plain repository Grep inside the run goes ahead on the verified masks', () => {
    const ws = template.fresh();
    const r = grepInside(ws, 'formatAmount', '');
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out.trim(), '');
  });

  it('one compiled-policy cache entry per build: the hook reads what `airlock exec` (the other bundle) wrote', () => {
    const ws = template.fresh();
    const exec = runCli(['exec', '--', '/bin/true'], { cwd: ws, env: env() });
    assert.equal(exec.status, 0, exec.stderr);
    const entries = (): string[] => readdirSync(path.join(cache, 'airlock', 'policy')).filter((f) => f.endsWith('.json'));
    assert.equal(entries().length, 1, entries().join(', '));
    const read = runCli(['hook'], { cwd: ws, env: env(), input: JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Read', input: { file_path: path.join(ws, 'src/app.ts') } }, ws)) });
    assert.equal(read.status, 0, read.stderr);
    assert.equal(entries().length, 1, `the hook compiled and stored the policy again: ${entries().join(', ')}`);
  });
});
