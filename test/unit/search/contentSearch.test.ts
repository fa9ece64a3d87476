// The matcher against the real tools: wherever GNU grep or ripgrep finds a match in a file, the
// matcher must find one too (it may find more, which only refuses more). Every pattern below runs
// through the real binary on real files; untranslatable ones must say so (opaque).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileContentSearch, type ContentSearch, type PatternSyntax } from '../../../src/core/search/contentSearch';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const TEXTS = [
  'API_KEY=AIRLOCK_CANARY_ENV_3f9c1a',
  'DB_PASSWORD=hunter2',
  'export PORT=8080 # port',
  'a+b (c) [d] {e} f|g h.i j*k ^l $m \\n',
  'aaa\tbbb  ccc',
  'x{2} xx xxx',
  '',
  'word_boundary wordy sword',
  'Tab\there',
  'CamelCase lower UPPER 12345',
  '   leading spaces',
  'trailing spaces   ',
  'crlf line\r',
];
const UNICODE_TEXTS = ['PASSWORD=ſecret', 'TOKEN=Kelvin', 'naïve café', 'Ω omega Straße', '\ufeffBOM=1', 'x\u00a0y', '日本語テキスト'];

const PATTERNS: Array<[PatternSyntax, string]> = [
  ['basic', 'API_KEY'], ['basic', 'API.KEY'], ['basic', '^DB'], ['basic', '2$'], ['basic', 'a\\+b'], ['basic', 'a+b'], ['basic', '\\(c\\)'], ['basic', '(c)'],
  ['basic', 'x\\{2\\}'], ['basic', 'x{2}'], ['basic', '*k'], ['basic', 'f\\|zzz'], ['basic', 'f|g'], ['basic', '[[:upper:]]\\{5\\}'], ['basic', '[^a-z ]'],
  ['basic', '\\<word\\>'], ['basic', '\\bsword'], ['basic', '\\w\\+_'], ['basic', '[]a]'], ['basic', '[a-]'], ['basic', 'h\\.i'], ['basic', '\\s\\s'],
  ['basic', '^$'], ['basic', 'a^b'], ['basic', 'm$ x'], ['basic', '\\(a\\)\\1'], ['basic', '[[:digit:]]\\+'], ['basic', 'e\\?r'], ['basic', 'line\\s*$'],
  ['extended', 'API|zzz'], ['extended', '(DB|API)_[A-Z]+'], ['extended', 'x{2,}'], ['extended', 'x{,1}x'], ['extended', 'a\\+b'], ['extended', '^ +l'],
  ['extended', '[[:space:]]{2}'], ['extended', 'wor(d|ld)y?'], ['extended', '\\W\\w'], ['extended', '[^[:alnum:] ]'], ['extended', '(a|)b'], ['extended', '8{4}'],
  ['fixed', 'a+b (c)'], ['fixed', '.i j*'], ['fixed', 'zzz'], ['fixed', '$m \\n'], ['fixed', ''],
  ['rust', 'API_\\w+'], ['rust', '\\d{4}'], ['rust', '(?:DB|API)_[A-Z]+'], ['rust', '\\bport\\b'], ['rust', 'a\\+b'], ['rust', '[[:upper:]]+'], ['rust', '\\s{2}'],
  ['rust', '^\\s+l'], ['rust', 'x{2}'], ['rust', '[^\\w\\s]'], ['rust', '(?P<k>API)'], ['rust', 'C\\D'], ['rust', 'e\\t'], ['rust', '\\S+$'], ['rust', 'wor[a-z]y'],
  ['rust', '\\x41'], ['rust', '(?i)api'], ['rust', '\\p{Lu}'], ['rust', 'ſecret'], ['rust', 'STRASSE'], ['rust', 'caf.'], ['rust', '\\w+ \\w+'],
];

const FLAG_SETS: Array<{ name: string; ignoreCase: boolean; word: boolean; wholeLine: boolean }> = [
  { name: '', ignoreCase: false, word: false, wholeLine: false },
  { name: '-i', ignoreCase: true, word: false, wholeLine: false },
  { name: '-w', ignoreCase: false, word: true, wholeLine: false },
  { name: '-x', ignoreCase: false, word: false, wholeLine: true },
  { name: '-i -w', ignoreCase: true, word: true, wholeLine: false },
];

