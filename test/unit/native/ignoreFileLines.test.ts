import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ignore from 'ignore';
import { compileGitignorePattern } from '../../../src/core/policy/gitignorePattern';
import { compileIgnoreLines } from '../../../src/core/native/ignoreFileLines';
import { classifyPolicy } from '../../../src/core/native/nativePatterns';
import { DESIGN_POLICY, makePolicy, type PolicySpec } from './policyFixture';

const NOW = new Date('2026-06-01T12:00:00Z');
const DIRS = ['secrets', 'public', 'keys', 'infra', 'prod', 'dashboards', 'src', 'auth', 'vendor', 'x.pem'];
const FILES = ['.env', '.env.local', '.env.example', 'k.pem', 'notes.txt'];

/** Every path up to three directories deep over a vocabulary that hits every rule and carve-out. */
function samplePaths(): string[] {
  const dirs: string[] = [''];
  let level = [''];
  for (let d = 0; d < 3; d++) {
    level = level.flatMap((p) => DIRS.map((n) => (p ? `${p}/${n}` : n)));
    dirs.push(...level);
  }
  return dirs.flatMap((d) => FILES.map((f) => (d ? `${d}/${f}` : f)));
}

/** The policy's own answer (the engine's pattern compiler): the last covering pattern's class restricts read or edit. */
function policyExcludes(spec: PolicySpec): (rel: string) => boolean {
  const doc = makePolicy(spec);
  const pats = doc.rules.flatMap((r) =>
    r.patterns.map((p) => {
      const c = compileGitignorePattern(p.text);
      if (!c.ok) throw new Error(p.text);
      const cls = doc.classes.get(r.className);
      return { covers: c.pattern.covers, restricted: cls !== undefined && (cls.read !== 'allow' || cls.edit !== 'allow') };
    }),
  );
  const def = doc.classes.get(doc.defaultClass);
  const defRestricted = def !== undefined && (def.read !== 'allow' || def.edit !== 'allow');
  return (rel) => {
    for (let i = pats.length - 1; i >= 0; i--) if (pats[i].covers.test(rel)) return pats[i].restricted;
    return defRestricted;
  };
}

