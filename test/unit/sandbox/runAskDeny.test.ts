// Inside a verified `airlock run` the agent's own file tools run in the sandbox: an approved Read
// of a masked file would hand the AI the empty mask, an approved Edit of a frozen file would fail.
// The hook answers such calls `deny` with the reason, and keeps `ask` wherever an approval can
// work (outside a run, a file the kernel leaves writable, a look-alike sandbox). Real CLI, real
// bubblewrap, the hook run inside `airlock run` as a client's hook runs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { auditDirFor } from '../../../src/core/audit/auditLocation';
import type { ClientId } from '../../../src/core/words/clientTypes';
import { buildCli, CLI } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

const CANARY = 'AIRLOCK_CANARY_RUNASK_7d21';

const policy = (mode: 'enforce' | 'monitor'): string =>
  JSON.stringify({
    version: 1,
    mode,
    secrets: 'ask',
    classes: {
      restricted: { read: 'ask', edit: 'deny' },
      migrations: { read: 'allow', edit: 'ask' },
      secret: { read: 'deny', edit: 'deny' },
    },
    rules: [
      { paths: ['/infra/'], class: 'restricted' },
      { paths: ['/db/migrations/*.sql'], class: 'migrations' },
      { paths: ['**/.env'], class: 'secret' },
    ],
    outside: 'allow',
  });

const FILES: Record<string, string> = {
  'infra/main.tf': `resource "x" {} # ${CANARY}\n`,
  'db/migrations/001_init.sql': 'create table t (id int);\n',
  'src/app.ts': 'export const app = 1;\n',
  '.env': `TOKEN=${CANARY}\n`,
};

interface Call {
  readonly client?: ClientId;
  readonly tool: string;
  readonly input: Record<string, unknown>;
}
interface Answer {
  readonly status: number;
  readonly out: string;
}

/** Claude Code's reading of a PreToolUse answer: exit 2 blocks, else the JSON's decision, else none. */
function verdictOf(a: Answer): 'allow' | 'ask' | 'deny' {
  if (a.status === 2) return 'deny';
  assert.equal(a.status, 0, a.out);
  const m = /"permissionDecision":"(allow|ask|deny)"/.exec(a.out);
  return m === null ? 'allow' : (m[1] as 'allow' | 'ask' | 'deny');
}

