import * as assert from 'node:assert/strict';
import { hookCommandFor, posixFailClosed, posixHookLine } from '../../../src/core/native/hookCommand';
import type { JsonManagedEdit, NativeFilePlan, NativePlan } from '../../../src/core/native/nativeTypes';
import { planNativeFiles } from '../../../src/core/native/planNativeFiles';
import { DESIGN_POLICY, makePolicy, type PolicySpec } from './policyFixture';

const NOW = new Date('2026-06-01T12:00:00Z');
const HOOK = hookCommandFor('npx');

function plan(spec: PolicySpec, extra: { opencodePlugin?: string; claudeSandbox?: boolean } = {}): NativePlan {
  return planNativeFiles(makePolicy(spec), { root: '/ws', hookCommand: HOOK, now: NOW, ...extra });
}

function file(p: NativePlan, target: string): NativeFilePlan {
  const f = p.files.find((x) => x.target === target);
  assert.ok(f, `no ${target} in the plan`);
  return f;
}

function edits(f: NativeFilePlan): readonly JsonManagedEdit[] {
  assert.equal(f.spec.kind, 'json-managed');
  return f.spec.kind === 'json-managed' ? f.spec.edits : [];
}

function arrayAt(f: NativeFilePlan, path: string): readonly string[] {
  const e = edits(f).find((x) => x.kind === 'array-members' && x.path.join('.') === path);
  return e && e.kind === 'array-members' ? e.values : [];
}

function objectAt(f: NativeFilePlan, path: string): Readonly<Record<string, unknown>> {
  const e = edits(f).find((x) => x.kind === 'object-entries' && x.path.join('.') === path);
  return e && e.kind === 'object-entries' ? e.entries : {};
}

