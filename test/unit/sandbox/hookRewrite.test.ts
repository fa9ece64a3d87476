// The hook's shell rewrite as each client reads it: the exact shape per client, the original
// command reaching the inner shell byte for byte, and where it does NOT rewrite (Claude Code's own
// sandbox on, the policy turning it off) or refuses (an ask the client cannot put to the user).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ClientId } from '../../../src/core/words/clientTypes';
import { rewriteCommandLine, rewriteToolInput } from '../../../src/core/hook/shellRewrite';
import { posixQuote } from '../../../src/core/util/posixQuote';
import { CLI, runCli } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { sandboxSuite } from '../../helpers/sandboxWorkspace';
import { hookOnly as hookOnlyPolicy } from '../../helpers/benignCorpus';
import { rewrittenCommand } from '../../helpers/hookAnswers';

const SHELL_TOOL: Record<ClientId, string> = { 'claude-code': 'Bash', codex: 'Bash', 'copilot-cli': 'bash', 'copilot-cli-vscode': 'Bash', vscode: 'run_in_terminal', opencode: 'bash' };

/** Commands whose quoting an honest rewrite must survive. */
const NASTY = [
  `echo 'single' "double" $'ansi\\tc' \\$HOME`,
  `printf '%s\\n' "it's" 'say "hi"' 'back\\\\slash'`,
  `echo "$(echo nested "$(echo deeper)")" \`echo old\``,
  `cat <<'EOF'\nline one $NOT_EXPANDED\n  'quoted' "x"\nEOF`,
  `x='a b'; for w in $x; do echo "[$w]"; done; echo ok && echo ';' || true`,
  `echo ünïcödé 🚀 \\'`,
  `echo '!' "!!" '*' "?" '[a]'; echo {a,b}`,
  `echo -- '--root /etc' -c "'"`,
];

function hook(client: ClientId, ws: string, input: Record<string, unknown>): ReturnType<typeof runCli> {
  return runCli(['hook', '--client', client], { cwd: ws, input: JSON.stringify(hookPayload({ client, tool: SHELL_TOOL[client], input }, ws)) });
}

