// Metadata of a protected path is not its content (issue 10): `stat .env`, `ls -la .env`,
// `du -sh secrets`, `test -e .env` go ahead, while every spelling that prints content, or the names
// inside a protected folder, is still refused. decide() on a real workspace, and each allowed form
// then run for real by bash: its output holds no canary and no name from inside a protected folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { decide } from '../../../src/core/decide/decide';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import type { PolicyEngine } from '../../../src/core/policy/policyEngine';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = JSON.stringify({
  version: 1,
  classes: { secret: { read: 'deny', edit: 'deny' }, restricted: { read: 'ask', edit: 'deny' } },
  rules: [{ paths: ['**/.env', 'secrets/'], class: 'secret' }, { paths: ['/infra/'], class: 'restricted' }],
});
const CANARIES = ['canary-env-7f3a', 'canary-key-91bd', 'canary-infra-c0de', 'canary-inner-5e1f'];
/** Names that only a listing of a protected folder prints. */
const HIDDEN_NAMES = ['zz-hidden', 'inner-name'];

function leaked(output: string): string[] {
  return [...CANARIES, ...HIDDEN_NAMES].filter((c) => output.includes(c));
}

describe('metadata reads of protected paths (decide)', () => {
  let ws: TempWorkspace;
  let engine: PolicyEngine;
  before(() => {
    ws = tempWorkspace({
      '.env': 'API_KEY=canary-env-7f3a\n',
      'secrets/zz-hidden-name.key': 'canary-key-91bd\n',
      'secrets/zz-hidden-dir/more.key': 'canary-key-91bd\n',
      'infra/prod.tfvars': 'token = "canary-infra-c0de"\n',
      // A folder named like a protected file: `ls -la config/.env` lists what is inside.
      'config/.env/inner-name.txt': 'canary-inner-5e1f\n',
      'src/a.ts': 'export const a = 1;\n',
    });
    ws.policy(POLICY);
    symlinkSync('../.env', join(ws.root, 'src/link'));
    symlinkSync('../secrets', join(ws.root, 'src/keys'));
    linkSync(join(ws.root, '.env'), join(ws.root, 'src/notes.txt'));
    mkdirSync(join(ws.root, 'bin'));
    engine = loadPolicy(ws.root, { env: {} });
  });
  after(() => ws.dispose());

  const verdict = (command: string): string => decide(engine, { action: 'execute', paths: [], command, cwd: ws.root }, { home: '/home/nobody' }).verdict;
  const run = (command: string): string => {
    const r = spawnSync('/bin/bash', ['-c', command], { cwd: ws.root, encoding: 'utf8', timeout: 10_000 });
    return `${r.stdout}${r.stderr}`;
  };

  const allowed = [
    'ls -la .env',
    'ls -l .env',
    'ls -la -- .env',
    'ls -ld secrets',
    'ls -d secrets/',
    'ls -dR secrets',
    'ls -lI "*.bak" .env',
    'ls --color=never -la .env',
    'stat .env',
    'stat secrets',
    "stat -c '%s %a %y' .env",
    "stat --printf='%s\\n' .env",
    "stat --format='%F %s' secrets",
    'stat -f .env',
    'stat -t .env',
    'du -sh secrets',
    'du -s .env',
    'du -d 0 secrets',
    'du --max-depth=0 -h secrets',
    'du -sh *',
    'ls -ld *',
    'test -e .env && echo present',
    '[ -f .env ] && echo file',
    'test -s .env && echo non-empty',
    '[[ -d secrets ]] && echo folder',
    "find . -newer .env -name '*.ts'",
    'touch -r .env src/a.ts',
    'touch --reference=.env src/a.ts',
    'ls -la .env > out.txt; cat out.txt',
    // A link's metadata, with or without following it, and its target's name (`%N`): names, not content.
    'ls -l src/link',
    'ls -lL src/link',
    'stat -L src/link',
    'stat -c %N src/link',
    'ls -ld src/keys',
    'stat src/keys',
    // A hard link of `.env` is `.env`: its metadata is still only metadata.
    'stat src/notes.txt',
    // An "ask" class: its metadata goes ahead as well.
    'stat infra/prod.tfvars',
    'ls -la infra/prod.tfvars',
    'sudo -n stat .env 2>/dev/null; true',
    "bash -c 'stat .env && du -sh secrets'",
    'find . -name .env -exec stat {} +',
    'echo *',
    'echo src/*',
  ];
  for (const c of allowed) {
    it(`allows \`${c}\`, which prints no content and no protected folder's names`, () => {
      assert.equal(verdict(c), 'allow', c);
      assert.deepEqual(leaked(run(c)), [], c);
    });
  }

  it('explains an allowed metadata read as one', () => {
    const d = decide(engine, { action: 'execute', paths: [], command: 'stat .env', cwd: ws.root }, { home: '/home/nobody' });
    const env = d.paths.find((p) => p.path === '.env');
    assert.equal(env?.verdict, 'allow');
    assert.match(env?.reason ?? '', /`stat` reads the metadata of "\.env" is class "secret".*only its metadata is read/);
  });

  /** Refused: each prints content, or the names inside a protected folder, or hides what runs. */
  const refused: Array<{ command: string; leaks?: true }> = [
    // Folders whose entries are printed: a listing is a read.
    { command: 'ls secrets', leaks: true },
    { command: 'ls -la secrets', leaks: true },
    { command: 'ls -la secrets/', leaks: true },
    { command: 'ls -R secrets', leaks: true },
    { command: 'ls --hide=x secrets', leaks: true },
    { command: 'ls -la config/.env', leaks: true },
    { command: 'ls -lL src/keys', leaks: true },
    { command: 'ls src/keys/', leaks: true },
    { command: 'ls -l src/keys' },
    { command: 'du secrets', leaks: true },
    { command: 'du -a secrets', leaks: true },
    { command: 'du -h -d 1 secrets' },
    { command: 'du -L src/keys', leaks: true },
    { command: 'cd secrets && ls -la', leaks: true },
    { command: 'cd secrets && du -a', leaks: true },
    { command: 'find secrets -name x' },
    // A glob lists the folder it expands in.
    { command: 'stat secrets/*', leaks: true },
    { command: 'ls -d secrets/*', leaks: true },
    { command: 'du -sh secrets/*', leaks: true },
    // bash lists the folder for any command's glob, `echo` and `printf` included.
    { command: 'echo secrets/*', leaks: true },
    { command: "printf '%s\\n' secrets/*", leaks: true },
    { command: 'for f in secrets/*; do echo "$f"; done', leaks: true },
    { command: 'set -- secrets/*; echo "$@"', leaks: true },
    // Options and words that read content.
    { command: 'du --files0-from=.env', leaks: true },
    { command: 'du -s --files0-from .env', leaks: true },
    { command: 'du -sX .env src' },
    { command: 'du --exclude-from=.env src' },
    { command: 'ls -la $(cat .env)', leaks: true },
    { command: 'stat "$(cat .env)"', leaks: true },
    { command: 'stat $(< .env)', leaks: true },
    { command: '[ "$(cat .env)" ]' },
    { command: 'test -n "$(cat .env)" && echo "$(cat .env)"', leaks: true },
    { command: 'ls .env | xargs cat', leaks: true },
    { command: 'ls -la .env | xargs cat' },
    { command: "stat -c '%n' .env | xargs cat", leaks: true },
    // Commands that read bytes stay reads.
    { command: 'file .env' },
    { command: 'wc -c .env' },
    { command: 'wc -l .env' },
    // A metadata operand does not hide another command's read of the same file.
    { command: 'date -f .env; stat .env', leaks: true },
    { command: 'ls -la .env; date -f .env', leaks: true },
    { command: 'HISTFILE=.env stat .env' },
    // `stat`/`ls` that may not be the system's.
    { command: './bin/stat .env' },
    { command: 'PATH=./bin:$PATH stat .env' },
    { command: 'stat() { cat "$1"; }; stat .env', leaks: true },
    { command: 'alias stat=cat' },
    { command: 'function ls { cat "$@"; }' },
    // An option Airlock does not know (here an abbreviation of --directory) reads the operand.
    { command: 'ls --dir secrets' },
    { command: 'stat --bogus .env' },
  ];
  for (const { command, leaks } of refused) {
    it(`refuses \`${command}\``, () => {
      assert.notEqual(verdict(command), 'allow', command);
      // Run for real, it does print what the refusal keeps back.
      if (leaks === true) assert.notDeepEqual(leaked(run(command)), [], `${command} printed nothing protected: the test proves nothing`);
    });
  }

  it('under a sandbox (rewrite, or verified with masksShellReads) the same lines hold: metadata goes ahead, a named protected folder listed does not', () => {
    for (const confinement of [{ kind: 'rewrite', masks: () => true, masksShellReads: true }, { kind: 'verified', masks: () => true, masksShellReads: true }] as const) {
      const judge = (command: string): string => decide(engine, { action: 'execute', paths: [], command, cwd: ws.root }, { home: '/home/nobody', confinement }).verdict;
      assert.equal(judge('stat .env'), 'allow', confinement.kind);
      assert.equal(judge('ls -ld secrets'), 'allow', confinement.kind);
      assert.equal(judge('ls -la secrets'), 'deny', confinement.kind);
      assert.equal(judge('du --files0-from=.env'), 'deny', confinement.kind);
    }
  });

  it('a path outside the workspace keeps the "outside" verdict; a missing one is judged as a read', () => {
    assert.notEqual(verdict('stat /etc/hostname'), 'allow');
    assert.equal(verdict('stat secrets/not-there.key'), 'deny');
    assert.equal(verdict('ls -la not-there.txt'), 'allow');
  });

  it('in monitor mode a refused listing is recorded as such, an allowed metadata read as allowed', () => {
    const monitor = tempWorkspace({ '.env': 'x', 'secrets/k': 'y' });
    try {
      monitor.policy(JSON.stringify({ version: 1, mode: 'monitor', rules: [{ paths: ['**/.env', 'secrets/'], class: 'secret' }] }));
      const e = loadPolicy(monitor.root, { env: {} });
      const judge = (command: string): string => decide(e, { action: 'execute', paths: [], command, cwd: monitor.root }, { home: '/home/nobody' }).enforcedVerdict;
      assert.equal(judge('ls -la .env'), 'allow');
      assert.equal(judge('ls -la secrets'), 'deny');
    } finally {
      monitor.dispose();
    }
  });
});
