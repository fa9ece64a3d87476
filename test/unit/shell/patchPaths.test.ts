import * as assert from 'node:assert/strict';
import { extractPatchPaths, looksLikePatch, parsePatchFiles } from '../../../src/core/shell/patchPaths';

const CODEX_PATCH = [
  '*** Begin Patch',
  '*** Update File: src/app.ts',
  '@@ export function main(): void {',
  "-  console.log(greet(name));",
  '+  const message = greet(name);',
  '*** Add File: secrets/new.key',
  '+AKIA...',
  '*** Delete File: .env',
  '*** Update File: src/old name.ts',
  '*** Move to: infra/prod/moved.ts',
  '@@',
  '-a',
  '+b',
  '*** End Patch',
].join('\n');

describe('hook: patch paths', () => {
  it('reads every file of a Codex / VS Code apply_patch, moves included', () => {
    assert.deepEqual(extractPatchPaths(CODEX_PATCH), ['src/app.ts', 'secrets/new.key', '.env', 'src/old name.ts', 'infra/prod/moved.ts']);
    const files = parsePatchFiles(CODEX_PATCH);
    assert.deepEqual(files.map((f) => [f.path, f.operation, f.movedTo ?? '']), [
      ['src/app.ts', 'update', ''],
      ['secrets/new.key', 'add', ''],
      ['.env', 'delete', ''],
      ['src/old name.ts', 'update', 'infra/prod/moved.ts'],
    ]);
    assert.equal(files[1]?.body, '+AKIA...');
    assert.ok(files[0]?.body.includes('+  const message = greet(name);'));
  });

  it('reads unified diffs, dropping a/ b/ prefixes and timestamps', () => {
    const diff = [
      'diff --git a/src/x.ts b/src/x.ts',
      '--- a/src/x.ts\t2026-01-01 00:00:00',
      '+++ b/src/x.ts\t2026-01-01 00:00:01',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      '--- /dev/null',
      '+++ b/.env.production',
      '@@ -0,0 +1 @@',
      '+KEY=1',
    ].join('\n');
    assert.deepEqual(parsePatchFiles(diff).map((f) => [f.path, f.operation]), [['src/x.ts', 'update'], ['.env.production', 'add']]);
  });

  it('tells patches from other text', () => {
    assert.equal(looksLikePatch(CODEX_PATCH), true);
    assert.equal(looksLikePatch("apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: a\n+x\n*** End Patch\nEOF"), true);
    assert.equal(looksLikePatch('cat .env | grep KEY'), false);
    assert.deepEqual(extractPatchPaths('no patch here'), []);
  });
});
