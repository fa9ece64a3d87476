// Hooks inside `airlock run` cannot read the per-user secret-scan cache (it is masked: it holds its
// key), so `run` leaves the verdicts it holds, unsigned, in its private folder, read-only inside.
// Attacked here: that view is trusted only from a read-only mount point, an AI inside cannot write
// it, and a file changed after the run started is judged again, not by the view. The same folder
// holds the masks `run` mounted, for a search's hook (runMaskConfinement.test.ts): read-only too.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runViewDir } from '../../../src/core/sandbox/runView';
import { SecretScanCache } from '../../../src/core/secrets/scanCache';
import { buildCli, CLI } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { CANARIES, leakedCanaries, sandboxTemplate } from '../../helpers/sandboxWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

describe("airlock run: the secret verdicts hooks inside read from run's read-only folder", function () {
  this.timeout(300_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(tmpdir(), 'airlock-view-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a cache answers from the view only for the identity the view holds; the view answers first when there is one', () => {
    const signed = path.join(dir, 'signed');
    const view = path.join(dir, 'view');
    fs.mkdirSync(view);
    const run = new SecretScanCache(signed, 'ctx');
    run.set('/w/a.ts', 'id-a', { kind: 'clean' });
    run.set('/w/s.env', 'id-s', { kind: 'secret', rule: 'github-pat', line: 1 });
    run.writeView(view);
    assert.ok(fs.readdirSync(view).every((f) => f.startsWith('secrets-')), 'only secrets-* files are written');
    const inside = new SecretScanCache(null, 'ctx', view);
    assert.deepEqual(inside.get('/w/a.ts', 'id-a'), { kind: 'clean' });
    assert.deepEqual(inside.get('/w/s.env', 'id-s'), { kind: 'secret', rule: 'github-pat', line: 1 });
    assert.equal(inside.get('/w/a.ts', 'id-a-changed'), undefined, 'a file changed since is scanned again');
    assert.equal(new SecretScanCache(null, 'other', view).get('/w/a.ts', 'id-a'), undefined, 'another workspace, baseline or threshold misses');
    assert.equal(new SecretScanCache(null, 'ctx').get('/w/a.ts', 'id-a'), undefined, 'without the view nothing is known');
  });

  it('attack: the folder is trusted only when it is a read-only mount point (an AI outside a sandbox cannot make one)', () => {
    const socket = path.join(dir, 'audit.sock');
    const mountInfo = (point: string, opts: string): string => `36 35 98:0 / ${point} ${opts},nosuid - ext4 /dev/root rw\n`;
    assert.equal(runViewDir({}, () => mountInfo(dir, 'ro')), null, 'not inside run');
    assert.equal(runViewDir({ AIRLOCK_AUDIT_SOCKET: 'relative/audit.sock' }, () => mountInfo(dir, 'ro')), null);
    assert.equal(runViewDir({ AIRLOCK_AUDIT_SOCKET: socket }, () => mountInfo(dir, 'ro')), dir);
    assert.equal(runViewDir({ AIRLOCK_AUDIT_SOCKET: socket }, () => mountInfo(dir, 'rw')), null, 'writable');
    assert.equal(runViewDir({ AIRLOCK_AUDIT_SOCKET: socket }, () => mountInfo(path.dirname(dir), 'ro')), null, 'not its own mount point');
    assert.equal(runViewDir({ AIRLOCK_AUDIT_SOCKET: socket }, () => null), null, 'no mount table');
    // This test process: the folder is an ordinary one.
    assert.equal(runViewDir({ AIRLOCK_AUDIT_SOCKET: socket }, () => fs.readFileSync('/proc/self/mountinfo', 'utf8')), null);
  });

  describe('with the real CLI and bubblewrap', () => {
    let template: ReturnType<typeof sandboxTemplate>;
    before(() => {
      buildCli();
      template = sandboxTemplate();
    });
    after(() => template.dispose());

    function inside(ws: string, script: string): { status: number | null; out: string } {
      const r = spawnSync(process.execPath, [CLI, 'run', '--', '/bin/bash', '-c', script], { cwd: ws, encoding: 'utf8', env: { ...process.env, AIRLOCK_BASELINE: '', XDG_CACHE_HOME: path.join(dir, 'cache') } });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    }

    it('run leaves its verdicts beside the relay socket, read-only inside: an AI cannot add or change one', () => {
      const ws = template.fresh();
      const view = 'v="$(dirname "$AIRLOCK_AUDIT_SOCKET")"';
      const r = inside(ws, `${view}; ls "$v" | grep -c '^secrets-'; for f in "$v"/secrets-*; do printf '[]' > "$f" && echo WROTE; done; touch "$v/secrets-forged" && echo CREATED; true`);
      assert.equal(r.status, 0, r.out);
      assert.ok(Number(r.out.split('\n')[0]) > 0, `no verdict files inside: ${r.out}`);
      assert.doesNotMatch(r.out, /WROTE|CREATED/);
      assert.match(r.out, /Read-only file system/);
    });

    it('a hook inside still refuses a search over a file that became a live secret after the run started (the view does not hold it)', () => {
      const ws = template.fresh();
      const token = new FakeTokens(13).github();
      const event = JSON.stringify({ session_id: 's', transcript_path: '/tmp/t', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Grep', tool_input: { pattern: token.slice(0, 12), path: ws, output_mode: 'content' }, tool_use_id: 't' });
      fs.writeFileSync(path.join(ws, '..', 'grep.json'), event);
      const r = inside(ws, `mkdir -p notes && printf 'k = "%s"\\n' '${token}' > notes/late.txt && "${process.execPath}" "${CLI}" hook --client claude-code < ../grep.json`);
      assert.equal(r.status, 2, r.out);
      assert.match(r.out, /notes\/late\.txt|not relaxed by the sandbox/);
      assert.ok(!r.out.includes(token));
      assert.deepEqual(leakedCanaries(r.out), []);
    });

    it("run lists its masks beside the relay socket, read-only inside: an AI cannot shorten or replace the list", () => {
      const ws = template.fresh();
      const r = inside(ws, `v="$(dirname "$AIRLOCK_AUDIT_SOCKET")"; grep -c '"file"' "$v/masks.json"; printf '[]' > "$v/masks.json" && echo WROTE; mv "$v/masks.json" "$v/old" && echo MOVED; true`);
      assert.equal(r.status, 0, r.out);
      assert.ok(Number(r.out.split('\n')[0]) > 0, `no file masks listed: ${r.out}`);
      assert.doesNotMatch(r.out, /WROTE|MOVED/);
      assert.match(r.out, /Read-only file system/);
    });

    it('a Grep over the tree goes ahead inside, and is refused once the AI writes a protected file the masks do not cover', () => {
      const ws = template.fresh();
      const event = JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Grep', input: { pattern: 'CANARY', path: ws, output_mode: 'content' } }, ws));
      fs.writeFileSync(path.join(ws, '..', 'grep.json'), event);
      const hook = `"${process.execPath}" "${CLI}" hook --client claude-code < ../grep.json`;
      const clean = inside(ws, hook);
      assert.equal(clean.status, 0, clean.out);
      const late = inside(ws, `mkdir -p late && echo ${CANARIES['.env']} > late/.env && ${hook}`);
      assert.equal(late.status, 2, late.out);
      assert.match(late.out, /does not mask "late\/\.env"/);
      assert.deepEqual(leakedCanaries(late.out), []);
    });
  });
});
