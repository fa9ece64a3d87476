import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { applyNativePlan } from '../../../src/core/native/applyNativePlan';
import { hookCommandFor, posixFailClosed, type HookLauncher } from '../../../src/core/native/hookCommand';
import { BLOCK_BEGIN, BLOCK_END } from '../../../src/core/native/managedBlock';
import type { NativeFileResult, NativePlan } from '../../../src/core/native/nativeTypes';
import { planNativeFiles } from '../../../src/core/native/planNativeFiles';
import { DESIGN_POLICY, makePolicy, type PolicySpec } from './policyFixture';

const NOW = new Date('2026-06-01T12:00:00Z');

const CLAUDE_HANDWRITTEN = `{
  // Team settings: keep the model pinned.
  "model": "opus",
  "permissions": {
    "allow": ["Bash(npm test)"],
    "deny": [
      "Bash(rm -rf *)", // never
      "Read(/**/.env)"
    ]
  },
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "./scripts/lint-command.sh" }] }
    ]
  }
}
`;

const VSCODE_HANDWRITTEN = '{\n\t// editor prefs\n\t"editor.tabSize": 4,\n\t"chat.tools.edits.autoApprove": {\n\t\t"**/*.md": true\n\t}\n}\n';

const CODEX_HANDWRITTEN = `{
  "hooks": {
    "Stop": [{ "hooks": [{ "type": "command", "command": "notify-send done" }] }]
  }
}
`;

function workspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-native-ws-'));
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('.claude/settings.json', CLAUDE_HANDWRITTEN);
  write('.vscode/settings.json', VSCODE_HANDWRITTEN);
  write('.codex/hooks.json', CODEX_HANDWRITTEN);
  write('.github/hooks/team.json', '{"version":1,"hooks":{"sessionStart":[{"type":"command","bash":"echo hi"}]}}\n');
  write('.cursorignore', 'node_modules/\r\n# build output\r\ndist/\r\n');
  write('.aiexclude', 'generated/\n');
  write('.aiderignore', `legacy/\n\n${BLOCK_BEGIN}\nold-airlock-line/\n${BLOCK_END}\ntmp/\n`);
  return root;
}

function plan(spec: PolicySpec = DESIGN_POLICY, launcher: HookLauncher = 'npx'): NativePlan {
  return planNativeFiles(makePolicy(spec), { root: '/unused', hookCommand: hookCommandFor(launcher), now: NOW, opencodePlugin: 'export const Airlock = async () => ({});' });
}

function read(root: string, rel: string): string {
  return fs.readFileSync(path.join(root, rel), 'utf8');
}

function statusOf(results: readonly NativeFileResult[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.path, r.status]));
}

function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else out.set(path.relative(root, abs), fs.readFileSync(abs, 'utf8'));
    }
  };
  walk(root);
  return out;
}

interface ClaudeDoc {
  model: string;
  permissions: { allow: string[]; deny: string[]; ask: string[] };
  hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]>;
  sandbox: Record<string, boolean>;
}

