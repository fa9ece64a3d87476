// A search whose pattern matches nothing in the protected files it reaches is allowed; everything
// an attacker could use to print protected content through a search keeps the refusal. decide()
// on real files in a temp workspace, through the same shell parser and file-tool mapping the hook
// uses; real grep and ripgrep run where the test asserts what they would print.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { linkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide, type DecideOptions } from '../../../src/core/decide/decide';
import type { SecretCheck } from '../../../src/core/decide/scopeScan';
import { SEARCH_CHECK_MAX_FILE_BYTES, SEARCH_CHECK_MAX_FILES } from '../../../src/core/decide/searchRelaxation';
import { decideHookEvent } from '../../../src/core/hook/decideHookEvent';
import { mapToolCall } from '../../../src/core/hook/toolAccess';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import type { PolicyEngine } from '../../../src/core/policy/policyEngine';
import { probeFile } from '../../../src/core/secrets/secretProbe';
import { gitFactsFor } from '../../../src/core/workspace/gitFacts';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

const CANARY = 'AIRLOCK_CANARY_ENV_3f9c1a';
const POLICY = JSON.stringify({
  version: 1,
  classes: { secret: { read: 'deny', edit: 'deny' }, restricted: { read: 'ask', edit: 'deny' } },
  rules: [{ paths: ['/infra/prod/'], class: 'restricted' }, { paths: ['**/.env', 'secrets/'], class: 'secret' }],
});

