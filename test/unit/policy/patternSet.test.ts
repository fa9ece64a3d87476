// The indexed PatternSet must give exactly what a plain loop over every pattern gives.
import assert from 'node:assert/strict';
import { compileGitignorePattern, type CompiledPattern } from '../../../src/core/policy/gitignorePattern';
import { NO_MATCH, PatternSet } from '../../../src/core/policy/patternSet';
import { generatePaths, generateRules } from '../../bench/benchCorpus';

function compileAll(texts: readonly string[]): CompiledPattern[] {
  return texts.map((t) => {
    const c = compileGitignorePattern(t);
    if (!c.ok) throw new Error(t);
    return c.pattern;
  });
}

function loop(patterns: readonly CompiledPattern[], rel: string, folded: boolean): number {
  for (let i = patterns.length - 1; i >= 0; i--) if ((folded ? patterns[i].coversFolded : patterns[i].covers).test(rel)) return i;
  return NO_MATCH;
}

describe('PatternSet (indexed last-match)', () => {
  it('agrees with a plain loop on 20,000 generated paths × 500 generated rules, exact and case-folded', () => {
    const texts = generateRules(500).flatMap((r) => r.paths);
    const patterns = compileAll(texts);
    const set = new PatternSet(patterns);
    const paths = generatePaths(20_000, 7);
    // Mixed-case spellings exercise the case-folded answer.
    const spelled = paths.map((p, i) => (i % 5 === 0 ? p.toUpperCase() : p));
    let differing = 0;
    for (const p of spelled) {
      const m = set.match(p, false);
      if (m.exact !== loop(patterns, p, false) || m.folded !== loop(patterns, p, true)) differing++;
    }
    assert.equal(differing, 0);
  });

  it('indexes by literal names, prefixes and suffixes, and still finds key-less patterns', () => {
    const patterns = compileAll(['secrets/', '*.pem', 'id_rsa*', '[abc].txt', '**', 'report-*-final.csv']);
    const set = new PatternSet(patterns);
    assert.equal(set.match('x/secrets/y', false).exact, 4, 'the last matching pattern wins (** matches everything)');
    const noStar = new PatternSet(patterns.slice(0, 4));
    assert.equal(noStar.match('x/secrets/y', false).exact, 0);
    assert.equal(noStar.match('a/b.pem', false).exact, 1);
    assert.equal(noStar.match('.ssh/id_rsa.pub', false).exact, 2);
    assert.equal(noStar.match('d/b.txt', false).exact, 3);
    assert.equal(noStar.match('d/B.PEM', false).exact, NO_MATCH);
    assert.equal(noStar.match('d/B.PEM', false).folded, 1);
    assert.equal(new PatternSet(patterns.slice(5)).match('out/report-2026-final.csv', false).exact, 0);
  });

  it('attack: a name holding a line terminator is still covered, exactly and ignoring case', () => {
    const patterns = compileAll(['secrets/', '**/.env', 'docs/**', '/infra/*.tf']);
    const set = new PatternSet(patterns);
    for (const sep of ['\n', '\r', '\u2028', '\u2029']) {
      assert.equal(set.match(`secrets/a${sep}b`, false).exact, 0, JSON.stringify(sep));
      assert.equal(set.match(`x${sep}y/.env`, false).exact, 1, JSON.stringify(sep));
      assert.equal(set.match(`docs/a${sep}/b`, false).exact, 2, JSON.stringify(sep));
      assert.equal(set.match(`INFRA/main${sep}.TF`, false).folded, 3, JSON.stringify(sep));
      assert.equal(set.match(`SECRETS${sep}/a`, true).folded, NO_MATCH, 'a different name is not the folder');
    }
  });

  it('built from a stored index and a loader, answers as the compiled set and builds only the patterns it tests', () => {
    const patterns = compileAll(generateRules(500).flatMap((r) => r.paths));
    const compiled = new PatternSet(patterns);
    const built = new Set<number>();
    const stored = new PatternSet(JSON.parse(JSON.stringify(compiled.indexData())) as ReturnType<PatternSet['indexData']>, (i) => {
      built.add(i);
      return patterns[i];
    });
    const paths = generatePaths(3000, 11);
    for (const p of paths) {
      assert.deepEqual(stored.match(p, false), compiled.match(p, false), p);
      assert.deepEqual(stored.match(p.toUpperCase(), true), compiled.match(p.toUpperCase(), true), p);
    }
    assert.ok(built.size > 0 && built.size < patterns.length, `${built.size} of ${patterns.length} built`);
  });
});