describe('inside a verified airlock run, an approval that cannot work is a denial (real bubblewrap)', function () {
  this.timeout(300_000);
  let ws: TempWorkspace;
  before(() => buildCli());
  beforeEach(() => {
    ws = tempWorkspace(FILES);
    ws.policy(policy('enforce'));
  });
  afterEach(() => {
    ws.dispose();
  });

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...process.env, AIRLOCK_BASELINE: '', ...extra });

  /**
   * Runs the hook once per call inside `wrapper` (e.g. `airlock run --`), in one sandbox; the
   * payloads are written next to the workspace (outside it) and read from inside.
   */
  function hooks(wrapper: readonly string[], calls: readonly Call[], extraEnv: NodeJS.ProcessEnv = {}): Answer[] {
    const dir = path.dirname(ws.root);
    const base = path.basename(ws.root);
    const lines = calls.map((c, i) => {
      const file = path.join(dir, `${base}-call-${i}.json`);
      writeFileSync(file, JSON.stringify(hookPayload({ client: c.client ?? 'claude-code', tool: c.tool, input: c.input }, ws.root, i)));
      return `"${process.execPath}" "${CLI}" hook --client ${c.client ?? 'claude-code'} < "${file}" 2>&1; echo "@@end $?"`;
    });
    const cmd = wrapper.length === 0 ? ['/bin/bash', '-c', lines.join('\n')] : [...wrapper, '/bin/bash', '-c', lines.join('\n')];
    const r = spawnSync(cmd[0], cmd.slice(1), { cwd: ws.root, encoding: 'utf8', env: env(extraEnv), timeout: 240_000 });
    const text = `${r.stdout}`;
    const parts = text.split(/^@@end (\d+)\n/m);
    const out: Answer[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) out.push({ out: parts[i], status: Number(parts[i + 1]) });
    assert.equal(out.length, calls.length, `${r.stdout}${r.stderr}`);
    return out;
  }

  const RUN = [process.execPath, CLI, 'run', '--'];
  const readInfra: Call = { tool: 'Read', input: { file_path: 'infra/main.tf' } };
  const editMigration: Call = { tool: 'Edit', input: { file_path: 'db/migrations/001_init.sql', old_string: 'id int', new_string: 'id bigint' } };

  it('a Read of a masked read-ask file and an Edit of a frozen edit-ask file are denied, saying why and what a person can do', () => {
    const [read, edit] = hooks(RUN, [readInfra, editMigration]);
    assert.equal(verdictOf(read), 'deny', read.out);
    assert.match(read.out, /the kernel masks it \(it reads as empty\), so an approval could not give the AI its content/);
    assert.match(read.out, /open it yourself, or start the agent outside `airlock run` to be asked/);
    assert.match(read.out, /"infra\/main\.tf" is class "restricted"/);
    assert.equal(verdictOf(edit), 'deny', edit.out);
    assert.match(edit.out, /the kernel keeps it read-only, so an approval could not let the AI write it/);
    assert.match(edit.out, /edit it yourself, or start the agent outside `airlock run` to be asked/);
    assert.ok(!read.out.includes(CANARY) && !edit.out.includes(CANARY));
  });

  it('the same calls outside a run still ask: there an approval works', () => {
    const [read, edit] = hooks([], [readInfra, editMigration]);
    assert.equal(verdictOf(read), 'ask', read.out);
    assert.equal(verdictOf(edit), 'ask', edit.out);
    assert.doesNotMatch(`${read.out}${edit.out}`, /airlock run/);
  });

  it('ordinary files still go ahead; deny stays deny; a file the kernel leaves writable still asks', () => {
    const answers = hooks(RUN, [
      { tool: 'Read', input: { file_path: 'src/app.ts' } },
      { tool: 'Edit', input: { file_path: 'src/app.ts', old_string: 'app = 1', new_string: 'app = 2' } },
      { tool: 'Read', input: { file_path: 'db/migrations/001_init.sql' } },
      { tool: 'Read', input: { file_path: '.env' } },
      // A new file the edit-ask rule matches, in a folder the policy does not classify as a whole:
      // the kernel does not stop its creation, so an approval works and the question stays.
      { tool: 'Write', input: { file_path: 'db/migrations/002_more.sql', content: 'select 1;\n' } },
    ]);
    assert.deepEqual(answers.map(verdictOf), ['allow', 'allow', 'allow', 'deny', 'ask'], answers.map((a) => a.out).join('\n---\n'));
    assert.doesNotMatch(answers[3].out, /an approval could not/, 'a policy deny keeps its own reason');
    assert.doesNotMatch(answers[4].out, /an approval could not/);
  });

  it('other spellings and tools of the same files are denied too: a symlink, an absolute path, Grep of the file, MultiEdit, Write over it', () => {
    symlinkSync('infra/main.tf', path.join(ws.root, 'notes.tf'));
    const answers = hooks(RUN, [
      { tool: 'Read', input: { file_path: 'notes.tf' } },
      { tool: 'Read', input: { file_path: path.join(ws.root, 'infra/main.tf') } },
      { tool: 'Grep', input: { pattern: 'resource', path: 'infra/main.tf', output_mode: 'content' } },
      { tool: 'MultiEdit', input: { file_path: 'db/migrations/001_init.sql', edits: [{ old_string: 'id', new_string: 'key' }] } },
      { tool: 'Write', input: { file_path: path.join(ws.root, 'db/migrations/001_init.sql'), content: 'drop table t;\n' } },
    ]);
    assert.deepEqual(answers.map(verdictOf), ['deny', 'deny', 'deny', 'deny', 'deny'], answers.map((a) => a.out).join('\n---\n'));
    for (const a of answers.slice(0, 3)) assert.match(a.out, /kernel masks it/);
    for (const a of answers.slice(3)) assert.match(a.out, /kernel keeps it read-only/);
  });

  it('clients that cannot ask get the honest reason instead of "cannot ask" (Codex, Copilot CLI)', () => {
    const [codex, copilot] = hooks(RUN, [
      // Codex runs `apply_patch` through its shell tool and applies it itself: judged as an edit.
      { client: 'codex', tool: 'Bash', input: { command: "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: db/migrations/001_init.sql\n@@\n-create table t (id int);\n+create table t (id bigint);\n*** End Patch\nEOF" } },
      { client: 'copilot-cli', tool: 'view', input: { path: path.join(ws.root, 'infra/main.tf') } },
    ]);
    assert.equal(codex.status, 2, codex.out);
    assert.match(codex.out, /kernel keeps it read-only/);
    assert.doesNotMatch(codex.out, /cannot ask/);
    assert.match(copilot.out, /"permissionDecision":"deny"/);
    assert.match(copilot.out, /kernel masks it/);
  });

  it('the audit log carries the real verdict and reason', () => {
    hooks(RUN, [readInfra]);
    const records = readFileSync(path.join(auditDirFor(ws.root), 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = records[records.length - 1];
    assert.equal(last.verdict, 'deny', JSON.stringify(last));
    assert.match(String(last.reason), /kernel masks it \(it reads as empty\)/);
  });

  it('monitor mode records the denial without blocking', () => {
    ws.policy(policy('monitor'));
    const [read] = hooks(RUN, [readInfra]);
    assert.equal(verdictOf(read), 'allow', read.out);
    const records = readFileSync(path.join(auditDirFor(ws.root), 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = records[records.length - 1];
    assert.match(String(last.reason), /monitor mode \(allowed; enforcement would deny\).*kernel masks it/);
  });

  it('a file masked at the start for a live secret: the hook inside scans only the empty mask, yet its Read is denied, not allowed', () => {
    const token = new FakeTokens(11).github();
    ws.write('notes/creds.txt', `export const key = "${token}";\n`);
    const [read, size] = hooks(RUN, [{ tool: 'Read', input: { file_path: 'notes/creds.txt' } }, { tool: 'Read', input: { file_path: 'src/app.ts' } }]);
    assert.equal(verdictOf(read), 'deny', read.out);
    assert.match(read.out, /"notes\/creds\.txt" is masked inside `airlock run`.*a read would return the empty mask, not the file/);
    assert.ok(!read.out.includes(token));
    assert.equal(verdictOf(size), 'allow', size.out);
    // Outside the run the file is scanned for real: the policy's `secrets` verdict asks.
    const [outside] = hooks([], [{ tool: 'Read', input: { file_path: 'notes/creds.txt' } }]);
    assert.equal(verdictOf(outside), 'ask', outside.out);
  });

  it('a live secret written after the start is not masked: its Read still asks (an approval can read it)', () => {
    const token = new FakeTokens(12).github();
    const file = path.join(path.dirname(ws.root), `${path.basename(ws.root)}-read.json`);
    writeFileSync(file, JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Read', input: { file_path: 'notes/late.txt' } }, ws.root)));
    const script = `mkdir -p notes && printf 'export const key = "%s";\\n' '${token}' > notes/late.txt && "${process.execPath}" "${CLI}" hook --client claude-code < "${file}"; echo "@@end $?"`;
    const r = spawnSync(process.execPath, [CLI, 'run', '--', '/bin/bash', '-c', script], { cwd: ws.root, encoding: 'utf8', env: env() });
    const m = /^([\s\S]*)@@end (\d+)\n$/m.exec(r.stdout);
    assert.ok(m !== null, `${r.stdout}${r.stderr}`);
    assert.equal(verdictOf({ out: m[1], status: Number(m[2]) }), 'ask', r.stdout);
    assert.match(m[1], /holds a live secret/);
  });

  describe('attacker: nothing but the verified sandbox switches this on (it only tightens, but must be the real check)', () => {
    it('a look-alike mount table (.airlock read-only, nothing masked) is not verified: the calls still ask', () => {
      const fake = ['/usr/bin/bwrap', '--bind', '/', '/', '--dev', '/dev', '--ro-bind', path.join(ws.root, '.airlock'), path.join(ws.root, '.airlock'), '--'];
      const [read, edit] = hooks(fake, [readInfra, editMigration]);
      assert.equal(verdictOf(read), 'ask', read.out);
      assert.equal(verdictOf(edit), 'ask', edit.out);
    });

    it('a masked file but the rest writable (a hand-made partial sandbox) is not verified: the Edit still asks', () => {
      const fake = ['/usr/bin/bwrap', '--bind', '/', '/', '--dev', '/dev', '--ro-bind', path.join(ws.root, '.airlock'), path.join(ws.root, '.airlock'), '--ro-bind', '/dev/null', path.join(ws.root, 'infra/main.tf'), '--ro-bind', '/dev/null', path.join(ws.root, '.env'), '--'];
      const [edit] = hooks(fake, [editMigration]);
      assert.equal(verdictOf(edit), 'ask', edit.out);
    });

    it('environment variables claiming a sandbox change nothing', () => {
      const [read, edit] = hooks([], [readInfra, editMigration], { AIRLOCK_SANDBOX: '1', AIRLOCK_CONFINED: '1', AIRLOCK_RUN: '1', container: 'airlock' });
      assert.equal(verdictOf(read), 'ask', read.out);
      assert.equal(verdictOf(edit), 'ask', edit.out);
    });
  });
});
