// Provenance under `airlock run`: `.airlock/` is read-only inside, so AI edits made there were not
// recorded at all (the snapshot folder could not be created and the record could not be written;
// the hook said nothing). A hook inside now hands its records to `run`, which stores them outside.
// Attacked: the relay takes only what hooks write (AI lines, settled models), for this workspace
// only; reviews, human marks and retirements never come from inside, and nothing inside writes
// the records folder itself. Real bubblewrap, the built CLI, real provenance reads afterwards.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveAuditDir } from '../../../src/core/audit/auditLocation';
import { serializeRecord } from '../../../src/core/provenance/recordCodec';
import { recordBase } from '../../../src/core/provenance/recordBuild';
import { storeRelayedRecords } from '../../../src/core/provenance/recordRelay';
import { readAllRecords } from '../../../src/core/provenance/recordStore';
import type { ProvenanceRecord } from '../../../src/core/provenance/recordTypes';
import { CLI } from '../../helpers/builtCli';
import { sandboxSuite } from '../../helpers/sandboxWorkspace';

const base = (file: string): ReturnType<typeof recordBase> => recordBase(file, '2026-12-04T00:00:00.000Z', '0123456789abcdef', []);
const forms: Record<string, ProvenanceRecord> = {
  ai: { ...base('src/app.ts'), kind: 'ai', tool: 'claude-code', model: 'm', session: 's', state: 'ai' },
  review: { ...base('src/app.ts'), kind: 'review', reviewer: 'AI <ai@example.com>' },
  human: { ...base('src/app.ts'), kind: 'human' },
  retire: { ...base('src/app.ts'), kind: 'retire', records: ['x'] },
};

describe('provenance under airlock run: hooks inside hand their records to run', function () {
  const template = sandboxSuite(this, 300_000);

  describe("run's side (storeRelayedRecords)", () => {
    let root = '';
    let other = '';
    beforeEach(() => {
      root = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-relayed-')));
      other = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-relayed-other-')));
    });
    afterEach(() => {
      rmSync(root, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    });

    it('stores AI-line records for its own workspace', () => {
      assert.equal(storeRelayedRecords(root, root, [serializeRecord(forms.ai)]), null);
      assert.deepEqual(readAllRecords(root).records.map((r) => r.kind), ['ai']);
    });

    it('attack: a review, a human mark, a retirement, another workspace, a broken record, a path out of the store: refused, nothing stored', () => {
      for (const kind of ['review', 'human', 'retire']) assert.match(storeRelayedRecords(root, root, [serializeRecord(forms.ai), serializeRecord(forms[kind])]) ?? '', new RegExp(`"${kind}" record never comes from a hook`), kind);
      assert.match(storeRelayedRecords(root, other, [serializeRecord(forms.ai)]) ?? '', /another workspace/);
      assert.notEqual(storeRelayedRecords(root, root, ['{"format":']), null);
      assert.notEqual(storeRelayedRecords(root, root, [serializeRecord({ ...forms.ai, file: '../outside.ts' } as ProvenanceRecord)]), null);
      assert.deepEqual(readAllRecords(root).records, []);
      assert.ok(!existsSync(path.join(root, '..', 'outside.ts')));
    });
  });

  function inside(ws: string, script: string): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [CLI, 'run', '--', '/bin/bash', '-c', script], { cwd: ws, encoding: 'utf8', env: { ...process.env, AIRLOCK_BASELINE: '' } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it("an AI edit inside run (a fresh clone: no .airlock/cache yet) is recorded outside, with its audit event, and the hook's output is clean", () => {
    const ws = template.fresh();
    assert.ok(!existsSync(path.join(ws, '.airlock', 'cache')));
    const file = path.join(ws, 'src', 'app.ts');
    const pre = { session_id: 's1', transcript_path: '/tmp/airlock-none.jsonl', cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: file, content: 'export const fromAi = 1;\n' }, tool_use_id: 'tu-run-1' };
    writeFileSync(path.join(ws, '..', 'pre.json'), JSON.stringify(pre));
    writeFileSync(path.join(ws, '..', 'post.json'), JSON.stringify({ ...pre, hook_event_name: 'PostToolUse', tool_response: { filePath: file, success: true } }));
    const hook = (which: string): string => `"${process.execPath}" "${CLI}" hook --client claude-code < ../${which}.json`;
    const r = inside(ws, `${hook('pre')} && printf 'export const fromAi = 1;\\n' > src/app.ts && ${hook('post')}`);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /snapshot failed|not recorded|could not/);
    const records = readAllRecords(ws).records;
    assert.deepEqual(records.map((x) => [x.kind, x.file]), [['ai', 'src/app.ts']]);
    const audit = readFileSync(path.join(resolveAuditDir(ws).dir, 'audit.jsonl'), 'utf8');
    assert.match(audit, /"kind":"ai-edit"[^\n]*"src\/app\.ts"/);
    const summary = spawnSync(process.execPath, [CLI, 'provenance', 'summary'], { cwd: ws, encoding: 'utf8' });
    assert.match(summary.stdout, /\*\*1\*\* AI-written line/);
  });

  it('attack from inside: the records folder cannot be written, and the relay refuses a review, a human mark and a record for another workspace', () => {
    const ws = template.fresh();
    const records = path.join(ws, '.airlock', 'provenance', 'records');
    const send = (kind: string, root: string): string => {
      const body = JSON.stringify({ dir: resolveAuditDir(ws).dir, root, records: [serializeRecord(forms[kind])] });
      return `"${process.execPath}" -e "const c=require('net').createConnection(process.env.AIRLOCK_AUDIT_SOCKET);let a='';c.on('connect',()=>c.end(process.argv[1]));c.on('data',d=>a+=d);c.on('close',()=>console.log('${kind}:'+a))" '${body}'`;
    };
    const script = [
      `mkdir -p ${records}/src/app.ts 2>/dev/null && echo WROTE || echo refused`,
      send('review', ws),
      send('human', ws),
      send('ai', '/tmp'),
    ].join('; ');
    const r = inside(ws, script);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^refused$/m);
    assert.match(r.stdout, /review:error: a "review" record never comes from a hook/);
    assert.match(r.stdout, /human:error: a "human" record never comes from a hook/);
    assert.match(r.stdout, /ai:error: records for another workspace/);
    assert.deepEqual(readAllRecords(ws).records, []);
  });
});
