import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = `{
  "version": 1,
  "rules": [
    { "paths": ["/infra/prod/"], "class": "restricted", "reason": "Production infrastructure" },
    { "paths": ["**/.env", "secrets/"], "class": "secret", "reason": "Credentials" }
  ]
}`;

describe('airlock CLI', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace({ '.env': 'X=1', 'secrets/a.txt': 'a', 'infra/prod/main.tf': 'x', 'src/app.ts': 'x', 'src/deep/b.ts': 'y' });
    ws.policy(POLICY);
  });
  afterEach(() => ws.dispose());

  it('prints usage and exits 2 without a command; unknown commands exit 2', async () => {
    assert.equal((await runAirlock([], { cwd: ws.root })).code, 2);
    const unknown = await runAirlock(['frobnicate'], { cwd: ws.root });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
  });

  for (const cmd of ['init', 'check', 'explain', 'sync', 'hook', 'audit', 'secrets']) {
    it(`${cmd} --help`, async () => {
      const r = await runAirlock([cmd, '--help'], { cwd: ws.root });
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`Usage: airlock ${cmd}`));
    });
  }

  // Every command group reads its first word alike (the top-level command does the same).
  for (const group of ['audit', 'secrets', 'provenance', 'org', 'telemetry', 'launcher']) {
    it(`${group}: no subcommand prints the help and exits 2; help exits 0; an unknown one exits 2 and names the known ones`, async () => {
      const none = await runAirlock([group], { cwd: ws.root });
      assert.equal(none.code, 2);
      assert.match(none.stdout, new RegExp(`Usage: airlock ${group}`));
      for (const help of ['--help', '-h', 'help']) {
        const r = await runAirlock([group, help], { cwd: ws.root });
        assert.equal(r.code, 0, `${group} ${help}`);
        assert.match(r.stdout, new RegExp(`Usage: airlock ${group}`));
      }
      const unknown = await runAirlock([group, 'frobnicate', '--json'], { cwd: ws.root });
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, new RegExp(`^airlock ${group}: unknown subcommand "frobnicate"; use \\w`));
      assert.equal(unknown.stdout, '', 'nothing ran');
    });
  }

  it('a usage mistake is one clear line, exit 2, no stack trace', async () => {
    const r = await runAirlock(['explain', '--bogus', 'x'], { cwd: ws.root });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /airlock explain: Unknown option '--bogus'/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  describe('init', () => {
    it('writes a valid starter policy and refuses to overwrite it', async () => {
      const other = tempWorkspace();
      try {
        const r = await runAirlock(['init'], { cwd: other.root });
        assert.equal(r.code, 0);
        const check = await runAirlock(['check'], { cwd: other.root });
        assert.equal(check.code, 0, check.stderr);
        const before = readFileSync(join(other.root, '.airlock/policy.json'), 'utf8');
        const again = await runAirlock(['init'], { cwd: other.root });
        assert.equal(again.code, 1);
        assert.match(again.stderr, /already exists/);
        assert.equal(readFileSync(join(other.root, '.airlock/policy.json'), 'utf8'), before);
      } finally {
        other.dispose();
      }
    });
  });

  describe('explain', () => {
    it('--json: one object per path in the order given', async () => {
      const r = await runAirlock(['explain', '--json', 'src/app.ts', '.env', 'infra/prod/main.tf', '/etc/hosts'], { cwd: ws.root });
      assert.equal(r.code, 0);
      const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
      assert.deepEqual(out.map((o) => o.path), ['src/app.ts', '.env', 'infra/prod/main.tf', '/etc/hosts']);
      assert.deepEqual(out.map((o) => [o.class, o.read, o.edit]), [
        ['public', 'allow', 'allow'],
        ['secret', 'deny', 'deny'],
        ['restricted', 'ask', 'deny'],
        ['(outside the workspace)', 'ask', 'ask'],
      ]);
      assert.deepEqual(out[1].rule, { source: '.airlock/policy.json', line: 5 });
      assert.equal(out[0].rule, null);
      assert.match(String(out[2].reason), /Production infrastructure/);
    });
    it('finds the workspace from a subfolder and resolves paths from there', async () => {
      const r = await runAirlock(['explain', '--json', '../../.env'], { cwd: join(ws.root, 'src/deep') });
      assert.equal((JSON.parse(r.stdout) as Array<{ read: string }>)[0].read, 'deny');
    });
    it('--action edit shows only the edit verdict', async () => {
      const r = await runAirlock(['explain', '--action', 'edit', 'infra/prod/main.tf'], { cwd: ws.root });
      assert.match(r.stdout, /edit +deny/);
      assert.doesNotMatch(r.stdout, /read +ask/);
    });
    it('with an invalid policy: every verdict deny, the problem named, exit 2', async () => {
      ws.policy('{ "version": 1, "rules": [ { "paths": ["a/"], "class": "secrett" } ] }');
      const r = await runAirlock(['explain', 'src/app.ts'], { cwd: ws.root });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\.airlock\/policy\.json:1:\d+: error: unknown class "secrett"/);
      assert.match(r.stdout, /read +deny/);
    });
  });

  describe('check', () => {
    it('summarises the workspace per class and lists protected files', async () => {
      const r = await runAirlock(['check', '--json'], { cwd: ws.root });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const out = JSON.parse(r.stdout) as { files: number; classes: Array<{ name: string; files: number }>; protected: Array<{ path: string }> };
      const byName = Object.fromEntries(out.classes.map((c) => [c.name, c.files]));
      assert.equal(byName.secret, 2);
      assert.equal(byName.restricted, 1);
      assert.deepEqual(out.protected.map((p) => p.path), ['.env', 'infra/prod/main.tf', 'secrets/a.txt']);
    });
    it('walks once, skipping what git ignores unless a rule names it, and warns about loosening with no file', async () => {
      ws.git('init', '-q');
      ws.write('.gitignore', 'node_modules/\n.env\n');
      ws.write('node_modules/pkg/index.js', 'x');
      ws.write('node_modules/pkg/.env', 'X=1');
      ws.policy(POLICY.replace('"class": "secret", "reason": "Credentials" }', '"class": "secret", "reason": "Credentials" },\n    { "paths": ["/src/"], "class": "public" }'));
      const r = await runAirlock(['check', '--json'], { cwd: ws.root });
      const out = JSON.parse(r.stdout) as { files: number; protected: Array<{ path: string }>; policy: { problems: Array<{ code: string; message: string }> }; secrets: { files: number } };
      assert.deepEqual(out.protected.map((p) => p.path), ['.env', 'infra/prod/main.tf', 'secrets/a.txt'], 'the ignored .env is still shown');
      assert.equal(out.files, 7, 'node_modules is not walked');
      assert.equal(out.secrets.files, 6, 'secrets are scanned as CI sees a checkout: not the ignored .env');
      const loose = out.policy.problems.filter((p) => p.code === 'loosened-by-later-rule');
      assert.equal(loose.length, 1);
      assert.match(loose[0].message, /pattern "\/src\/" \(class "public"\) can loosen the stricter earlier pattern "secrets\/" \(class "secret", line 5\)/);
    });
    it('exits 2 on an invalid policy and reports every error', async () => {
      ws.policy('{ "version": 1, "mode": "loud", "rules": [ { "paths": ["[x"], "class": "public" } ] }');
      const r = await runAirlock(['check'], { cwd: ws.root });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /"mode" must be one of/);
      assert.match(r.stderr, /invalid pattern "\[x"/);
    });
    it('exits 2 outside any workspace, with advice', async () => {
      const other = tempWorkspace();
      try {
        const r = await runAirlock(['check'], { cwd: other.root });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /airlock init/);
      } finally {
        other.dispose();
      }
    });
    it('fails (exit 1) when synced native controls drift from the policy', async () => {
      assert.equal((await runAirlock(['sync'], { cwd: ws.root })).code, 0);
      assert.equal((await runAirlock(['check'], { cwd: ws.root })).code, 0);
      ws.policy(POLICY.replace('"secrets/"', '"secrets/", "*.key"'));
      const r = await runAirlock(['check', '--json'], { cwd: ws.root });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /airlock sync/);
    });
  });

  describe('sync', () => {
    it('writes the native files, keeps hand-written lines, is idempotent, and --check reports drift', async () => {
      ws.policy(POLICY.replace('"version": 1,', '"version": 1,\n  "sync": { "targets": "all" },'));
      ws.write('.cursorignore', '# mine\nbuild/\n');
      const first = await runAirlock(['sync', '--json'], { cwd: ws.root });
      assert.equal(first.code, 0, first.stderr);
      const cursor = readFileSync(join(ws.root, '.cursorignore'), 'utf8');
      assert.match(cursor, /^# mine\nbuild\/\n/);
      assert.match(cursor, /\*\*\/\.env/);
      const settings = JSON.parse(readFileSync(join(ws.root, '.claude/settings.json'), 'utf8')) as { permissions: { deny: string[] } };
      assert.ok(settings.permissions.deny.includes('Read(/**/.env)'));
      const second = JSON.parse((await runAirlock(['sync', '--json'], { cwd: ws.root })).stdout) as { files: Array<{ status: string }> };
      assert.ok(second.files.every((f) => f.status === 'unchanged'));
      writeFileSync(join(ws.root, '.aiexclude'), 'tampered\n');
      const check = await runAirlock(['sync', '--check'], { cwd: ws.root });
      assert.equal(check.code, 1);
      assert.match(check.stdout, /^--- a\/\.aiexclude\n\+\+\+ b\/\.aiexclude\n@@ /m);
      assert.match(check.stdout, /^ tampered$/m, 'the hand-written line is context: it stays');
      assert.match(check.stdout, /^\+# >>> airlock managed/m);
      assert.match(check.stdout, /1 file differ from the policy/);
      assert.equal(readFileSync(join(ws.root, '.aiexclude'), 'utf8'), 'tampered\n', '--check writes nothing');
    });
    it('prints one line by default, and the coverage table with --verbose', async () => {
      ws.write('.cursor/rules/style.mdc', 'x');
      const quiet = await runAirlock(['sync'], { cwd: ws.root });
      assert.equal(quiet.code, 0, quiet.stderr);
      assert.equal(quiet.stdout.trim().split('\n').length, 1, quiet.stdout);
      assert.match(quiet.stdout, /^airlock sync: 2 files written, 0 up to date, for cursor \(detected; choose with "sync"/);
      const r = await runAirlock(['sync', '--verbose'], { cwd: ws.root });
      assert.match(r.stdout, /^ {2}unchanged \.cursorignore$/m);
      // A warning about the setup itself is shown without --verbose.
      ws.write('package.json', JSON.stringify({ devDependencies: { airlock: '^1.0.0' } }));
      const warned = await runAirlock(['sync'], { cwd: ws.root });
      assert.match(warned.stdout, /^ {2}warning: package\.json: package\.json lists "airlock", an unrelated npm package/m);
      assert.match(warned.stdout, /1 warning \(all with --verbose\)$/m);
      assert.match(r.stdout, /\| Cursor \| advisory \|/);
      assert.doesNotMatch(r.stdout, /\| Claude Code \|/);
    });
    it('writes only for the assistants detected, or chosen in the policy, and rejects an unknown target', async () => {
      ws.write('CLAUDE.md', '# notes');
      await runAirlock(['sync'], { cwd: ws.root });
      assert.ok(existsSync(join(ws.root, '.claude/settings.json')));
      for (const f of ['.cursorignore', '.aiexclude', '.github/hooks/airlock.json', '.vscode/settings.json', '.codex/hooks.json']) assert.ok(!existsSync(join(ws.root, f)), f);
      ws.policy(POLICY.replace('"version": 1,', '"version": 1,\n  "sync": { "targets": ["copilot", "cursor"] },'));
      const chosen = await runAirlock(['sync'], { cwd: ws.root });
      assert.match(chosen.stdout, /for copilot, cursor \(chosen in the policy\)/);
      assert.ok(existsSync(join(ws.root, '.github/hooks/airlock.json')) && existsSync(join(ws.root, '.cursorignore')));
      ws.policy(POLICY.replace('"version": 1,', '"version": 1,\n  "sync": { "targets": ["cursorr"] },'));
      const bad = await runAirlock(['sync'], { cwd: ws.root });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /unknown sync target "cursorr" \(did you mean "cursor"\?\)/);
    });
    it('--check ignores lines people add outside the managed block, but not a negation after it', async () => {
      ws.write('.cursorignore', 'dist/\n');
      assert.equal((await runAirlock(['sync'], { cwd: ws.root })).code, 0);
      writeFileSync(join(ws.root, '.cursorignore'), `${readFileSync(join(ws.root, '.cursorignore'), 'utf8')}coverage/\n`);
      const ok = await runAirlock(['sync', '--check'], { cwd: ws.root });
      assert.equal(ok.code, 0, ok.stdout);
      assert.match(ok.stdout, /native controls match the policy/);
      writeFileSync(join(ws.root, '.cursorignore'), `${readFileSync(join(ws.root, '.cursorignore'), 'utf8')}!.env\n`);
      const reopened = await runAirlock(['sync', '--check'], { cwd: ws.root });
      assert.equal(reopened.code, 1, 'a "!" line after the block could re-include a protected file');
      assert.match(reopened.stdout, /^\+!\.env$/m);
    });
  });

  describe('audit', () => {
    it('verify passes on an untouched log and names an edited line', async () => {
      const event = JSON.stringify({ session_id: 's', transcript_path: '/t', cwd: ws.root, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: join(ws.root, '.env') } });
      for (let i = 0; i < 3; i++) await runAirlock(['hook'], { cwd: ws.root, stdin: event });
      assert.equal((await runAirlock(['audit', 'verify'], { cwd: ws.root })).code, 0);
      const file = join(ws.root, '.airlock/audit/audit.jsonl');
      const lines = readFileSync(file, 'utf8').split('\n');
      lines[1] = lines[1].replace('"deny"', '"allow"');
      writeFileSync(file, lines.join('\n'));
      const r = await runAirlock(['audit', 'verify'], { cwd: ws.root });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /audit\.jsonl:2: edited-line/);
      const ecs = await runAirlock(['audit', 'export', '--format', 'ecs'], { cwd: ws.root });
      assert.equal(ecs.code, 0);
      assert.equal(ecs.stdout.trim().split('\n').length, 3);
    });
  });
});
