// Short options bundled (`-rn`), apart (`-r -n`) and before `--` must read the same for every
// search and listing tool, and a bundle must never turn into a file name (`grep -rn x .` reading
// "n"), while a value attached inside a bundle (`-rnf.env`) still counts as the file it names.
// Every pair of each tool's flag letters is tried (a fuzz over the option specs).
import assert from 'node:assert/strict';
import { analyzeShellCommand } from '../../../src/core/shell/analyzeShellCommand';
import { ACK_SPEC, AG_SPEC, FD_SPEC, FIND_READ, FIND_VALUE, FIND_WRITE, GIT_GREP_SPEC, GREP_SPEC, LS_SPEC, RG_SPEC } from '../../../src/core/shell/searchSpecs';
import type { OptionSpec } from '../../../src/core/shell/argParser';

interface Tool {
  readonly name: string;
  readonly spec: OptionSpec;
  /** The words after the options. */
  readonly tail: string;
}

const TOOLS: readonly Tool[] = [
  { name: 'grep', spec: GREP_SPEC, tail: 'needle src' },
  { name: 'rg', spec: RG_SPEC, tail: 'needle src' },
  { name: 'ag', spec: AG_SPEC, tail: 'needle src' },
  { name: 'ack', spec: ACK_SPEC, tail: 'needle src' },
  { name: 'fd', spec: FD_SPEC, tail: 'needle src' },
  { name: 'git grep', spec: GIT_GREP_SPEC, tail: 'needle src' },
  { name: 'ls', spec: LS_SPEC, tail: 'src' },
];

function view(command: string): string {
  const a = analyzeShellCommand(command, { home: '/home/u' });
  const ops = a.operands.map((o) => `${o.access}:${o.path}:${JSON.stringify(o.contentSearch ?? null)}`).sort();
  const mentions = a.mentions.map((o) => `${o.access}:${o.path}`).sort();
  return JSON.stringify({ ops, mentions, uncertain: [...a.uncertain].sort(), confident: a.confident });
}

function mentioned(command: string): string[] {
  const a = analyzeShellCommand(command, { home: '/home/u' });
  return [...a.operands, ...a.mentions].map((o) => o.path);
}

describe('bundled short options read like separate ones, for every search tool', () => {
  for (const tool of TOOLS) {
    const flags = [...(tool.spec.flags ?? '')];
    it(`${tool.name}: every pair of its ${flags.length} flags, bundled, apart and before --`, () => {
      let tried = 0;
      for (const a of flags) {
        for (const b of flags) {
          if (a === b) continue;
          const apart = view(`${tool.name} -${a} -${b} ${tool.tail}`);
          assert.equal(view(`${tool.name} -${a}${b} ${tool.tail}`), apart, `${tool.name} -${a}${b}`);
          assert.equal(view(`${tool.name} -${a}${b} -- ${tool.tail}`), view(`${tool.name} -${a} -${b} -- ${tool.tail}`), `${tool.name} -${a}${b} --`);
          // No fragment of a bundle is a file.
          const paths = mentioned(`${tool.name} -${a}${b} ${tool.tail}`);
          assert.ok(!paths.includes(b) && !paths.includes(`${a}${b}`), `${tool.name} -${a}${b} reads ${JSON.stringify(paths)}`);
          tried++;
        }
      }
      assert.ok(tried >= flags.length * (flags.length - 1));
    });

    it(`${tool.name}: a value attached after flags in a bundle is still read as the file it may name`, () => {
      const values = [...(tool.spec.short ?? ''), ...(tool.spec.optionalNumber ?? '')];
      const flag = flags.find((f) => !/\d/.test(f)) as string;
      for (const v of values) {
        // -x/-X of fd start the command to run: their "value" is a program, judged as one.
        if (tool.name === 'fd' && (v === 'x' || v === 'X')) continue;
        const paths = mentioned(`${tool.name} -${flag}${v}.env ${tool.tail}`);
        assert.ok(paths.includes('.env'), `${tool.name} -${flag}${v}.env must read .env: ${JSON.stringify(paths)}`);
      }
      // A letter the spec does not know keeps the generous reading: every tail may be a file.
      const unknown = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((l) => !flags.includes(l) && !values.includes(l));
      if (unknown !== undefined) assert.ok(mentioned(`${tool.name} -${flag}${unknown}.env ${tool.tail}`).includes('.env'), `${tool.name} -${flag}${unknown}.env`);
    });
  }

  it('the explanation of grep -rn X . names no file "n" (the reported case), nor ls -la "a"', () => {
    // The pattern is not a file either, once every option is understood.
    assert.deepEqual(mentioned('grep -rn X .').sort(), ['.']);
    // `ls` alone lists the current folder.
    assert.deepEqual(mentioned('ls -la'), ['.']);
    assert.deepEqual(mentioned('grep -rnw -C3 X .').sort(), ['.', '3']);
    assert.deepEqual(mentioned('grep -rnv X .').sort(), ['.', 'X']);
  });

  it('find: its single-dash words carry nothing attached (-name is not "ame"); file values are read, name patterns are not', () => {
    for (const w of [...FIND_VALUE, ...FIND_READ, ...FIND_WRITE, 'print', 'delete', 'prune', 'empty']) {
      const takes = !['print', 'delete', 'prune', 'empty'].includes(w);
      const paths = mentioned(`find . -${w}${takes ? ' target.txt' : ''}`);
      assert.ok(!paths.includes(w.slice(1)), `find -${w} reads ${JSON.stringify(paths)}`);
      // -name .env is a pattern for names (a name is not content); -newer .env, -fprint out are files.
      if (takes) assert.equal(paths.includes('target.txt'), !FIND_VALUE.includes(w), `find -${w} target.txt: ${JSON.stringify(paths)}`);
    }
    // The command find runs is read with its own spec: `-exec grep -rn` reads no "n".
    assert.ok(!mentioned('find . -exec grep -rn needle {} +').includes('n'));
    assert.ok(!mentioned('find . | xargs grep -rn needle').includes('n'));
  });

  it('an option computed at run time is a doubt, never a file: grep "$(echo -rv)" zzz . is not a plain read of "."', () => {
    for (const c of ['grep "$(echo -rv)" zzz .', 'rg "$X" zzz', 'ag "$X" zzz', 'ack --noenv --output="$(echo x)" hunter2', 'git grep --untracked "$X" zzz', 'fd "$X" src']) {
      const a = analyzeShellCommand(c, { home: '/home/u' });
      assert.equal(a.confident, false, c);
      assert.ok(a.uncertain.some((u) => u.includes('may be an option')), `${c}: ${a.uncertain.join('; ')}`);
    }
    // After `--` it is an operand (a pattern), and after -e it is a value: no doubt from this rule.
    assert.ok(!analyzeShellCommand('grep -rn -- "$X" src', { home: '/home/u' }).uncertain.some((u) => u.includes('may be an option')));
    assert.ok(!analyzeShellCommand('grep -rn -e "$X" src', { home: '/home/u' }).uncertain.some((u) => u.includes('may be an option')));
  });
});