describe('native/applyNativePlan', () => {
  let root: string;
  beforeEach(() => {
    root = workspace();
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes every target and keeps hand-written keys, entries, hooks, comments and lines', () => {
    const results = applyNativePlan(plan(), root, { check: false });
    assert.deepEqual(results.filter((r) => r.status === 'error'), []);
    const s = statusOf(results);
    assert.equal(s['.claude/settings.json'], 'updated');
    assert.equal(s['.github/hooks/airlock.json'], 'created');
    assert.equal(s['.geminiignore'], 'created');
    assert.equal(s['.cursorignore'], 'updated');
    assert.equal(s['.airlock/sync-state.json'], 'created');

    const claudeText = read(root, '.claude/settings.json');
    assert.match(claudeText, /\/\/ Team settings: keep the model pinned\./);
    assert.match(claudeText, /\/\/ never/);
    const claude = parseJsonc(claudeText) as ClaudeDoc;
    assert.equal(claude.model, 'opus');
    assert.deepEqual(claude.permissions.allow, ['Bash(npm test)']);
    assert.equal(claude.permissions.deny[0], 'Bash(rm -rf *)');
    assert.equal(claude.permissions.deny.filter((r) => r === 'Read(/**/.env)').length, 1, 'no duplicate of a hand-written rule');
    assert.ok(claude.permissions.deny.includes('Edit(/infra/prod/**)'));
    assert.ok(claude.permissions.ask.includes('Read(/infra/prod/**)'));
    assert.equal(claude.hooks['PreToolUse'].length, 2);
    assert.equal(claude.hooks['PreToolUse'][0].hooks[0].command, './scripts/lint-command.sh');
    assert.equal(claude.hooks['PreToolUse'][1].hooks[0].command, posixFailClosed(hookCommandFor('npx'), 'claude-code'));
    assert.deepEqual(claude.sandbox, { enabled: true, failIfUnavailable: true, allowUnsandboxedCommands: false });

    const vscodeText = read(root, '.vscode/settings.json');
    assert.match(vscodeText, /\/\/ editor prefs/);
    assert.match(vscodeText, /\n\t"editor.tabSize": 4/, 'tab indentation kept');
    const vscode = parseJsonc(vscodeText) as Record<string, Record<string, unknown>>;
    assert.equal(vscode['chat.tools.edits.autoApprove']['**/*.md'], true);
    assert.equal(vscode['chat.tools.edits.autoApprove']['**/infra/prod/**'], false);

    const codex = JSON.parse(read(root, '.codex/hooks.json')) as { hooks: Record<string, unknown[]> };
    assert.deepEqual(Object.keys(codex.hooks), ['Stop', 'PreToolUse', 'UserPromptSubmit', 'PostToolUse']);
    assert.equal(read(root, '.github/hooks/team.json'), '{"version":1,"hooks":{"sessionStart":[{"type":"command","bash":"echo hi"}]}}\n');
    assert.equal(read(root, '.opencode/plugins/airlock.js'), 'export const Airlock = async () => ({});\n');

    const aider = read(root, '.aiderignore');
    assert.ok(aider.startsWith('legacy/\n\ntmp/\n\n# >>> airlock managed'), 'hand-written lines kept, block moved last');
    assert.ok(!aider.includes('old-airlock-line/'));
    assert.ok(read(root, '.aiexclude').startsWith('generated/\n\n# >>> airlock managed'));
  });

  it('keeps CRLF line endings in a CRLF file', () => {
    applyNativePlan(plan(), root, { check: false });
    const cursor = read(root, '.cursorignore');
    assert.ok(cursor.startsWith('node_modules/\r\n# build output\r\ndist/\r\n\r\n# >>> airlock managed'));
    assert.equal(cursor.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    fs.writeFileSync(path.join(root, '.github/hooks/airlock.json'), read(root, '.github/hooks/airlock.json').replace(/\n/g, '\r\n'));
    fs.writeFileSync(path.join(root, '.claude/settings.json'), CLAUDE_HANDWRITTEN.replace(/\n/g, '\r\n'));
    const again = statusOf(applyNativePlan(plan(), root, { check: false }));
    assert.equal(again['.github/hooks/airlock.json'], 'unchanged', 'a CRLF copy of an Airlock-owned file is in sync');
    const claude = read(root, '.claude/settings.json');
    assert.equal(claude.replace(/\r\n/g, '').includes('\n'), false, 'JSON edits use the file\'s CRLF');
  });

  it('is idempotent: a second run changes nothing', () => {
    applyNativePlan(plan(), root, { check: false });
    const before = snapshot(root);
    const second = applyNativePlan(plan(), root, { check: false });
    assert.deepEqual(second.filter((r) => r.status !== 'unchanged'), []);
    assert.deepEqual(snapshot(root), before);
    assert.deepEqual(applyNativePlan(plan(), root, { check: true }).filter((r) => r.status !== 'unchanged'), []);
  });

  it('check reports drift (missing files, edited blocks, removed rules) and writes nothing', () => {
    const fresh = snapshot(root);
    const first = statusOf(applyNativePlan(plan(), root, { check: true }));
    assert.equal(first['.geminiignore'], 'drift');
    assert.equal(first['.claude/settings.json'], 'drift');
    assert.deepEqual(snapshot(root), fresh);

    applyNativePlan(plan(), root, { check: false });
    fs.writeFileSync(path.join(root, '.rooignore'), read(root, '.rooignore').replace('/infra/prod/', '/infra/staging/'));
    const claudePath = path.join(root, '.claude/settings.json');
    fs.writeFileSync(claudePath, read(root, '.claude/settings.json').replace('"Edit(/infra/prod/**)",', ''));
    const tampered = snapshot(root);
    const results = applyNativePlan(plan(), root, { check: true });
    const s = statusOf(results);
    assert.equal(s['.rooignore'], 'drift');
    assert.equal(s['.claude/settings.json'], 'drift');
    assert.equal(s['.cursorignore'], 'unchanged');
    assert.match(results.find((r) => r.path === '.rooignore')?.message ?? '', /airlock sync/);
    assert.deepEqual(snapshot(root), tampered);
  });

  it('does not overwrite a file it cannot parse, and says where it is broken', () => {
    const broken = '{\n  "model": "opus",\n  "permissions": { "deny": [ "Bash(x)" ] \n';
    fs.writeFileSync(path.join(root, '.claude/settings.json'), broken);
    const results = applyNativePlan(plan(), root, { check: false });
    const r = results.find((x) => x.path === '.claude/settings.json');
    assert.equal(r?.status, 'error');
    assert.equal(r?.line, 4);
    assert.match(r?.message ?? '', /^\.claude\/settings\.json:4:\d+: invalid JSON: CloseBraceExpected; the file was not changed$/);
    assert.equal(read(root, '.claude/settings.json'), broken);
    assert.equal(statusOf(results)['.cursorignore'], 'updated', 'other files are still synced');
    fs.writeFileSync(path.join(root, '.vscode/settings.json'), '{ "chat.tools.edits.autoApprove": ["**/*"] }\n');
    const shape = applyNativePlan(plan(), root, { check: false }).find((x) => x.path === '.vscode/settings.json');
    assert.equal(shape?.status, 'error');
    assert.match(shape?.message ?? '', /:1:35: chat\.tools\.edits\.autoApprove must be an object/);
  });

  it('removes the airlock-protected language ids an earlier version wrote, keeping the user\'s associations', () => {
    const root = workspace();
    try {
      fs.writeFileSync(path.join(root, '.vscode/settings.json'), '{\n  "files.associations": { "*.tpl": "html", "**/*.pem": "airlock-protected" },\n  "github.copilot.enable": { "airlock-protected": false, "markdown": false }\n}\n');
      fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
      const objects = [{ path: ['files.associations'], keys: ['**/*.pem'] }, { path: ['github.copilot.enable'], keys: ['airlock-protected'] }];
      fs.writeFileSync(path.join(root, '.airlock/sync-state.json'), JSON.stringify({ version: 1, files: { '.vscode/settings.json': { arrays: [], objects, hookCommands: [] } } }));
      applyNativePlan(plan(), root, { check: false });
      const vscode = parseJsonc(read(root, '.vscode/settings.json')) as Record<string, Record<string, unknown>>;
      assert.deepEqual(vscode['files.associations'], { '*.tpl': 'html' });
      assert.deepEqual(vscode['github.copilot.enable'], { markdown: false });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('on a policy change removes only its own stale entries, never hand-written ones', () => {
    applyNativePlan(plan(), root, { check: false });
    const smaller: PolicySpec = { rules: [[['/infra/prod/'], 'restricted']] };
    applyNativePlan(plan(smaller), root, { check: false });
    const claude = parseJsonc(read(root, '.claude/settings.json')) as ClaudeDoc;
    assert.ok(claude.permissions.deny.includes('Bash(rm -rf *)'));
    assert.ok(claude.permissions.deny.includes('Read(/**/.env)'), 'the hand-written rule that Airlock also wanted stays');
    assert.ok(!claude.permissions.deny.includes('Read(/**/*.pem)'));
    assert.ok(claude.permissions.deny.includes('Edit(/infra/prod/**)'));
    const vscode = parseJsonc(read(root, '.vscode/settings.json')) as Record<string, Record<string, unknown>>;
    assert.equal(vscode['files.associations']?.['**/*.pem'], undefined);
    assert.equal(vscode['chat.tools.edits.autoApprove']['**/*.md'], true);
    const cursor = read(root, '.cursorignore');
    assert.ok(!cursor.includes('*.pem') && cursor.includes('/infra/prod/') && cursor.startsWith('node_modules/'));
  });

  it('replaces its hook entries when the launcher changes, keeping one per event and the user\'s hooks', () => {
    applyNativePlan(plan(DESIGN_POLICY, 'npx'), root, { check: false });
    applyNativePlan(plan(DESIGN_POLICY, 'global'), root, { check: false });
    const claude = parseJsonc(read(root, '.claude/settings.json')) as ClaudeDoc;
    const commands = claude.hooks['PreToolUse'].flatMap((g) => g.hooks.map((h) => h.command));
    assert.deepEqual(commands, ['./scripts/lint-command.sh', posixFailClosed(hookCommandFor('global'), 'claude-code')]);
    const codex = JSON.parse(read(root, '.codex/hooks.json')) as ClaudeDoc;
    assert.equal(codex.hooks['PreToolUse'].length, 1);
    assert.equal(codex.hooks['PreToolUse'][0].hooks[0].command, posixFailClosed(hookCommandFor('global'), 'codex'));
  });

  it('refuses to write through a symbolic link or into a broken managed block', () => {
    const elsewhere = path.join(root, 'elsewhere.txt');
    fs.writeFileSync(elsewhere, 'keep me\n');
    fs.symlinkSync(elsewhere, path.join(root, '.rooignore'));
    fs.writeFileSync(path.join(root, '.aiignore'), `x/\n${BLOCK_BEGIN}\n/stale/\n`);
    const s = applyNativePlan(plan(), root, { check: false });
    const roo = s.find((r) => r.path === '.rooignore');
    assert.equal(roo?.status, 'error');
    assert.match(roo?.message ?? '', /symbolic link/);
    assert.equal(fs.readFileSync(elsewhere, 'utf8'), 'keep me\n');
    const ai = s.find((r) => r.path === '.aiignore');
    assert.equal(ai?.status, 'error');
    assert.match(ai?.message ?? '', /^\.aiignore:2:1: the managed block opened here is never closed/);
    assert.equal(read(root, '.aiignore'), `x/\n${BLOCK_BEGIN}\n/stale/\n`);
  });

  it('never creates an exclusion file for nothing, and never leaves .aiexclude empty', () => {
    const nothing: PolicySpec = { rules: [[['/src/'], 'public']] };
    const results = statusOf(applyNativePlan(plan(nothing), root, { check: false }));
    assert.equal(results['.geminiignore'], 'unchanged');
    assert.equal(fs.existsSync(path.join(root, '.geminiignore')), false);
    const aiexclude = read(root, '.aiexclude');
    assert.ok(aiexclude.includes('/.airlock/nothing-is-excluded-by-policy'));
    assert.ok(aiexclude.startsWith('generated/\n'));
  });

  it('the written .cursorignore, hand-written lines included, excludes the protected paths and not the carve-outs (git check-ignore)', () => {
    applyNativePlan(plan(), root, { check: false });
    execFileSync('git', ['init', '-q'], { cwd: root });
    fs.copyFileSync(path.join(root, '.cursorignore'), path.join(root, '.gitignore'));
    const paths = ['.env', 'app/.env.local', '.env.example', 'certs/server.pem', 'secrets/token', 'secrets/public/readme.md', 'secrets/public/keys/id', 'infra/prod/main.tf', 'infra/prod/dashboards/cpu.json', 'src/auth/login.ts', 'vendor/lib.js', 'node_modules/x/index.js', 'README.md'];
    let out = '';
    try {
      out = execFileSync('git', ['check-ignore', '--no-index', '--stdin'], { cwd: root, input: `${paths.join('\n')}\n` }).toString();
    } catch (e) {
      out = String((e as { stdout?: Buffer }).stdout ?? '');
    }
    assert.deepEqual(out.split('\n').filter(Boolean).sort(), ['.env', 'app/.env.local', 'certs/server.pem', 'infra/prod/main.tf', 'node_modules/x/index.js', 'secrets/public/keys/id', 'secrets/token', 'vendor/lib.js']);
  });
});
