// Two developers and eight hook processes: the record store cannot conflict in git (every record
// is a new file with a unique name) and cannot lose a concurrent write.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { structuredPatch } from 'diff';
import { loadCurrentAnnotations } from '../../../src/core/provenance/summaryCurrent';
import { aiText, BASE_FILES, claudeEdit, measure, read, write } from './scenarioKit';
import { git, initRepo, tempDir } from './provenanceTestKit';

function commitAll(repo: string, message: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
}

function clone(origin: string, name: string): string {
  const dir = path.join(tempDir(`airlock-${name}-`), name);
  git(path.dirname(dir), 'clone', '-q', origin, dir);
  git(dir, 'config', 'user.email', `${name}@example.com`);
  git(dir, 'config', 'user.name', name);
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

/** A shared origin with the base service; alice and bob each let an AI edit src/orders.ts. */
async function twoDevelopers(): Promise<{ origin: string; alice: string; bob: string }> {
  const seed = fs.realpathSync(initRepo('airlock-team-'));
  for (const [rel, text] of Object.entries(BASE_FILES)) write(seed, rel, text);
  commitAll(seed, 'base');
  const origin = path.join(tempDir('airlock-origin-'), 'origin.git');
  git(path.dirname(origin), 'clone', '-q', '--bare', seed, origin);
  const alice = clone(origin, 'alice');
  const bob = clone(origin, 'bob');
  await claudeEdit(alice, 'src/orders.ts', 'export function total(order: Order): number {', aiText([
    'export function average(order: Order): number {',
    '  return order.items.length === 0 ? 0 : total(order) / order.items.length;',
    '}',
    '',
  ]) + '\nexport function total(order: Order): number {', 'toolu_alice');
  commitAll(alice, 'alice: average');
  await claudeEdit(bob, 'src/orders.ts', 'export function isEmpty(order: Order): boolean {', aiText([
    'export function hasSku(order: Order, sku: string): boolean {',
    '  return order.items.some((item) => item.sku === sku);',
    '}',
    '',
  ]) + '\nexport function isEmpty(order: Order): boolean {', 'toolu_bob');
  commitAll(bob, 'bob: hasSku');
  git(alice, 'push', '-q', 'origin', 'main');
  return { origin, alice, bob };
}

describe('provenance/team: two developers, concurrent hooks', function () {
  this.timeout(120_000);

  for (const mode of ['merge', 'rebase'] as const) {
    it(`two developers' AI edits of one file: ${mode}, both ways — 0 conflicts in Airlock files, 100% kept`, async () => {
      const { alice, bob } = await twoDevelopers();
      // bob integrates alice's push.
      git(bob, 'fetch', '-q', 'origin');
      if (mode === 'merge') git(bob, 'merge', '-q', '--no-edit', 'origin/main');
      else git(bob, 'rebase', '-q', 'origin/main');
      assert.equal(git(bob, 'diff', '--name-only', '--diff-filter=U'), '', 'no conflict at all');
      const onBob = measure(bob);
      assert.equal(onBob.truth, 6);
      assert.equal(onBob.hit, 6, 'both developers\' AI lines are kept');
      assert.equal(onBob.precision, 1);
      // And the other way: alice integrates bob's work.
      git(bob, 'push', '-q', 'origin', 'HEAD:refs/heads/bob');
      git(alice, 'fetch', '-q', 'origin');
      if (mode === 'merge') git(alice, 'merge', '-q', '--no-edit', 'origin/bob');
      else git(alice, 'rebase', '-q', 'origin/bob');
      assert.equal(git(alice, 'diff', '--name-only', '--diff-filter=U'), '');
      const onAlice = measure(alice);
      assert.equal(onAlice.hit, 6);
      assert.equal(onAlice.precision, 1);
      assert.deepEqual(onAlice.taggedLines, onBob.taggedLines);
      const records = git(alice, 'ls-files', '.airlock/provenance').split('\n');
      assert.equal(records.length, 2, 'one record per AI edit, both present');
    });
  }

  it('8 concurrent hook processes capturing edits of one file lose nothing', async () => {
    const root = fs.realpathSync(initRepo('airlock-conc-'));
    write(root, 'src/list.ts', 'export const items = [\n];\n');
    commitAll(root, 'base');
    const payloads: string[] = [];
    const dir = tempDir('airlock-payloads-');
    // Each of 8 AI calls inserts 5 lines; all land on disk before any post hook runs.
    for (let n = 0; n < 8; n++) {
      const file = path.join(root, 'src/list.ts');
      const original = read(root, 'src/list.ts');
      const lines = Array.from({ length: 5 }, (_, k) => `  { id: ${n * 5 + k}, label: 'item ${n}-${k}' },`);
      const updated = original.replace('];\n', `${aiText(lines)}\n];\n`);
      fs.writeFileSync(file, updated);
      const patch = structuredPatch(file, file, original, updated, '', '', { context: 3 });
      const payload = {
        session_id: 'conc-session',
        cwd: root,
        hook_event_name: 'PostToolUse',
        tool_name: 'Edit',
        tool_input: { file_path: file, old_string: '];\n', new_string: `${lines.join('\n')}\n];\n` },
        tool_response: { filePath: file, originalFile: original, structuredPatch: patch.hunks, userModified: false },
        tool_use_id: `toolu_conc_${n}`,
      };
      payloads.push(path.join(dir, `p${n}.json`));
      fs.writeFileSync(payloads[n], JSON.stringify(payload));
    }
    const startAt = Date.now() + 1500;
    const exits = await Promise.all(
      payloads.map(
        (p) =>
          new Promise<number>((resolve) => {
            const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), path.join(__dirname, 'captureWorker.ts'), root, p, String(startAt)], { stdio: 'ignore' });
            child.on('exit', (code) => resolve(code ?? 1));
          }),
      ),
    );
    assert.deepEqual(exits, [0, 0, 0, 0, 0, 0, 0, 0]);
    const current = loadCurrentAnnotations(root);
    assert.deepEqual(current.problems, []);
    const m = measure(root);
    assert.equal(m.truth, 40);
    assert.equal(m.hit, 40, 'all 40 annotations kept');
    assert.equal(m.precision, 1);
    assert.equal(current.recordedLines, 40);
  });
});