describe('decide: searches that cannot print protected content', () => {
  let ws: TempWorkspace;
  let engine: PolicyEngine;
  beforeEach(() => {
    ws = tempWorkspace({
      '.env': `DB_PASSWORD=hunter2\nAPI_KEY=${CANARY}\n`,
      'secrets/signing.pem': '-----BEGIN KEY-----\nAAAA\n-----END KEY-----\n',
      'infra/prod/main.tf': 'resource "aws_instance" "web" {}\n',
      'src/app.ts': 'import { formatAmount } from "./format";\nexport const port = 8080;\n',
      'src/format.ts': 'export function formatAmount(c: number) { return (c / 100).toFixed(2); }\n',
      'README.md': '# Acme\n',
    });
    ws.policy(POLICY);
    engine = loadPolicy(ws.root, { env: {} });
  });
  afterEach(() => ws.dispose());

  const shell = (command: string, options: DecideOptions = {}) => decide(engine, { action: 'execute', paths: [], command, cwd: ws.root }, { home: '/home/nobody', ...options });
  const tool = (name: string, input: Record<string, unknown>, options: DecideOptions = {}) => {
    const facts = mapToolCall(name, input, ws.root);
    return decideHookEvent(engine, { client: 'claude-code', event: 'pre-tool', rawEventName: 'PreToolUse', sessionId: 's', cwd: ws.root, toolName: name, requests: facts.requests }, options);
  };
  /** What the real tool prints for the command (run in the workspace). */
  const printed = (command: string): string => {
    const r = spawnSync('/bin/bash', ['-c', command], { cwd: ws.root, encoding: 'utf8' });
    return `${r.stdout}${r.stderr}`;
  };

  it('a repository-wide grep, rg and Grep tool whose pattern is nowhere in a protected file proceed, naming the files checked', () => {
    for (const c of ['grep -rn formatAmount .', 'grep -rniw "port" .', 'rg -n formatAmount', 'rg -i "format(Amount)?" .', 'egrep -r "port|formatAmount" .', 'grep -rF -e port -e toFixed .', 'grep -rc import .', 'grep -rl import .', 'grep -rn -C 3 formatAmount .']) {
      const d = shell(c);
      assert.equal(d.verdict, 'allow', `${c}: ${d.reason}`);
      assert.match(d.reason, /matches no line of the protected files it reaches \(".env", "secrets\/signing.pem", "infra\/prod\/main.tf"\)/);
      assert.ok(!printed(c).includes(CANARY));
    }
    for (const [name, input] of [['Grep', { pattern: 'formatAmount', output_mode: 'content', '-n': true, '-C': 2 }], ['grep', { pattern: 'formatAmount', path: ws.root }], ['grep_search', { query: 'formatAmount', isRegexp: false }]] as const) {
      assert.equal(tool(name, input).verdict, 'allow', name);
    }
  });

  it('a pattern that matches the canary, in any reading, is refused', () => {
    const attacks = [
      `grep -rn ${CANARY} .`, 'grep -rn API_KEY .', 'grep -rn "API_.*" .', 'grep -rni api_key .', 'grep -rnw API_KEY .', 'grep -rx "API_KEY=.*" .',
      'grep -rE "(DB|API)_[A-Z]+" .', 'grep -r "AIRLOCK\\|nothing" .', 'grep -rn "^A" .', 'grep -rn "[[:upper:]]_KEY" .', 'grep -rn "\\w\\+_CANARY" .',
      'grep -rn = .', 'grep -rn "" .', 'grep -rnz hunter2 .', 'grep -rn "hunter2$" .', 'fgrep -r hunter2 .', 'rgrep hunter2 .', 'grep -r -e nothing -e hunter2 .',
      'rg API', 'rg -i "api_key"', 'rg "\\bAPI_KEY\\b"', 'rg -U "PASSWORD=hunter2\\nAPI"', 'rg "A.I_K[E]Y"', 'rg -F "API_KEY="', 'rg "r\\d"', 'rg -w hunter2', 'rg -e x -e hunter2',
      'grep -rn BEGIN .', 'rg resource',
      // Flags taken back: the last one counts.
      'rg -F -w "API.KEY" --no-fixed-strings --no-word-regexp', 'rg -x API_KEY --no-line-regexp', 'grep -rwx hunter2 .', 'rg -w -x "DB_PASSWORD=hunter2"',
    ];
    for (const c of attacks) {
      const d = shell(c);
      assert.notEqual(d.verdict, 'allow', `${c}: ${d.reason}`);
    }
    // `\d{4}` is nowhere in a protected file (the canary has no four digits in a row): it proceeds,
    // and the real ripgrep prints no protected line. (It used to be refused only because the
    // pattern word was also read as a file name.)
    assert.equal(shell('rg "\\d{4}"').verdict, 'allow');
    assert.ok(!printed('rg --hidden "\\d{4}" .').includes(CANARY));
    // The restricted file matched, the secret ones did not: the verdict is the restricted class's.
    assert.equal(shell('rg resource').verdict, 'ask');
    assert.equal(shell('grep -rn BEGIN .').verdict, 'deny');
    assert.notEqual(tool('Grep', { pattern: 'API_KEY', output_mode: 'content' }).verdict, 'allow');
    // A right guess is not repeated in the answer (it would land in the audit log).
    assert.ok(!tool('Grep', { pattern: 'hunter2' }).reason.includes('hunter2'));
    assert.ok(!shell('grep -rn hunter2 .').reason.includes('hunter2'));
    assert.notEqual(tool('Grep', { pattern: 'api_key', '-i': true }).verdict, 'allow');
    assert.notEqual(tool('Grep', { pattern: 'PASSWORD.hunter2.API', multiline: true }).verdict, 'allow');
    assert.notEqual(tool('grep_search', { query: 'API_KEY' }).verdict, 'allow');
  });

  it('-v and other options that print non-matching lines or change matching keep the refusal, whatever the pattern', () => {
    for (const c of ['grep -rv zzz .', 'grep -rvn zzz .', 'grep -r --invert-match zzz .', 'grep -r --inv zzz .', 'rg -v zzz', 'rg --passthru zzz', 'rg --pre cat zzz', 'rg -z zzz', 'grep -rP zzz .', 'zgrep -r zzz .', 'rg --engine pcre2 zzz', 'rg -E latin1 zzz', 'grep -rn "$PAT" .', 'grep -rn -f /dev/stdin . <<< hunter2', 'RIPGREP_CONFIG_PATH=/tmp/x rg zzz', 'export GREP_OPTIONS=-v; grep -r zzz .', 'grep -r zzz . ; grep -rv zzz .', 'grep -rX perl zzz .']) {
      const d = shell(c);
      assert.notEqual(d.verdict, 'allow', `${c}: ${d.reason}`);
    }
    assert.ok(printed('grep -rv zzz .').includes(CANARY), 'the test must reproduce what -v would print');
    assert.notEqual(tool('Grep', { pattern: 'zzz', invert_match: true }).verdict, 'allow');
    assert.notEqual(shell('rg zzz', { ripgrepConfig: 'RIPGREP_CONFIG_PATH is set' }).verdict, 'allow');
  });

  it('a command line that can redefine grep (alias, function, sourced or evaluated code, PATH) is not checked by pattern', () => {
    for (const c of [
      'shopt -s expand_aliases\nalias grep="grep -v"\ngrep -r zzz .', 'grep() { command grep -v "$@"; }; grep -r zzz .', 'function grep { command grep -v "$@"; }; grep -r zzz .',
      'source ./x.sh; grep -r zzz .', '. ./x.sh; grep -r zzz .', 'PATH=./bin:$PATH grep -r zzz .', 'eval "grep -r zzz ."', 'hash -p /bin/cat grep; grep -r zzz .',
    ]) {
      assert.notEqual(shell(c).verdict, 'allow', c);
    }
    ws.write('src/x.sh', '');
    assert.ok(printed('shopt -s expand_aliases\nalias grep="grep -v"\ngrep -r zzz .').includes(CANARY), 'the alias really turns the search into a dump');
    const payload = { client: 'codex' as const, event: 'pre-tool' as const, rawEventName: 'PreToolUse', sessionId: 's', cwd: ws.root, toolName: 'write_stdin', requests: [{ action: 'execute' as const, paths: [], cwd: ws.root }], command: 'grep -r zzz .' };
    assert.notEqual(decideHookEvent(engine, payload, { home: '/home/nobody' }).verdict, 'allow');
  });

  it('a pattern file is never trusted (it may be written by the same command after the check)', () => {
    ws.write('pat.txt', 'zzz\n');
    for (const c of ['grep -rf pat.txt .', 'printf API_KEY > pat.txt; grep -r -f pat.txt .', 'rg -f pat.txt', 'grep -r --file=pat.txt .']) {
      assert.notEqual(shell(c).verdict, 'allow', c);
    }
  });

  it('a regex Airlock cannot translate exactly keeps the refusal', () => {
    for (const c of ['grep -rn "\\(a\\)\\1" .', 'rg "(?i)zzz"', 'rg "\\p{Greek}"', 'rg "[a&&b]"', 'rg "\\x41PI"', 'grep -rn "[[=a=]]" .', 'grep -rE "a{1" .', 'rg "zz(?=z)"', 'grep -rn "\\d" .']) {
      const d = shell(c);
      assert.notEqual(d.verdict, 'allow', `${c}: ${d.reason}`);
      assert.match(d.reason, /was not checked|could print/);
    }
  });

  it('case folding and Unicode tricks: ſ and K (Kelvin) never slip past -i', () => {
    // ſ (U+017F) folds to s, K (U+212A) to k: grep -i and rg -i match them.
    ws.write('.env', 'PASSWORD=ſecret\nTOKEN=Kelvin\n');
    for (const c of ['rg --hidden -i secret .', 'rg --hidden -i "token=kelvin" .', 'rg --hidden -i "PASSWORD=SECRET" .', 'rg --hidden -i "\\w=\\wecret" .']) {
      assert.ok(printed(c).includes('.env'), `${c} must really match for this test`);
      assert.notEqual(shell(c).verdict, 'allow', c);
    }
    // grep in the C locale matches byte by byte: ſ is two bytes there, so `..` covers it.
    assert.ok(printed('LC_ALL=C grep -rn "PASSWORD=..ecret" .').includes('.env'));
    assert.notEqual(shell('grep -rn "PASSWORD=..ecret" .').verdict, 'allow');
    assert.equal(shell('grep -rn zzz .').verdict, 'allow');
    // A BOM: ripgrep drops it, so `^TOKEN` matches the first line after it.
    ws.write('.env', '\ufeffTOKEN=1\n');
    assert.ok(printed('rg --hidden "^TOKEN" .').includes('.env'));
    assert.notEqual(shell('rg --hidden "^TOKEN" .').verdict, 'allow');
  });

  it('a protected file reached through a symlink, and a hard link of a protected file, are checked by content', () => {
    symlinkSync(join(ws.root, '.env'), join(ws.root, 'src/env-link'));
    linkSync(join(ws.root, '.env'), join(ws.root, 'src/env-hard'));
    assert.notEqual(shell('grep -rn hunter2 src').verdict, 'allow');
    assert.notEqual(shell('grep -Rn hunter2 src').verdict, 'allow');
    assert.notEqual(shell('rg -L hunter2 src').verdict, 'allow');
    // A pattern none of them holds proceeds.
    assert.equal(shell('grep -Rn formatAmount src').verdict, 'allow');
  });

  it('a link to a folder is followed as grep -R and rg -L follow it: protected files behind it count and are checked', () => {
    symlinkSync('..', join(ws.root, 'src/up'));
    assert.ok(printed('grep -R hunter2 src').includes('hunter2'), 'grep -R really follows the link');
    assert.notEqual(shell('grep -R hunter2 src').verdict, 'allow');
    assert.notEqual(tool('Grep', { pattern: 'hunter2', path: join(ws.root, 'src'), glob: '*.ts' }).verdict, 'allow');
    assert.equal(shell('grep -R formatAmount src').verdict, 'allow');
  });

  it(`a scope with more protected files than one check lists (${SEARCH_CHECK_MAX_FILES}) keeps the refusal`, () => {
    for (let i = 0; i <= SEARCH_CHECK_MAX_FILES; i++) ws.write(`pkgs/p${i}/.env`, 'X=1\n');
    const d = shell('grep -rn zzz pkgs');
    assert.equal(d.verdict, 'deny');
    assert.doesNotMatch(d.reason, /allowed because/);
    assert.equal(shell('grep -rn zzz pkgs/p1').verdict, 'allow');
  });

  it('a protected file too large to check keeps the refusal (never allow)', () => {
    writeFileSync(join(ws.root, '.env'), `${'x'.repeat(SEARCH_CHECK_MAX_FILE_BYTES)}\nAPI_KEY=${CANARY}\n`);
    const d = shell('grep -rn zzz .');
    assert.equal(d.verdict, 'deny');
    assert.match(d.reason, /larger than/);
  });

  it('binary and UTF-16 protected files are read every way a tool may read them (bytes, UTF-8, UTF-16 both orders)', () => {
    for (const [encoding, bom] of [['utf16le', '\ufeff'], ['utf16le', ''], ['latin1', '']] as const) {
      writeFileSync(join(ws.root, '.env'), Buffer.from(`${bom}API_KEY=${CANARY}\n`, encoding));
      assert.notEqual(shell('rg -n API_KEY').verdict, 'allow', `${encoding} ${bom ? 'with' : 'without'} BOM`);
      assert.notEqual(shell('grep -rn -a API_KEY .').verdict, 'allow');
      assert.equal(shell('grep -rn zzz .').verdict, 'allow');
    }
    // ripgrep really transcodes a UTF-16 file with a BOM and prints the canary: the check must see it.
    writeFileSync(join(ws.root, '.env'), Buffer.from(`\ufeffAPI_KEY=${CANARY}\n`, 'utf16le'));
    assert.ok(printed('rg --hidden -n API_KEY .').includes(CANARY));
    assert.notEqual(shell('rg --hidden -n API_KEY .').verdict, 'allow');
    // Binary bytes around a match: grep -a prints the line.
    writeFileSync(join(ws.root, '.env'), Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0x0a]), Buffer.from(`API_KEY=${CANARY}\n`)]));
    assert.ok(printed('grep -rna CANARY .').includes(CANARY));
    assert.notEqual(shell('grep -rna CANARY .').verdict, 'allow');
    assert.equal(shell('grep -rna zzz .').verdict, 'allow');
  });

  it('live secrets in an unprotected file: a pattern matching the secret\'s line is refused with the "secrets" verdict', () => {
    const token = new FakeTokens(7).github();
    ws.write('src/config.ts', `export const github = "${token}";\n`);
    const secretIn = (abs: string): SecretCheck | null => {
      const v = probeFile(abs, ws.root);
      return v.kind === 'secret' ? { rule: v.rule, line: v.line } : v.kind === 'unscanned' ? { unscanned: v.reason } : null;
    };
    const d = shell('grep -rn github src', { secretIn });
    assert.equal(d.verdict, 'deny');
    assert.match(d.reason, /src\/config\.ts/);
    assert.notEqual(shell(`rg ${token.slice(0, 8)} src`, { secretIn }).verdict, 'allow');
    assert.equal(shell('grep -rn formatAmount src', { secretIn }).verdict, 'allow');
  });

  it('git grep reads tracked files only: a git-ignored .env does not count, unless --untracked or --no-index', () => {
    ws.write('.gitignore', '.env\nsecrets/\ninfra/prod/\n');
    ws.git('init', '-q');
    ws.git('add', '-A');
    ws.git('commit', '-qm', 'init');
    const git = gitFactsFor(ws.root);
    assert.equal(shell('git grep -n API_KEY', { git }).verdict, 'allow');
    assert.ok(!printed('git grep -n API_KEY').includes(CANARY));
    assert.notEqual(shell('git grep -n --untracked API_KEY', { git }).verdict, 'allow');
    assert.ok(printed('git grep -n --untracked --no-exclude-standard API_KEY').includes(CANARY), 'the refused form really prints it');
    assert.notEqual(shell('git grep -n --no-index API_KEY', { git }).verdict, 'allow');
  });

  it('listings read no content: find -name, ls -R, tree proceed over a tree that holds .env', () => {
    for (const c of ['find . -name "*.ts"', 'ls -R .', 'ls -laR', 'tree', 'tree -a .', 'find . -type f | wc -l']) assert.equal(shell(c).verdict, 'allow', c);
    assert.equal(tool('list', { path: ws.root }).verdict, 'allow');
    assert.equal(tool('list', { path: join(ws.root, 'secrets') }).verdict, 'deny');
  });

  it('a search named at a protected file directly keeps its verdict (no probing by name)', () => {
    assert.equal(shell('grep -n zzz .env').verdict, 'deny');
    assert.equal(shell('grep -rn zzz secrets').verdict, 'deny');
    assert.equal(tool('Grep', { pattern: 'zzz', path: join(ws.root, '.env') }).verdict, 'deny');
  });

  it('a pattern built to backtrack forever is answered at once (linear-time matching)', () => {
    ws.write('.env', `${'a'.repeat(50_000)}!\n`);
    // No match (the line ends in "!"), which ripgrep agrees with; a backtracking engine would not return.
    assert.equal(shell('rg "(a+)+$"').verdict, 'allow');
    assert.ok(!printed('rg --hidden "(a+)+$" .').includes('.env'));
    assert.notEqual(shell('rg "(a|aa)+!"').verdict, 'allow');
  });
});
