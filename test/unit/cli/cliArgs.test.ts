// parseCommandArgs reads the plain shape hooks and rewritten calls pass without node's parseArgs;
// whatever it reads must be exactly what parseArgs reads, and everything else must still get
// parseArgs' answer or its usage error.
import * as assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { parseCommandArgs, optionsOf } from '../../../src/cli/cliArgs';
import { UsageError } from '../../../src/cli/cliContext';

type Options = Parameters<typeof parseCommandArgs>[2];
const PLAIN: Options = { ...optionsOf(['json', 'explain'], ['client', 'event', 'root']), tag: { type: 'string', multiple: true }, verbose: { type: 'boolean', short: 'v' } };
const WITH_DEFAULT: Options = { ...PLAIN, mode: { type: 'string', default: 'x' } };

function byNode(argv: string[], options: Options): { values: Record<string, unknown>; positionals: string[] } | 'error' {
  try {
    const r = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { values: { ...r.values }, positionals: r.positionals };
  } catch {
    return 'error';
  }
}

function ours(argv: string[], options: Options): { values: Record<string, unknown>; positionals: string[] } | 'error' {
  try {
    const r = parseCommandArgs('test', argv, options);
    return { values: { ...r.values }, positionals: r.positionals };
  } catch (err) {
    assert.ok(err instanceof UsageError);
    return 'error';
  }
}

describe('cli arguments', () => {
  const cases: string[][] = [
    [],
    ['--client', 'claude-code'],
    ['--client=codex', '--event', 'PreToolUse'],
    ['--client', 'claude-code', '--root', '/w s/x', '--json'],
    ['--root='],
    ['--root=a=b'],
    ['--json', '--explain'],
    ['--client', '--json'],
    ['--client'],
    ['--client', '-x'],
    ['--client', 'a', '--client', 'b'],
    ['--json=yes'],
    ['--json', '--json'],
    ['--unknown', 'x'],
    ['--help'],
    ['-h'],
    ['-v'],
    ['--tag', 'a', '--tag', 'b'],
    ['--mode', 'y'],
    ['--', '--client', 'x'],
    ['pos', '--json'],
    ['--client', 'x', 'pos'],
    ['--__proto__', 'x'],
    ['--constructor'],
    ['--toString', 'x'],
  ];
  for (const argv of cases) {
    it(`reads ${JSON.stringify(argv)} exactly as node's parseArgs does, with and without option defaults`, () => {
      assert.deepEqual(ours(argv, PLAIN), byNode(argv, PLAIN));
      assert.deepEqual(ours(argv, WITH_DEFAULT), byNode(argv, WITH_DEFAULT));
    });
  }

  it("reads a hook's arguments itself (node's parseArgs returns a null-prototype object; this reader does not)", () => {
    assert.equal(Object.getPrototypeOf(parseCommandArgs('hook', ['--client', 'codex'], PLAIN).values), Object.prototype);
    assert.equal(Object.getPrototypeOf(parseCommandArgs('hook', ['-v'], PLAIN).values), null);
  });
});
