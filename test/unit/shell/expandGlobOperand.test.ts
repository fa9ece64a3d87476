import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandGlob, expandGlobOperand } from '../../../src/core/shell/expandGlobOperand';

const FILES = [
  '.env', '.env.local', 'a.env', 'b.env', 'app.ts', 'README.md', 'weird[1].txt', 'sp ace.txt',
  'src/x.ts', 'src/.hidden.ts', 'src/deep/y.ts', 'src/deep/deeper/z.ts', 'src/deep/.env',
  '.git/config', '.hidden/z.ts', 'secrets/key.pem', 'secrets/.dot.pem', 'secrets/sub/inner.pem',
  'config/prod.env', 'config/dev.env',
];

/** Real bash (globstar, nullglob) is the oracle: what would the shell hand to the command? */
function bashGlob(pattern: string, cwd: string): string[] {
  const out = execFileSync('bash', ['-O', 'globstar', '-O', 'nullglob', '-c', `for f in ${pattern}; do printf '%s\\0' "$f"; done`], { cwd, encoding: 'utf8' });
  return out.split('\0').filter((s) => s !== '').map((f) => path.resolve(cwd, f)).sort();
}

describe('expandGlobOperand', () => {
  let root: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-glob-')));
    for (const f of FILES) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), 'x');
    }
    fs.symlinkSync(path.join(root, 'secrets'), path.join(root, 'src', 'linked-secrets'));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const patterns: Array<[string, string]> = [
    ['.e*', ''],
    ['*', ''],
    ['*.env', ''],
    ['{a,b}.env', ''],
    ['{a,.env,missing}*', ''],
    ['[ab].env', ''],
    ['?.env', ''],
    ['**/*.ts', ''],
    ['**/*.pem', ''],
    ['**/.env', ''],
    ['src/**', ''],
    ['**', 'src'],
    ['secrets/*', ''],
    ['secrets/.*pem', ''],
    ['src/*/y.ts', ''],
    ['*/*.env', ''],
    ['../.e*', 'src'],
    ['../config/*.env', 'src/deep'],
    ['weird\\[1\\].txt', ''],
    ['weird[[]1].txt', ''],
    ['sp\\ ace*', ''],
    ['src/linked-secrets/*', ''],
    ['nothing*', ''],
  ];

  for (const [pattern, sub] of patterns) {
    it(`matches bash for ${pattern}${sub !== '' ? ` in ${sub}/` : ''}`, () => {
      const cwd = path.join(root, sub);
      assert.deepEqual(expandGlobOperand(pattern, cwd, root), bashGlob(pattern, cwd));
    });
  }

  it('returns absolute paths and matches dotfiles only with an explicit dot', () => {
    const matches = expandGlobOperand('*env*', root, root);
    assert.ok(matches.every((m) => path.isAbsolute(m)));
    assert.ok(!matches.includes(path.join(root, '.env')));
    assert.ok(expandGlobOperand('.env*', root, root).includes(path.join(root, '.env')));
  });

  it('expands absolute patterns', () => {
    assert.deepEqual(expandGlobOperand(path.join(root, 'config', '*.env'), '/', root), [path.join(root, 'config/dev.env'), path.join(root, 'config/prod.env')]);
  });

  it('finds protected files below root when ** starts above it', () => {
    const parent = path.dirname(root);
    const matches = expandGlobOperand(`${parent}/**/secrets/key.pem`, '/', root);
    assert.deepEqual(matches, [path.join(root, 'secrets/key.pem')]);
  });

  it('stops at maxMatches and reports truncation', () => {
    const result = expandGlob('**', root, root, 3);
    assert.equal(result.matches.length, 3);
    assert.equal(result.truncated, true);
    assert.equal(expandGlob('*.env', root, root).truncated, false);
  });

  it('reports an oversized brace expansion as truncated', () => {
    assert.equal(expandGlob('f{1..100000}', root, root).truncated, true);
  });
});
