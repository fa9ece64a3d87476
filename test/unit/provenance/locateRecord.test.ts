// Line-by-line location of a record's lines: unique evidence only, never a tie-break.
import * as assert from 'node:assert/strict';
import { KeyCache } from '../../../src/core/provenance/lineKeys';
import { locateRuns } from '../../../src/core/provenance/locateRecord';
import { runsFor } from '../../../src/core/provenance/recordBuild';

const SALT = '0123456789abcdef';

function locate(before: string[], aiLines: number[], after: string[]): number[] {
  const runs = runsFor(new KeyCache(`${before.join('\n')}\n`), SALT, aiLines.map((l) => ({ startLine: l, endLine: l })));
  return [...locateRuns(runs, new KeyCache(`${after.join('\n')}\n`).forSalt(SALT)).lines];
}

describe('provenance/locateRecord', () => {
  const file = ['function a() {', '  const x = load();', '  return x + 1;', '}', '', 'function b() {', '  return 2;', '}'];

  it('an edit inside a range keeps every untouched line', () => {
    const after = [...file];
    after[1] = '  const x = loadFast();';
    assert.deepEqual(locate(file, [1, 2, 3, 4], after), [1, 0, 3, 4]);
  });

  it('whitespace, indentation and quote style do not matter', () => {
    const after = file.map((l) => l.replace(/^ {2}/, '    ').replace(/\(\)/g, '( )'));
    assert.deepEqual(locate(file, [2, 3, 4], after), [2, 3, 4]);
  });

  it('a lone `}` whose neighbours were both edited is not placed on a look-alike', () => {
    // The AI wrote only the `}` of a(); a human rewrote both its neighbours and added c(), whose
    // `}` follows a copy of one of them.
    const after = ['function a() {', '  const x = load();', '  return x + 2;', '}', '', 'function bb() {', '  return 2;', '}', 'function c() {', '  return x + 1;', '}'];
    assert.deepEqual(locate(file, [4], after), [0]);
  });

  it('a lone `}` with both neighbours intact is placed; with several equal places, nowhere', () => {
    const moved = ['// header', ...file];
    assert.deepEqual(locate(file, [4], moved), [5]);
    const twice = [...file, '', ...file];
    assert.deepEqual(locate(file, [4], twice), [0], 'the same code twice, same neighbours: no way to tell which');
  });

  it('lines that say what others say are placed through their unique neighbour in the same edit', () => {
    const after = ['// moved down', '', ...file.slice(5), '', ...file.slice(0, 5)];
    assert.deepEqual(locate(file, [1, 2, 3, 4], after), [7, 8, 9, 10]);
  });
});
