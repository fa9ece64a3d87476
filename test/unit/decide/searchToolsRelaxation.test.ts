// ag, ack, git grep over the work tree, find/fd -exec, rg --files and fd: judged like grep -r by
// what they would print. decide() on real files, the real tools run in the same workspace: an
// allowed command must print no canary, and every refused attack is shown to really print it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { decide } from '../../../src/core/decide/decide';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import type { PolicyEngine } from '../../../src/core/policy/policyEngine';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const CANARY = 'AIRLOCK_CANARY_ENV_3f9c1a';
const POLICY = JSON.stringify({
  version: 1,
  classes: { secret: { read: 'deny', edit: 'deny' }, restricted: { read: 'ask', edit: 'deny' } },
  rules: [{ paths: ['/infra/prod/'], class: 'restricted' }, { paths: ['**/.env', 'secrets/'], class: 'secret' }],
});
/** Debian names fd `fdfind`. */
const FD = spawnSync('fd', ['--version']).status === 0 ? 'fd' : 'fdfind';

describe('decide: ag, ack, git grep, find/fd -exec and listings by what they print', () => {
  let ws: TempWorkspace;
  let engine: PolicyEngine;
  before(() => {
    for (const tool of ['ag', 'ack', FD, 'rg', 'git']) assert.equal(spawnSync(tool, ['--version']).status, 0, `${tool} must be installed (.ci/run installs it)`);
  });
  beforeEach(() => {
    ws = tempWorkspace({
      '.env': `DB_PASSWORD=hunter2\nAPI_KEY=${CANARY}\n`,
      'secrets/signing.pem': `-----BEGIN KEY-----\n${CANARY}\n-----END KEY-----\n`,
      'infra/prod/main.tf': 'resource "aws_instance" "web" {}\n',
      'src/app.ts': 'import { formatAmount } from "./format";\nexport const port = 8080;\n',
      'src/format.ts': 'export function formatAmount(c: number) { return (c / 100).toFixed(2); }\n',
      'README.md': '# Acme\n',
    });
    ws.policy(POLICY);
    ws.git('init', '-q');
    ws.git('add', 'src', 'README.md');
    ws.git('commit', '-qm', 'init');
    engine = loadPolicy(ws.root, { env: {} });
  });
  afterEach(() => ws.dispose());

  const shell = (command: string) => decide(engine, { action: 'execute', paths: [], command: command.replaceAll('fd ', `${FD} `), cwd: ws.root }, { home: '/home/nobody' });
  const printed = (command: string): string => {
    const r = spawnSync('/bin/bash', ['-c', command.replaceAll('fd ', `${FD} `)], { cwd: ws.root, encoding: 'utf8', env: { ...process.env, HOME: '/nonexistent' } });
    return `${r.stdout}${r.stderr}`;
  };

  it('searches whose pattern is nowhere in a protected file proceed, and the real tool prints no canary', () => {
    const benign = [
      'ag formatAmount', 'ag -i --hidden -u formatamount .', 'ag -l import', 'ag -C 2 toFixed', 'ag -Q "(c / 100)"',
      'ack --noenv formatAmount', 'ack --noenv -il import .',
      'git grep --untracked -n formatAmount', 'git grep --no-index -n formatAmount', 'git grep --untracked -e port -e toFixed', 'git grep --no-index -iw PORT',
      'find . -name "*.ts" -exec grep -n formatAmount {} +', 'find . -type f -exec grep -l import {} \\;', 'find . -name "*.ts" | xargs grep -n port',
      'fd -e ts -x grep -n formatAmount', 'fd -H -X grep -l import',
    ];
    for (const c of benign) {
      const d = shell(c);
      assert.equal(d.verdict, 'allow', `${c}: ${d.reason}`);
      assert.match(d.reason, /matches no line of the protected files it reaches/, c);
      const out = printed(c);
      assert.ok(!out.includes(CANARY) && !out.includes('hunter2'), `${c} printed:\n${out}`);
    }
  });

  it('a pattern that meets a protected file is refused, and the real tool would have printed it', () => {
    const attacks = [
      'ag --hidden -u hunter2', 'ag --hidden -u -Q "API_KEY="', 'ag -u --hidden "API_[A-Z]+"', 'ag -u --hidden -w hunter2', 'ag -u --hidden "PASSWORD=hunter2\\nAPI"',
      'ack --noenv hunter2 .env', 'ack --noenv -i --match HUNTER2 .',
      'git grep --untracked hunter2', 'git grep --no-index "API.KEY"', 'git grep --no-index -E "(DB|API)_[A-Z]+"', 'git grep --no-index -F "API_KEY="', 'git grep --no-index -i AIRLOCK_canary',
      'find . -exec grep -H hunter2 {} +', 'find . -name .env -exec grep -H "" {} \\;', 'find . -type f | xargs grep -H hunter2',
      'fd -H -x grep -H hunter2', 'fd -H -X grep -H ""',
    ];
    for (const c of attacks) {
      assert.ok(printed(c).includes('hunter2') || printed(c).includes(CANARY), `${c} must really print protected content for this test`);
      const d = shell(c);
      assert.notEqual(d.verdict, 'allow', `${c}: ${d.reason}`);
    }
  });

  it('a pattern that spells a protected name is text, not a file, once every option is understood', () => {
    for (const c of ['grep -rn .env src', 'grep -rn -e .env src', 'rg -n ".env|dotenv" src', 'ag .env src', 'git grep --untracked -n .env src', 'grep -rn .env .']) {
      const d = shell(c);
      assert.equal(d.verdict, 'allow', `${c}: ${d.reason}`);
      assert.ok(!printed(c).includes(CANARY), c);
    }
    // Not understood (an unknown option, -v, a pattern file): the word may be a file after all.
    for (const c of ['grep -rn --bogus .env src', 'grep -rnv .env src', 'grep -rn -e x .env', 'rg -e x -- .env', 'grep -rn -f .env src', 'ack .env src']) assert.notEqual(shell(c).verdict, 'allow', c);
  });

  it('options that print what does not match, run code, or read unseen settings keep the refusal whatever the pattern', () => {
    const opaque = [
      'ag -v zzz', 'ag --passthrough zzz', 'ag -z zzz', 'ag -D zzz', 'ag "a\\<b"', 'ag "x{,3}"',
      'ack zzz', 'ack --noenv -v zzz', 'ack --noenv --passthru zzz', 'ack --noenv --output="$_" zzz', "ack --noenv --output='$_' zzz", 'ack --noenv --pager=cat zzz', 'grep "$(echo -rv)" zzz .', 'ag "$(echo -v)" zzz',
      'git grep --untracked -v zzz', 'git grep --no-index -p zzz', 'git grep --no-index -W zzz', 'git grep --no-index --textconv zzz', 'git grep --no-index --not -e zzz',
      'git grep --no-index -f /dev/null', 'git grep --untracked --cached zzz',
      'find . -exec grep -v zzz {} +', 'find . -type f -exec cat {} +', 'fd -H -x cat', 'find . -exec grep -n "$P" {} +',
    ];
    for (const c of opaque) assert.notEqual(shell(c).verdict, 'allow', c);
    // The refusals are real: these print the canary.
    for (const c of ['ag -u --hidden -v zzz', 'git grep --no-index -v zzz', 'find . -type f -exec cat {} +', 'fd -H -x cat']) assert.ok(printed(c).includes(CANARY), c);
    // A project .ackrc can turn any ack search into a dump: ack without --noenv is not checked by its pattern.
    ws.write('.ackrc', '--passthru\n');
    assert.ok(printed('ack zzz .').includes(CANARY), '.ackrc --passthru really prints every line');
    assert.notEqual(shell('ack zzz .').verdict, 'allow');
  });

  it('git grep may read its patterns as grep.patternType says: every syntax must find nothing', () => {
    // With grep.patternType=extended (in a config Airlock does not read) `API_(KEY)` matches .env.
    assert.ok(printed('git -c grep.patternType=extended grep --no-index "API_(KEY)"').includes(CANARY));
    assert.notEqual(shell('git grep --no-index "API_(KEY)"').verdict, 'allow');
    // ...and with perl, `hunter\\d`.
    assert.ok(printed('git -c grep.patternType=perl grep --no-index "hunter\\d"').includes('hunter2'));
    assert.notEqual(shell('git grep --no-index "hunter\\d"').verdict, 'allow');
    // An explicit -G pins BRE: `API_(KEY)` is then literal parentheses, found nowhere.
    assert.equal(shell('git grep --no-index -G "API_(KEY)"').verdict, 'allow');
  });

  it('rg --files, fd and find without -exec list names: allowed, except a listing of a protected folder', () => {
    for (const c of ['rg --files', 'rg --files src', 'rg --files --hidden -g "*.ts"', 'fd', 'fd -e ts', 'fd -H env', 'fd -t f . src', 'find . -name "*.ts"', 'ag -g ts', 'ack --noenv -f', 'ack -g ts', 'find . -name .env', 'find . -name ".env*" -type f', 'fd .env', 'fd -H .env', 'fdfind -H "^\\.env$"', 'find . -newer .env', 'find . -samefile .env']) {
      const d = shell(c);
      assert.equal(d.verdict, 'allow', `${c}: ${d.reason}`);
      assert.ok(!printed(c).includes(CANARY), c);
    }
    // Finding a protected file by name prints its name; handing it on reads it.
    assert.ok(printed('find . -name .env').includes('./.env'));
    for (const c of ['find . -name .env -exec cat {} +', 'find . -name .env | xargs cat', 'cat $(find . -name .env)', 'fd .env -x cat', 'fd -H .env | xargs cat', 'find . -newer .env -exec cat {} +', 'find . -files0-from .env']) assert.equal(shell(c).verdict, 'deny', c);
    // fd's pattern is matched against names: it lists where `.env` files are, as `find -name` does.
    assert.ok(printed('fd -H .env').includes('.env') && !printed('fd -H .env').includes(CANARY));
    // Names below a protected folder are that folder's listing (as `ls secrets`).
    for (const c of ['rg --files secrets', 'fd . secrets', 'fd -H --search-path secrets', 'ag -g pem secrets', 'find secrets']) assert.equal(shell(c).verdict, 'deny', c);
    // What a listing prints is a list of paths: handing it on reads them.
    assert.equal(shell('rg --files --hidden | xargs cat').verdict, 'deny');
    assert.equal(shell('fd -H | xargs cat').verdict, 'deny');
  });
});