function withoutClaudeSandbox(ws: string): void {
  const file = path.join(ws, '.claude/settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  settings['sandbox'] = { enabled: false };
  writeFileSync(file, JSON.stringify(settings));
}

describe('hook rewrite of shell tool calls into airlock exec', function () {
  const template = sandboxSuite(this, 300_000);

  it('POSIX quoting keeps every byte (checked by bash itself)', () => {
    for (const s of NASTY) {
      const r = spawnSync('/bin/bash', ['-c', `printf '%s' ${posixQuote(s)}`], { encoding: 'utf8' });
      assert.equal(r.stdout, s);
    }
  });

  it('keeps the other tool arguments, rewrites argv arrays without a shell, refuses what it cannot express', () => {
    const t = { node: '/n', cli: '/c.js', root: '/w s', shell: '/bin/bash' };
    const r = rewriteToolInput({ command: 'ls', description: 'list', timeout: 5 }, t);
    assert.ok('input' in r);
    assert.deepEqual(r.input, { command: `/n /c.js exec --root '/w s' -- /bin/bash -c ls`, description: 'list', timeout: 5 });
    const a = rewriteToolInput({ command: ['ls', '-la'] }, t);
    assert.ok('input' in a);
    assert.deepEqual(a.input['command'], ['/n', '/c.js', 'exec', '--root', '/w s', '--', 'ls', '-la']);
    assert.ok('error' in rewriteToolInput({ script: 'ls' }, t));
    assert.ok('error' in rewriteToolInput({ command: 'a\0b' }, t));
    assert.equal(rewriteCommandLine("it's", t), `/n /c.js exec --root '/w s' -- /bin/bash -c 'it'\\''s'`);
  });

  const expectations: Array<[ClientId, (o: Record<string, unknown>) => unknown]> = [
    ['claude-code', (o) => (o['hookSpecificOutput'] as Record<string, unknown>)['updatedInput']],
    ['codex', (o) => (o['hookSpecificOutput'] as Record<string, unknown>)['updatedInput']],
    ['vscode', (o) => (o['hookSpecificOutput'] as Record<string, unknown>)['updatedInput']],
    ['copilot-cli', (o) => o['modifiedArgs']],
    ['copilot-cli-vscode', (o) => o['modifiedArgs']],
    ['opencode', (o) => o['updatedArgs']],
  ];
  for (const [client, field] of expectations) {
    it(`${client}: the documented shape, every nasty command intact after the rewrite`, () => {
      const ws = template.fresh();
      withoutClaudeSandbox(ws);
      for (const command of NASTY) {
        const input: Record<string, unknown> = { command, description: 'keep me' };
        const r = hook(client, ws, input);
        assert.equal(r.status, 0, r.stderr);
        const out = JSON.parse(r.stdout) as Record<string, unknown>;
        const updated = field(out) as Record<string, unknown>;
        assert.equal(updated['description'], 'keep me');
        assert.match(String(updated['command']), new RegExp(`^${process.execPath.replace(/[/.]/g, '\\$&')} ${CLI.replace(/[/.]/g, '\\$&')} exec --root `));
        if (client === 'copilot-cli') assert.equal(out['permissionDecision'], 'allow');
        if (client === 'copilot-cli-vscode') assert.deepEqual((out['hookSpecificOutput'] as Record<string, unknown>)['updatedInput'], updated);
        if (client !== 'copilot-cli' && client !== 'copilot-cli-vscode' && client !== 'opencode') {
          assert.equal((out['hookSpecificOutput'] as Record<string, unknown>)['permissionDecision'], 'allow');
        }
        const direct = spawnSync('/bin/bash', ['-c', command], { cwd: ws, encoding: 'utf8' });
        const sandboxed = spawnSync('/bin/bash', ['-c', String(updated['command'])], { cwd: ws, encoding: 'utf8', env: { ...process.env } });
        assert.equal(sandboxed.stdout, direct.stdout, `${client}: ${command}\n${sandboxed.stderr}`);
        assert.equal(sandboxed.status, direct.status);
      }
    });
  }

  it("Claude Code with its own sandbox on (as airlock sync writes it): no rewrite, Claude's sandbox runs the command", () => {
    const ws = template.fresh();
    const r = hook('claude-code', ws, { command: 'ls -la' });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '', 'no opinion: no rewrite, no explicit allow');
  });

  it('Claude Code: the dangerouslyDisableSandbox escape is rewritten only where the settings allow unsandboxed commands', () => {
    const ws = template.fresh();
    assert.equal(hook('claude-code', ws, { command: 'ls', dangerouslyDisableSandbox: true }).stdout, '', 'sync forbids unsandboxed commands: Claude keeps its sandbox');
    const file = path.join(ws, '.claude/settings.json');
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { sandbox: Record<string, unknown> };
    delete settings.sandbox['allowUnsandboxedCommands'];
    writeFileSync(file, JSON.stringify(settings));
    assert.match(hook('claude-code', ws, { command: 'ls', dangerouslyDisableSandbox: true }).stdout, / exec --root /);
  });

  it('"shellSandbox": "off" in the policy turns rewriting off (the parser alone judges)', () => {
    const ws = template.fresh();
    const policy = path.join(ws, '.airlock/policy.json');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace('"shell": "ask"', '"shell": "ask",\n  "shellSandbox": "off"'));
    const r = hook('copilot-cli', ws, { command: 'ls -la' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('the parser verdict comes first: a named protected file stays denied, with the explanation', () => {
    const ws = template.fresh();
    for (const client of ['copilot-cli', 'codex', 'opencode', 'vscode'] as const) {
      const v = rewrittenCommand(client, hook(client, ws, { command: 'cat .env' }));
      assert.equal(v.kind, 'blocked', client);
      assert.match(v.kind === 'blocked' ? v.reason : '', /\.env.*secret/);
    }
  });

  it('an ask becomes ask-with-rewrite where the client can show it (Claude Code, VS Code), else a deny that says why', () => {
    const ws = template.fresh();
    withoutClaudeSandbox(ws);
    const command = 'cat $(echo src/app.ts)';
    const claude = JSON.parse(hook('claude-code', ws, { command }).stdout) as { hookSpecificOutput: Record<string, unknown> };
    assert.equal(claude.hookSpecificOutput['permissionDecision'], 'ask');
    assert.match(String((claude.hookSpecificOutput['updatedInput'] as Record<string, unknown>)['command']), / exec --root /);
    const copilot = JSON.parse(hook('copilot-cli', ws, { command }).stdout) as Record<string, unknown>;
    assert.equal(copilot['permissionDecision'], 'deny');
    assert.match(String(copilot['permissionDecisionReason']), /cannot ask before a sandboxed shell command/);
    assert.equal(copilot['modifiedArgs'], undefined);
  });

  it('inline code is allowed rewritten (the kernel confines it; the reason says so) and runs confined; the hook alone still refuses it', () => {
    const ws = template.fresh();
    const command = `node -e "process.stdout.write('[' + require('fs').readFileSync('.e' + 'nv', 'utf8') + ']')"`;
    for (const client of ['copilot-cli', 'codex', 'opencode', 'vscode'] as const) {
      const r = hook(client, ws, { command });
      const v = rewrittenCommand(client, r);
      assert.equal(v.kind, 'rewrite', `${client}: ${r.stdout}${r.stderr}`);
      assert.equal(v.kind === 'rewrite' ? v.decision : '', 'allow');
      if (client !== 'opencode') assert.match(r.stdout, /kernel-enforced/);
      const ran = spawnSync('/bin/bash', ['-c', v.kind === 'rewrite' ? v.command : 'false'], { cwd: ws, encoding: 'utf8' });
      assert.doesNotMatch(`${ran.stdout}${ran.stderr}`, /AIRLOCK_CANARY/, client);
    }
    const alone = rewrittenCommand('copilot-cli', hook('copilot-cli', hookOnlyPolicy(ws), { command }));
    assert.equal(alone.kind, 'blocked');
  });

  it('through the per-user launcher: the rewrite runs airlock exec through the same (hash-checked) launcher', () => {
    const ws = template.fresh();
    const home = mkdtempSync(path.join(tmpdir(), 'airlock-home-'));
    try {
      const env = { ...process.env, HOME: home, AIRLOCK_BASELINE: '' };
      assert.equal(spawnSync(process.execPath, [CLI, 'launcher', 'install'], { env, encoding: 'utf8' }).status, 0);
      const launcher = path.join(home, '.airlock/bin/airlock');
      const r = spawnSync(launcher, ['hook', '--client', 'codex'], { cwd: ws, env, input: JSON.stringify(hookPayload({ client: 'codex', tool: 'Bash', input: { command: 'echo ran' } }, ws)), encoding: 'utf8' });
      const v = rewrittenCommand('codex', r);
      assert.ok(v.kind === 'rewrite', r.stdout + r.stderr);
      assert.ok(v.command.includes(` ${launcher} exec --root `), v.command);
      const ran = spawnSync('/bin/bash', ['-c', v.command], { cwd: ws, env, encoding: 'utf8' });
      assert.equal(ran.stdout, 'ran\n');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a PowerShell tool call cannot be expressed in the POSIX wrapper: refused, not run unmasked', () => {
    const ws = template.fresh();
    const r = runCli(['hook', '--client', 'copilot-cli'], { cwd: ws, input: JSON.stringify(hookPayload({ client: 'copilot-cli', tool: 'powershell', input: { command: 'Get-ChildItem' } }, ws)) });
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(out['permissionDecision'], 'deny');
    assert.match(String(out['permissionDecisionReason']), /PowerShell/);
  });

  it('a repository-wide grep in the shell is allowed because the rewrite masks what it would reach', () => {
    const ws = template.fresh();
    const v = rewrittenCommand('codex', hook('codex', ws, { command: 'grep -rn API_KEY .' }));
    assert.equal(v.kind, 'rewrite');
    const out = spawnSync('/bin/bash', ['-c', v.kind === 'rewrite' ? v.command : 'false'], { cwd: ws, encoding: 'utf8', env: { ...process.env } });
    assert.doesNotMatch(out.stdout, /AIRLOCK_CANARY/);
  });
});
