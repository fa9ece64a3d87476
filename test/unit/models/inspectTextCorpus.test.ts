// The gateway's matching was made cheaper: invisible characters found and stripped by one regex
// scan instead of a loop per character; random-looking tokens found by probing every 20th
// character; the line-prefix regexes run only where they can match. The findings must not
// change: on corpora built to hit the edges, every span and token equals what the former
// algorithm (kept here as the reference) reports, and every tool prefix is still dropped.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { looksLikeRandomToken } from '../../../src/core/secrets/maskSecrets';
import { randomTokens, saltedHash, significantLines } from '../../../src/core/models/contentFingerprints';
import type { FingerprintIndex } from '../../../src/core/models/fingerprintIndex';
import { inspectText, type Span } from '../../../src/core/models/inspectText';
import { OutboundInspector } from '../../../src/core/models/outboundInspector';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

/** The former algorithm: a loop over char codes, then the clean text inspected and mapped back. */
function isInvisibleBefore(c: number): boolean {
  return c === 0xad || c === 0x34f || c === 0x180e || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff;
}
function inspectBefore(text: string, index: FingerprintIndex): Span[] {
  const kept: number[] = [];
  let clean = '';
  for (let i = 0; i < text.length; i++) {
    if (isInvisibleBefore(text.charCodeAt(i))) continue;
    kept.push(i);
    clean += text[i];
  }
  if (clean.length === text.length) return inspectText(text, index);
  const back = (s: Span): Span => ({ ...s, start: kept[s.start] ?? text.length, end: s.end > 0 ? (kept[s.end - 1] ?? text.length - 1) + 1 : 0 });
  return inspectText(clean, index).map(back).sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The former token scan: every character visited, runs of 20+ cut out. */
function isTokenCharBefore(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 43 || c === 47 || c === 45;
}
function randomTokensBefore(salt: number, text: string): { hash: number; start: number; end: number }[] {
  const out: { hash: number; start: number; end: number }[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isTokenCharBefore(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < text.length && isTokenCharBefore(text.charCodeAt(i))) i++;
    if (i - runStart < 20) continue;
    const run = text.slice(runStart, i);
    if (!looksLikeRandomToken(run)) continue;
    const core = run.replace(/^[-/_+]+|[-/_+]+$/g, '');
    const start = runStart + run.indexOf(core);
    out.push({ hash: saltedHash(salt ^ 0x5bd1e995, core), start, end: start + core.length });
  }
  return out;
}

const INVISIBLES = ['\u00ad', '\u034f', '\u180e', '\u200b', '\u200d', '\u200f', '\u202a', '\u202e', '\u2060', '\u2064', '\ufeff'];
/** Near misses: visible or just outside the ranges; they must stay in the text. */
const NEAR = ['\u00ac', '\u034e', '\u200a', '\u2010', '\u2029', '\u2065', '\ufefe'];

describe('outbound matching made cheaper: identical findings', () => {
  let ws: TempWorkspace;
  let storeDir: string;
  let protectedLines: string[];

  beforeEach(() => {
    protectedLines = Array.from({ length: 8 }, (_, i) => `PROTECTED_SETTING_${i} = compute(${i}, "${randomBytes(6).toString('hex')}") // line ${i}`);
    ws = tempWorkspace({ 'secrets/keys.txt': `${protectedLines.join('\n')}\nCANARY_${randomBytes(16).toString('hex')}\n` });
    ws.policy('{ "version": 1, "rules": [ { "paths": ["secrets/"], "class": "secret" } ] }');
    storeDir = fs.mkdtempSync(join(tmpdir(), 'airlock-fp-'));
  });
  afterEach(() => {
    ws.dispose();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  it('every span equals the former algorithm\'s, with invisibles anywhere (and none)', () => {
    const index = new OutboundInspector({ engine: () => loadPolicy(ws.root), storeDir }).state().index;
    assert.ok(index.size > 0);
    const canary = fs.readFileSync(join(ws.root, 'secrets/keys.txt'), 'utf8').trim().split('\n').pop() as string;
    const tokens = new FakeTokens(11);
    const base = [
      'Here is the config:', ...protectedLines.slice(1, 6), `token ${tokens.github()} and ${tokens.github()}`,
      `echo ${canary}`, 'const ordinary = 1;', `AWS=${tokens.github()}`, ...protectedLines.slice(4),
    ].join('\n');
    let seed = 7;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const corpus: string[] = [base, '', '\u200b', `\u200b${base}\ufeff`, INVISIBLES.join(''), NEAR.join('') + base];
    for (let v = 0; v < 60; v++) {
      let text = base;
      for (let k = rand(12); k > 0; k--) {
        const at = rand(text.length + 1);
        const pool = rand(4) === 0 ? NEAR : INVISIBLES;
        // Runs of several invisibles too: the offsets map must skip all of them.
        const ins = Array.from({ length: 1 + rand(3) }, () => pool[rand(pool.length)]).join('');
        text = text.slice(0, at) + ins + text.slice(at);
      }
      corpus.push(text);
    }
    let withFindings = 0;
    for (const text of corpus) {
      const now = inspectText(text, index);
      assert.deepEqual(now, inspectBefore(text, index), JSON.stringify(text));
      if (now.some((s) => s.kind === 'protected') && now.some((s) => s.kind === 'secret')) withFindings++;
    }
    // The corpus exercises both kinds of finding, not only empty results.
    assert.ok(withFindings > corpus.length / 2, `${withFindings} of ${corpus.length} texts had both kinds of finding`);
  });

  it('random-looking tokens: the same tokens as the former scan, runs of every length near 20 at every offset', () => {
    let seed = 99;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const word = (len: number): string => Array.from({ length: len }, () => (rand(12) === 0 ? '_+/-'[rand(4)] : alnum[rand(alnum.length)])).join('');
    const separators = [' ', '\n', '"', '=', '.', ':', '\u00e9', '\u200b', '(', '\t'];
    const corpus: string[] = ['', 'x', word(19), word(20), word(21), `-${word(20)}-`, `/${word(40)}/`, '-'.repeat(25), `${word(19)} ${word(20)}`];
    let found = 0;
    for (let v = 0; v < 300; v++) {
      let text = '';
      // Lengths around the threshold, at the very start and end of the text too.
      for (let k = rand(25); k > 0; k--) text += word([1, 5, 18, 19, 20, 21, 22, 35, 60][rand(9)]) + (rand(5) === 0 ? '' : separators[rand(separators.length)]);
      corpus.push(text);
    }
    for (const text of corpus) {
      const now = randomTokens(0x1234, text);
      assert.deepEqual(now, randomTokensBefore(0x1234, text), JSON.stringify(text));
      found += now.length;
    }
    assert.ok(found > 100, `${found} tokens found in the corpus`);
  });

  it('line prefixes: the prefix regexes now run only where their first character can match, and every tool prefix is still dropped', () => {
    const bodies = ['const value = computeSomething(input, options);', 'PROTECTED_SETTING_1 = compute(1)', '12345678 numbers first then words', 'return hidden.path + name; // no prefix here'];
    const prefixes = ['', '  ', '\t', '1\t', '   12\t', '\t 7→', '42:', '42|', '42  ', 'src/app.ts:12:', 'src/app.ts-', './a-b.js:3:', '.env:2:', 'README.md:', '   9→src/x.ts:4:'];
    for (const body of bodies) {
      const [plain] = significantLines(5, body);
      for (const prefix of prefixes) {
        const lines = significantLines(5, `${prefix}${body}\n${prefix}${body}`);
        assert.equal(lines.length, 2, JSON.stringify(prefix + body));
        assert.equal(lines[0].hash, plain.hash, `prefix ${JSON.stringify(prefix)} before ${JSON.stringify(body)} was not dropped`);
        assert.deepEqual([lines[1].start, lines[1].end], [prefix.length + body.length + 1, 2 * (prefix.length + body.length) + 1]);
      }
    }
  });
});
