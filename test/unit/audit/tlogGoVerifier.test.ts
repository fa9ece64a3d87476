// The audit log checked by an independent verifier: a Go program built only on
// golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's golang-golang-x-mod-dev, Debian's Go,
// offline, GOPATH mode) verifies Airlock's checkpoint signature, recomputes the tree hash from the
// raw log file, checks Airlock's inclusion proof and the consistency of two checkpoints.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { runCli } from '../../../src/cli/runCli';
import { readLines, sampleEvent, writeLines } from './auditTestUtil';
import { auditRepo } from '../../helpers/auditRepo';

const SOURCE = path.join(__dirname, '..', '..', 'fixtures', 'tlog-verifier', 'main.go');

async function airlock(root: string, home: string, ...argv: string[]): Promise<string> {
  let out = '';
  const code = await runCli({ argv: [...argv, '--root', root], cwd: root, env: { HOME: home }, stdout: (t) => (out += t), stderr: (t) => (out += t), readStdin: () => Promise.resolve(''), now: () => new Date() });
  assert.equal(code, 0, out);
  return out;
}

describe('independent verification with Go sumdb/tlog + note', function () {
  this.timeout(180_000);
  let bin = '';
  let work = '';

  before(() => {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-tlog-go-')));
    bin = path.join(work, 'tlog-verifier');
    // GOPATH mode over Debian's /usr/share/gocode: no module download, no network.
    const env = { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '', GOCACHE: path.join(work, 'gocache'), GOPROXY: 'off' };
    execFileSync('go', ['build', '-o', bin, SOURCE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  });

  it('verifies checkpoints, tree hash, inclusion and consistency of a real log; rejects a tampered one', async () => {
    const { root, home, dir } = auditRepo({ base: work });
    for (let i = 1; i <= 30; i++) appendAuditEvents(dir, [sampleEvent(i)]);
    const oldNote = path.join(work, 'old.note');
    fs.writeFileSync(oldNote, (JSON.parse(await airlock(root, home, 'audit', 'checkpoint', '--json')) as { note: string }).note);
    appendAuditEvents(dir, [sampleEvent(31), sampleEvent(32), sampleEvent(33)]);
    for (let i = 34; i <= 57; i++) appendAuditEvents(dir, [sampleEvent(i)]);
    const newNote = path.join(work, 'new.note');
    fs.writeFileSync(newNote, (JSON.parse(await airlock(root, home, 'audit', 'checkpoint', '--json')) as { note: string }).note);
    const vkey = (await airlock(root, home, 'audit', 'key')).trim();
    const proofFile = path.join(work, 'proof.json');
    fs.writeFileSync(proofFile, await airlock(root, home, 'audit', 'prove', '--index', '23'));
    const log = path.join(dir, 'audit.jsonl');

    const run = (records: string, note = newNote): { status: number | null; out: string } => {
      const r = spawnSync(bin, [vkey, note, records, proofFile, oldNote], { encoding: 'utf8' });
      return { status: r.status, out: r.stdout + r.stderr };
    };
    const good = run(log);
    assert.equal(good.status, 0, good.out);
    assert.match(good.out, /^OK origin=airlock\.dev\/audit\/\S+ size=57 record=23 consistent-with=30$/m);

    // A record rewritten: the Go verifier's own tree hash no longer matches the signed root.
    const lines = readLines(log);
    const forged = path.join(work, 'forged.jsonl');
    writeLines(forged, lines.map((l, i) => (i === 10 ? l.replace('"reason":"event 11"', '"reason":"event eleven"') : l)));
    const bad = run(forged);
    assert.equal(bad.status, 1, bad.out);
    assert.match(bad.out, /tree hash of the records/);

    // A checkpoint whose size was changed after signing: the note signature fails.
    const badNote = path.join(work, 'bad.note');
    fs.writeFileSync(badNote, fs.readFileSync(newNote, 'utf8').replace('\n57\n', '\n56\n'));
    const unsigned = run(log, badNote);
    assert.equal(unsigned.status, 1, unsigned.out);
    assert.match(unsigned.out, /note signature/);
  });
});