function gitIgnored(lines: readonly string[], paths: readonly string[]): Set<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-native-git-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    fs.writeFileSync(path.join(dir, '.gitignore'), `${lines.join('\n')}\n`);
    const out = execFileSync('git', ['check-ignore', '--no-index', '--stdin'], { cwd: dir, input: `${paths.join('\n')}\n`, maxBuffer: 64 << 20 }).toString();
    return new Set(out.split('\n').filter(Boolean));
  } catch (e) {
    // Exit 1: nothing ignored.
    if ((e as { status?: number }).status === 1) return new Set();
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function assertSameAsPolicy(spec: PolicySpec, lines: readonly string[]): void {
  const paths = samplePaths();
  const want = policyExcludes(spec);
  const git = gitIgnored(lines, paths);
  const ig = ignore().add([...lines]);
  const wrongGit = paths.filter((p) => git.has(p) !== want(p));
  const wrongIgnore = paths.filter((p) => ig.ignores(p) !== want(p));
  assert.deepEqual(wrongGit.slice(0, 10), [], `git check-ignore disagrees with the policy on ${wrongGit.length} paths`);
  assert.deepEqual(wrongIgnore.slice(0, 10), [], `the ignore package disagrees with the policy on ${wrongIgnore.length} paths`);
}

describe('native/compileIgnoreLines', () => {
  it('excludes exactly the protected paths of the DESIGN policy, carve-outs included (git check-ignore and ignore)', () => {
    const { lines, warnings } = compileIgnoreLines(classifyPolicy(makePolicy(DESIGN_POLICY), NOW), { file: '.cursorignore', negation: true });
    assert.equal(warnings.length, 0);
    assert.ok(lines.includes('!.env.example'));
    assertSameAsPolicy(DESIGN_POLICY, lines);
  });

  it('names the pattern a carve-out really cuts into, not the last unanchored one', () => {
    const spec: PolicySpec = { rules: [[['**/.env', '**/.env.*'], 'secret'], [['*.pem', '*.tfvars'], 'secret'], [['**/.env.example'], 'public']] };
    const r = compileIgnoreLines(classifyPolicy(makePolicy(spec), NOW), { file: '.aiexclude', negation: false });
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0].message, /cannot carve \*\*\/\.env\.example \(class "public"\) out of \*\*\/\.env\.\* \(class "secret"\)/);
    assert.equal(r.warnings[0].pattern, '**/.env.example');
  });

  it('spot-checks the carve-outs that gitignore cannot express with a plain directory pattern', () => {
    const { lines } = compileIgnoreLines(classifyPolicy(makePolicy(DESIGN_POLICY), NOW), { file: '.cursorignore', negation: true });
    const git = gitIgnored(lines, ['secrets/public/readme.md', 'secrets/public/keys/id_rsa', 'secrets/db.txt', 'infra/prod/dashboards/a.json', 'infra/prod/main.tf', 'vendor/lib.js', 'secrets/.env.example']);
    assert.deepEqual([...git].sort(), ['infra/prod/main.tf', 'secrets/db.txt', 'secrets/public/keys/id_rsa', 'vendor/lib.js']);
  });

  it('handles a protected default class with public carve-outs', () => {
    const spec: PolicySpec = { defaultClass: 'secret', rules: [[['/src/', 'notes.txt'], 'public'], [['/src/auth/'], 'restricted'], [['keys/'], 'secret']] };
    const { lines } = compileIgnoreLines(classifyPolicy(makePolicy(spec), NOW), { file: '.aiignore', negation: true });
    assert.equal(lines[0], '*');
    assertSameAsPolicy(spec, lines);
  });

  it('handles nested carve-outs three levels deep and patterns with globs', () => {
    const spec: PolicySpec = {
      rules: [
        [['/infra/'], 'secret'],
        [['/infra/*/dashboards/'], 'public'],
        [['dashboards/keys/'], 'restricted'],
        [['**/auth/**'], 'frozen'],
        [['auth/notes.txt'], 'public'],
      ],
    };
    const { lines } = compileIgnoreLines(classifyPolicy(makePolicy(spec), NOW), { file: '.rooignore', negation: true });
    assertSameAsPolicy(spec, lines);
  });

  it('writes plain patterns, without expansion, when nothing is carved out later', () => {
    const spec: PolicySpec = { rules: [[['/src/auth/'], 'reviewed'], [['/infra/prod/'], 'restricted'], [['*.pem'], 'secret']] };
    const { lines } = compileIgnoreLines(classifyPolicy(makePolicy(spec), NOW), { file: '.cursorignore', negation: true });
    assert.deepEqual(lines, ['/infra/prod/', '*.pem']);
    assertSameAsPolicy(spec, lines);
  });

  it('without negation (.aiexclude) writes no "!" line, keeps the protected pattern and warns per carve-out', () => {
    const { lines, warnings } = compileIgnoreLines(classifyPolicy(makePolicy(DESIGN_POLICY), NOW), { file: '.aiexclude', negation: false });
    assert.ok(lines.every((l) => !l.startsWith('!')));
    assert.deepEqual(lines, ['**/.env', '**/.env.*', '*.pem', 'secrets/', '/infra/prod/', 'secrets/public/keys/', '/vendor/']);
    const carved = warnings.map((w) => w.pattern).sort();
    assert.deepEqual(carved, ['.env.example', '/infra/prod/dashboards/', '/src/auth/', '/src/payments/', 'secrets/public/']);
    const w = warnings.find((x) => x.pattern === '/infra/prod/dashboards/');
    assert.match(w?.message ?? '', /out of \/infra\/prod\/ \(class "restricted"\).*no "!" negation/);
    assert.equal(w?.location?.source, '.airlock/policy.json');
    // Stricter, never looser: everything the policy protects is still excluded.
    const git = gitIgnored(lines, samplePaths());
    const want = policyExcludes(DESIGN_POLICY);
    assert.deepEqual(samplePaths().filter((p) => want(p) && !git.has(p)), []);
  });

  it('excludes everything when ai is off', () => {
    const { lines } = compileIgnoreLines(classifyPolicy(makePolicy({ ...DESIGN_POLICY, ai: 'off' }), NOW), { file: '.cursorignore', negation: true });
    assert.deepEqual(lines, ['*']);
    assert.equal(gitIgnored(lines, ['src/a.ts', 'README.md']).size, 2);
  });

  it('never loosens for a live exception (it expires, the file does not) and warns', () => {
    const spec: PolicySpec = { rules: [[['/infra/prod/'], 'restricted']], exceptions: [{ paths: ['/infra/prod/dashboards/'], className: 'public', expires: '2026-12-31' }] };
    const classified = classifyPolicy(makePolicy(spec), NOW);
    assert.match(classified.warnings[0]?.message ?? '', /applied by the Airlock hook only/);
    const { lines, warnings } = compileIgnoreLines(classified, { file: '.cursorignore', negation: true });
    assert.deepEqual(lines, ['/infra/prod/']);
    assert.match(warnings[0]?.message ?? '', /keeps excluding \/infra\/prod\/dashboards\//);
  });

  it('applies a live exception that tightens, and ignores an expired one', () => {
    const spec: PolicySpec = {
      rules: [[['/docs/'], 'public']],
      exceptions: [
        { paths: ['/docs/private/'], className: 'secret', expires: '2026-12-31' },
        { paths: ['/docs/old/'], className: 'secret', expires: '2026-01-31' },
      ],
    };
    const { lines } = compileIgnoreLines(classifyPolicy(makePolicy(spec), NOW), { file: '.cursorignore', negation: true });
    assert.deepEqual(lines, ['/docs/private/']);
  });
});