const GREP_FLAG: Record<Exclude<PatternSyntax, 'rust'>, string> = { basic: '-G', extended: '-E', fixed: '-F' };

describe('content search: the matcher finds at least what grep and ripgrep find', function () {
  this.timeout(120_000);
  let ws: TempWorkspace;
  before(() => {
    ws = tempWorkspace();
  });
  after(() => ws.dispose());

  /** The 1-based lines of `file` the real tool matches (one run per pattern), or null on a tool error. */
  function realLines(syntax: PatternSyntax, pattern: string, flags: string, file: string, locale: string): Set<number> | null {
    const args = [...(flags ? flags.split(' ') : []), '-n', '-e', pattern, file];
    const r = syntax === 'rust'
      ? spawnSync('rg', ['--no-config', '--no-filename', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      : spawnSync('grep', [GREP_FLAG[syntax], '-h', ...args], { encoding: 'utf8', env: { ...process.env, LC_ALL: locale }, stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0 && r.status !== 1) return null;
    return new Set(r.stdout.split('\n').filter((l) => l !== '').map((l) => Number(l.slice(0, l.indexOf(':')))));
  }

  for (const [texts, label, locale] of [[TEXTS, 'ASCII lines', 'C'], [UNICODE_TEXTS, 'Unicode lines (UTF-8 locale)', 'C.UTF-8']] as const) {
    it(`never misses a match of the real tool: ${label}`, () => {
      const file = join(ws.root, 'lines.txt');
      writeFileSync(file, `${texts.join('\n')}\n`);
      const missed: string[] = [];
      let compared = 0;
      let opaque = 0;
      for (const [syntax, pattern] of PATTERNS) {
        for (const f of FLAG_SETS) {
          const search: ContentSearch = { patterns: [pattern], syntax, ignoreCase: f.ignoreCase, word: f.word, wholeLine: f.wholeLine, multiline: false };
          const matcher = compileContentSearch(search);
          if ('opaque' in matcher) { opaque++; continue; }
          const real = realLines(syntax, pattern, f.name, file, locale);
          if (real === null) continue;
          compared++;
          texts.forEach((text, i) => {
            if (real.has(i + 1) && !matcher.matches(text)) missed.push(`${syntax} ${f.name} /${pattern}/ on ${JSON.stringify(text)}`);
          });
        }
      }
      assert.deepEqual(missed, []);
      // Most patterns are reproduced, so the check above is not vacuous.
      assert.ok(compared > opaque * 4, `${compared} compared, ${opaque} opaque`);
    });
  }

  it('is exact on ordinary searches (a superset that refuses everything would pass the test above)', () => {
    const file = join(ws.root, 'exact.txt');
    writeFileSync(file, `${TEXTS.join('\n')}\n`);
    const differ: string[] = [];
    for (const [syntax, pattern] of PATTERNS.filter(([, p]) => !/\\[bB<>]/.test(p))) {
      const matcher = compileContentSearch({ patterns: [pattern], syntax, ignoreCase: false, word: false, wholeLine: false, multiline: false });
      if ('opaque' in matcher) continue;
      const real = realLines(syntax, pattern, '', file, 'C');
      if (real === null) continue;
      TEXTS.forEach((text, i) => {
        if (real.has(i + 1) !== matcher.matches(text)) differ.push(`${syntax} /${pattern}/ on ${JSON.stringify(text)}: real ${real.has(i + 1)}`);
      });
    }
    assert.deepEqual(differ, []);
  });

  it('says why it cannot reproduce a pattern', () => {
    for (const [syntax, pattern] of [['basic', '\\(a\\)\\1'], ['rust', '(?i)x'], ['rust', '\\p{Greek}'], ['rust', '[a&&b]'], ['extended', 'a{1'], ['basic', '[[=a=]]']] as const) {
      const m = compileContentSearch({ patterns: [pattern], syntax, ignoreCase: false, word: false, wholeLine: false, multiline: false });
      assert.ok('opaque' in m, pattern);
      assert.match(m.opaque, /cannot reproduce/);
    }
  });
});