describe('native/planNativeFiles', () => {
  it('plans every target with its path and coverage, the opencode plugin included', () => {
    const p = plan(DESIGN_POLICY);
    assert.deepEqual(p.files.map((f) => f.path), [
      '.claude/settings.json', '.github/hooks/airlock.json', '.codex/hooks.json', '.vscode/settings.json', '.opencode/plugins/airlock.js',
      '.cursorignore', '.aiexclude', '.aiignore', '.aiderignore', '.codeiumignore', '.rooignore', '.continueignore', '.geminiignore',
    ]);
    for (const f of p.files) {
      assert.ok(f.coverage.length > 0, f.path);
      for (const c of f.coverage) assert.match(c.source, /^https:\/\//);
    }
    const generated = file(p, 'opencode-plugin');
    assert.ok(generated.spec.kind === 'whole-file' && generated.spec.content.includes(JSON.stringify(posixHookLine(HOOK, 'opencode'))));
    const withPlugin = plan(DESIGN_POLICY, { opencodePlugin: 'export const Airlock = async () => ({})' });
    const oc = file(withPlugin, 'opencode-plugin');
    assert.equal(oc.path, '.opencode/plugins/airlock.js');
    assert.deepEqual(oc.spec, { kind: 'whole-file', content: 'export const Airlock = async () => ({})\n' });
  });

  it('writes Claude Code Read/Edit rules anchored at the project root, deny and ask apart', () => {
    const claude = file(plan(DESIGN_POLICY), 'claude-settings');
    const deny = arrayAt(claude, 'permissions.deny');
    const ask = arrayAt(claude, 'permissions.ask');
    for (const r of ['Read(/**/.env)', 'Read(/**/.env/**)', 'Edit(/**/.env)', 'Read(/**/*.pem)', 'Read(/**/secrets/**)', 'Edit(/infra/prod/**)', 'Edit(/vendor/**)']) {
      assert.ok(deny.includes(r), `deny lacks ${r}`);
    }
    assert.ok(ask.includes('Read(/infra/prod/**)'));
    assert.ok(!deny.includes('Read(/infra/prod/**)'));
    assert.ok(!deny.includes('Read(/vendor/**)'), 'frozen allows reads');
    // Airlock's own files are never editable by the assistant.
    for (const r of ['Edit(/.airlock/**)', 'Edit(/.claude/settings.json)', 'Edit(/.github/hooks/**)', 'Edit(/**/.cursorignore)']) assert.ok(deny.includes(r), r);
    // No bare relative rule: those would be relative to wherever Claude was started.
    assert.ok([...deny, ...ask].every((r) => /^(Read|Edit)\(\//.test(r) && !r.includes('(//')));
  });

  it('warns where Claude Code cannot carve a path out (deny always wins), naming the rule', () => {
    const claude = file(plan(DESIGN_POLICY), 'claude-settings');
    const w = claude.warnings.find((x) => x.pattern === '/infra/prod/dashboards/' && x.message.includes('Read('));
    assert.ok(w);
    assert.match(w.message, /out of \/infra\/prod\/ \(class "restricted", read ask\)/);
    assert.equal(w.location?.source, '.airlock/policy.json');
    assert.ok(claude.warnings.some((x) => x.pattern === '.env.example'));
  });

  it('installs fail-closed PreToolUse and UserPromptSubmit hooks for every tool, and a PostToolUse hook', () => {
    const hooks = edits(file(plan(DESIGN_POLICY), 'claude-settings')).filter((e) => e.kind === 'hook-group');
    const byEvent = new Map(hooks.map((h) => [h.path.join('.'), h]));
    const pre = byEvent.get('hooks.PreToolUse');
    assert.ok(pre && pre.kind === 'hook-group');
    assert.deepEqual(pre.group, { matcher: '*', hooks: [{ type: 'command', command: posixFailClosed(HOOK, 'claude-code'), timeout: 30, onFailure: 'block' }] });
    const prompt = byEvent.get('hooks.UserPromptSubmit');
    assert.ok(prompt && prompt.kind === 'hook-group' && !('matcher' in prompt.group));
    assert.deepEqual(prompt.commands, [posixFailClosed(HOOK, 'claude-code')]);
    const post = byEvent.get('hooks.PostToolUse');
    assert.ok(post && post.kind === 'hook-group');
    assert.deepEqual(post.commands, [posixHookLine(HOOK, 'claude-code')]);
  });

  it('turns the sandbox on, refusing to run unsandboxed, only where reads are denied and unless asked not to', () => {
    const sets = (p: NativePlan): string[] => edits(file(p, 'claude-settings')).filter((e) => e.kind === 'set').map((e) => (e.kind === 'set' ? `${e.path.join('.')}=${String(e.value)}` : ''));
    assert.deepEqual(sets(plan(DESIGN_POLICY)), ['sandbox.enabled=true', 'sandbox.failIfUnavailable=true', 'sandbox.allowUnsandboxedCommands=false']);
    assert.deepEqual(sets(plan(DESIGN_POLICY, { claudeSandbox: false })), []);
    assert.deepEqual(sets(plan({ rules: [[['/vendor/'], 'frozen']] })), []);
  });

  it('writes one .github/hooks file that VS Code and the Copilot CLI both read, failing closed on every OS', () => {
    const f = file(plan(DESIGN_POLICY), 'github-hooks');
    assert.equal(f.spec.kind, 'whole-file');
    const doc = JSON.parse(f.spec.kind === 'whole-file' ? f.spec.content : '{}') as { version: number; hooks: Record<string, Record<string, unknown>[]> };
    assert.equal(doc.version, 1);
    assert.deepEqual(Object.keys(doc.hooks), ['PreToolUse', 'UserPromptSubmit', 'PostToolUse', 'Stop']);
    const pre = doc.hooks['PreToolUse'][0];
    assert.equal(pre['type'], 'command');
    assert.equal(pre['command'], posixFailClosed(HOOK, 'vscode'));
    assert.equal(pre['bash'], pre['command']);
    assert.match(String(pre['powershell']), /catch \{ \[Console\]::Error\.WriteLine\('Airlock [^']*'\); exit 2 \}$/);
    const encoded = String(pre['windows']).split(' ').pop() ?? '';
    assert.equal(Buffer.from(encoded, 'base64').toString('utf16le'), pre['powershell']);
    assert.equal(doc.hooks['PostToolUse'][0]['bash'], posixHookLine(HOOK, 'vscode'));
    assert.deepEqual(f.coverage.map((c) => c.assistant), ['VS Code agent mode (GitHub Copilot)', 'GitHub Copilot CLI', 'GitHub Copilot cloud agent']);
  });

  it('plans Codex hooks without a matcher (every tool) and with the codex client hint', () => {
    const hooks = edits(file(plan(DESIGN_POLICY), 'codex-hooks'));
    assert.deepEqual(hooks.map((h) => h.path.join('.')), ['hooks.PreToolUse', 'hooks.UserPromptSubmit', 'hooks.PostToolUse', 'hooks.Stop']);
    const pre = hooks[0];
    assert.ok(pre.kind === 'hook-group');
    assert.deepEqual(pre.group, { hooks: [{ type: 'command', command: posixFailClosed(HOOK, 'codex'), timeout: 30 }] });
  });

  it('narrows Copilot in VS Code: edit approval for edit-protected globs, and no language-id remapping', () => {
    const vs = file(plan(DESIGN_POLICY), 'vscode-settings');
    const auto = objectAt(vs, 'chat.tools.edits.autoApprove');
    assert.equal(auto['**/infra/prod/**'], false);
    assert.equal(auto['**/vendor/**'], false);
    assert.equal(auto['**/.airlock/**'], false);
    assert.equal(auto['**/src/auth/**'], undefined);
    // Highlighting and schema validation stay: protected files keep their own language.
    assert.deepEqual(objectAt(vs, 'files.associations'), {});
    assert.deepEqual(objectAt(vs, 'github.copilot.enable'), {});
    assert.ok(vs.warnings.some((w) => /cannot carve/.test(w.message)));
  });

  it('in monitor mode keeps the hooks (to record) and leaves every blocking control empty', () => {
    const p = plan({ ...DESIGN_POLICY, mode: 'monitor' });
    assert.ok(p.warnings.some((w) => /monitor mode/.test(w.message)));
    const claude = file(p, 'claude-settings');
    assert.deepEqual(arrayAt(claude, 'permissions.deny'), []);
    assert.ok(edits(claude).some((e) => e.kind === 'hook-group'));
    const cursor = file(p, 'cursorignore');
    assert.deepEqual(cursor.spec, { kind: 'text-block', lines: [], createIfMissing: false });
    const aiexclude = file(p, 'aiexclude');
    assert.ok(aiexclude.spec.kind === 'text-block' && aiexclude.spec.lines.includes('/.airlock/nothing-is-excluded-by-policy'));
    assert.deepEqual(objectAt(file(p, 'vscode-settings'), 'files.associations'), {});
  });

  it('with ai off denies everything in Claude Code and excludes everything elsewhere', () => {
    const p = plan({ ...DESIGN_POLICY, ai: 'off' });
    const deny = arrayAt(file(p, 'claude-settings'), 'permissions.deny');
    assert.ok(deny.includes('Read(/**)') && deny.includes('Edit(/**)'));
    assert.deepEqual(file(p, 'rooignore').spec, { kind: 'text-block', lines: ['*'], createIfMissing: true });
    assert.deepEqual(objectAt(file(p, 'vscode-settings'), 'github.copilot.enable'), { '*': false });
  });

  it('is deterministic: the same policy plans the same files', () => {
    assert.deepEqual(plan(DESIGN_POLICY), plan(DESIGN_POLICY));
  });
});
