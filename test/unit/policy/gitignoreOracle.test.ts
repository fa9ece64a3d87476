// Differential test: Airlock's pattern matcher against `git check-ignore --no-index`.
import assert from 'node:assert/strict';
import { compileGitignorePattern } from '../../../src/core/policy/gitignorePattern';
import { PatternSet } from '../../../src/core/policy/patternSet';
import { gitIgnores } from '../../helpers/gitOracle';

const PATTERNS = [
  // plain names and dotfiles
  '.env', '.env.*', '*.pem', 'secrets', 'secrets/', 'id_rsa*', '.git*', '.*', '*',
  // anchoring
  '/secrets', '/secrets/', '/config/*.yml', 'config/*.yml', 'src/auth/', '/src/auth', 'a/b', 'a/b/',
  // ** in every position
  '**/.env', '**/secrets/', '**/secrets/**', 'secrets/**', '/secrets/**', 'a/**/b', 'a/**/b/', '**/a/**/b/*.txt',
  '**', '**/*', '**/*.key', 'infra/**/prod/', 'a**b', '**a', 'a/**', '***/x', 'x/***',
  // ? and classes
  '?.txt', 'file?.md', '[abc].txt', '[!abc].txt', '[^abc].txt', '[a-c]*', 'x[0-9][0-9]', '[[:digit:]]*', '[]]x', '[!.]*',
  '*.[ch]', 'key[.-]pem',
  // escapes
  '\\#notes', '\\!important', 'with\\ space', 'trail\\ ', 'star\\*', 'q\\?', '\\[x]',
  // trailing spaces (stripped by git)
  'spaced   ',
  // middle slashes
  'docs/*.md', 'docs/**/*.md', '*/secret.txt', 'src/*/config/',
];

const PATHS = [
  '.env', '.env/', 'app/.env', '.env.local', 'app/.env.production', '.env.example', 'a.pem', 'certs/x.pem', 'x.pem/',
  'secrets', 'secrets/', 'secrets/db.txt', 'app/secrets/key', 'app/secrets/', 'id_rsa', '.ssh/id_rsa.pub', '.gitignore',
  '.github/workflows/ci.yml', 'config/a.yml', 'config/sub/a.yml', 'app/config/a.yml', 'src/auth/', 'src/auth/login.ts',
  'src/auth', 'x/src/auth/y.ts', 'a/b', 'a/b/', 'a/x/b', 'a/x/y/b/', 'a/b/c.txt', 'a/x/b/c.txt', 'ab', 'axb', 'a/xb',
  'x/axxb', 'xa', 'a/', 'a/z', 'infra/prod/', 'infra/eu/prod/main.tf', 'infra/prod.tf', 'b.txt', 'a.txt', 'd.txt', 'ab.txt',
  '..txt', 'file1.md', 'file12.md', 'x01', 'x0a', '5abc', ']x', 'm.c', 'm.h', 'm.cc', 'key.pem', 'key-pem', 'keyxpem',
  '#notes', 'docs/#notes', '!important', 'with space', 'trail ', 'trail', 'star*', 'starx', 'q?', 'qx', '[x]', 'x',
  'spaced', 'spaced   ', 'docs/a.md', 'docs/x/a.md', 'w/docs/a.md', 'q/secret.txt', 'q/r/secret.txt', 'secret.txt',
  'src/m/config/', 'src/m/config/a', 'src/config/a', 'README', 'Secrets/db.txt', '.ENV', 'deep/a/b/c/d/e/.env',
];

describe('gitignore pattern semantics (oracle: git check-ignore --no-index)', () => {
  it(`agrees with git on ${PATTERNS.length} patterns × ${PATHS.length} paths`, () => {
    assert.ok(PATTERNS.length * PATHS.length >= 2000, 'corpus of at least 2,000 pairs');
    const disagreements: string[] = [];
    for (const text of PATTERNS) {
      const compiled = compileGitignorePattern(text);
      assert.ok(compiled.ok, `pattern ${JSON.stringify(text)} compiles`);
      const set = new PatternSet([compiled.pattern]);
      const expected = gitIgnores(text, PATHS);
      assert.equal(expected.length, PATHS.length);
      PATHS.forEach((path, i) => {
        const isDir = path.endsWith('/');
        const rel = isDir ? path.slice(0, -1) : path;
        const ours = set.match(rel, isDir).exact !== -1;
        if (ours !== expected[i]) disagreements.push(`${JSON.stringify(text)} vs ${JSON.stringify(path)}: git=${expected[i]} airlock=${ours}`);
      });
    }
    assert.deepEqual(disagreements, []);
  });
});

/** Small deterministic PRNG so the generated corpus is the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('gitignore pattern semantics on a generated corpus', () => {
  it('agrees with git on a seeded random corpus of 1,000+ pattern × path pairs', () => {
    const rand = prng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const segs = ['a', 'b', 'ab', '.env', '.e', 'x.md', 'k.pem', 'Dir'];
    const patSegs = ['a', 'b', '*', '?', '**', '[ab]', '[!a]', 'a*', '*.md', '.e*', '\\*', '.env', '[a-c]?', 'D*'];
    const patterns: string[] = [];
    for (let i = 0; i < 30; i++) {
      const n = 1 + Math.floor(rand() * 3);
      let p = Array.from({ length: n }, () => pick(patSegs)).join('/');
      if (rand() < 0.3) p = `/${p}`;
      if (rand() < 0.3) p = `${p}/`;
      if (!p.startsWith('#') && !p.startsWith('!')) patterns.push(p);
    }
    const paths = new Set<string>();
    while (paths.size < 40) {
      const n = 1 + Math.floor(rand() * 4);
      const p = Array.from({ length: n }, () => pick(segs)).join('/');
      paths.add(rand() < 0.25 ? `${p}/` : p);
    }
    // A path must not be both a file and a directory in one corpus.
    const list = [...paths].filter((p) => !(p.endsWith('/') ? paths.has(p.slice(0, -1)) : paths.has(`${p}/`)));
    const disagreements: string[] = [];
    let pairs = 0;
    for (const text of patterns) {
      const compiled = compileGitignorePattern(text);
      if (!compiled.ok) continue;
      const set = new PatternSet([compiled.pattern]);
      const expected = gitIgnores(text, list);
      list.forEach((path, i) => {
        pairs++;
        const isDir = path.endsWith('/');
        const ours = set.match(isDir ? path.slice(0, -1) : path, isDir).exact !== -1;
        if (ours !== expected[i]) disagreements.push(`${JSON.stringify(text)} vs ${JSON.stringify(path)}: git=${expected[i]} airlock=${ours}`);
      });
    }
    assert.ok(pairs >= 1000, `enough pairs (${pairs})`);
    assert.deepEqual(disagreements, []);
  });
});
