// The gateway's matching was made cheaper (invisible characters found and stripped by one regex
// scan instead of a loop per character). The findings must not change: on a corpus that hides
// secrets and protected lines behind invisible characters, every span equals what the former
// algorithm (kept here as the reference) reports.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const INVISIBLES = ['\u00ad', '\u034f', '\u180e', '\u200b', '\u200d', '\u200f', '\u202a', '\u202e', '\u2060', '\u2064', '\ufeff'];
/** Near misses: visible or just outside the ranges; they must stay in the text. */
const NEAR = ['\u00ac', '\u034e', '\u200a', '\u2010', '\u2029', '\u2065', '\ufefe'];

describe('inspectText: identical findings on a corpus after the invisible-character scan changed', () => {
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
});
