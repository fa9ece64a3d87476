// Signed sign-off: reviews are records signed with the reviewer's SSH key (ssh-keygen -Y sign),
// verified by `airlock check` against the policy's allowed signers; a `review: "peer"` class
// refuses a review by the developer whose session wrote the lines. Each forgery is attempted.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';
import { readAllRecords, recordDirOf } from '../../../src/core/provenance/recordStore';
import { aiText, claudeEdit, write } from './scenarioKit';
import { git, initRepo, tempDir } from './provenanceTestKit';

const POLICY = `{
  "version": 1,
  "reviewSigners": ".airlock/allowed_signers",
  "classes": { "payments": { "read": "allow", "edit": "allow", "review": "peer", "risk": "high" } },
  "rules": [{ "paths": ["/src/pay/"], "class": "payments" }]
}`;

function keyPair(dir: string, name: string): { key: string; pub: string } {
  const key = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', key]);
  return { key, pub: fs.readFileSync(`${key}.pub`, 'utf8').trim() };
}

interface Check {
  code: number;
  violations: Array<{ kind: string; file?: string }>;
  refused: string[];
}

async function check(root: string): Promise<Check> {
  const r = await runAirlock(['check', '--json'], { cwd: root });
  const parsed = JSON.parse(r.stdout) as { violations: Check['violations']; provenance: { refusedReviews: string[] } };
  return { code: r.code, violations: parsed.violations, refused: parsed.provenance.refusedReviews };
}

async function review(root: string, as: string, key?: string): Promise<void> {
  git(root, 'config', 'user.email', `${as}@example.com`);
  git(root, 'config', 'user.name', as);
  const r = await runAirlock(['provenance', 'review', 'src/pay/charge.ts', ...(key ? ['--key', key] : [])], { cwd: root });
  assert.equal(r.code, 0, r.stderr);
}

describe('provenance/review: signed, verified, peer', function () {
  this.timeout(60_000);
  it('only a verified signature by someone other than the developer passes a peer class', async () => {
    const keys = tempDir('airlock-keys-');
    const alice = keyPair(keys, 'alice');
    const bob = keyPair(keys, 'bob');
    const root = fs.realpathSync(initRepo('airlock-review-'));
    git(root, 'config', 'user.email', 'alice@example.com');
    write(root, '.airlock/policy.json', POLICY);
    write(root, '.airlock/allowed_signers', `alice@example.com namespaces="airlock-review" ${alice.pub}\nbob@example.com namespaces="airlock-review" ${bob.pub}\n`);
    write(root, 'src/pay/charge.ts', 'export function charge(cents: number): number {\n  return cents;\n}\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    // Alice's AI session writes two lines through the hook; alice commits them.
    await claudeEdit(root, 'src/pay/charge.ts', '  return cents;', aiText(['  if (cents < 0) throw new Error(`negative charge: ${cents}`);', '  return Math.round(cents);']), 'toolu_pay');
    let c = await check(root);
    assert.equal(c.code, 1);
    assert.deepEqual(c.violations.map((v) => v.kind), ['unreviewed-ai-lines']);
    // Before the record is committed nobody can tell a peer from the developer: refused.
    await review(root, 'alice', alice.key);
    c = await check(root);
    assert.ok(c.refused.some((r) => /not committed yet/.test(r)), c.refused.join('\n'));
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'ai: validate charges');

    // Once committed (by alice), her own validly signed review is a self-review: refused.
    c = await check(root);
    assert.equal(c.code, 1);
    assert.ok(c.refused.some((r) => /self-review/.test(r)), c.refused.join('\n'));

    // "Bob" without a key (an AI can set git config, not hold a listed key): refused.
    await review(root, 'bob');
    c = await check(root);
    assert.equal(c.code, 1);
    assert.ok(c.refused.some((r) => /unsigned/.test(r)), c.refused.join('\n'));

    // Claiming to be bob but signing with alice's key: the signature is not bob's.
    await review(root, 'bob', alice.key);
    c = await check(root);
    assert.equal(c.code, 1);
    assert.ok(c.refused.some((r) => /does not verify for bob@example.com/.test(r)), c.refused.join('\n'));

    // Bob's real signed review passes ...
    await review(root, 'bob', bob.key);
    c = await check(root);
    assert.equal(c.code, 0, JSON.stringify(c));

    // ... and tampering with it afterwards (say, to cover more lines or rename the reviewer) breaks it.
    const dir = recordDirOf(root, 'src/pay/charge.ts');
    const signed = readAllRecords(root).records.filter((r) => r.kind === 'review' && r.reviewer.startsWith('bob') && r.signature !== undefined);
    const last = signed[signed.length - 1];
    const file = path.join(dir, `${last.id}.json`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"reviewer": "bob <bob@example.com>"', '"reviewer": "carol <carol@example.com>"'));
    c = await check(root);
    assert.equal(c.code, 1);
  });

  it('the policy fields are validated with line and column', async () => {
    const root = fs.realpathSync(initRepo('airlock-review2-'));
    write(root, '.airlock/policy.json', '{\n  "version": 1,\n  "reviewSigners": "../outside",\n  "classes": { "x": { "read": "allow", "edit": "allow", "review": "always" } }\n}\n');
    const r = await runAirlock(['check'], { cwd: root });
    assert.equal(r.code, 2);
    assert.match(r.stderr + r.stdout, /policy\.json:3:\d+.*reviewSigners/);
    assert.match(r.stderr + r.stdout, /policy\.json:4:\d+.*"required" or "peer"/);
  });
});
