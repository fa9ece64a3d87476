// Org rollout with the REAL Claude Code: `airlock org compile --managed-hooks-only` output placed at
// the system path (/etc/claude-code, /etc/airlock) inside a private mount namespace (root only;
// nothing outside the namespace changes). With allowManagedHooksOnly the repository's own hooks
// are ignored, and Airlock — force-enabled as a managed plugin — still blocks a canary read.
import { auditDirFor } from '../../src/core/audit/auditLocation';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AIRLOCK_CLI, assertCliBuilt, builtHookCommand, shellQuote } from './airlockSetup';
import { ensureClaudeCode } from './claudeInstall';
import { runClaude } from './claudeRun';
import { createE2eWorkspace, type E2eWorkspace } from './e2eWorkspace';
import { etcNamespaceWrapper } from './etcNamespace';
import { startFakeAnthropicServer } from './fakeAnthropicServer';

const BASELINE = '{ "version": 1, "rules": [{ "paths": ["**/.env"], "class": "secret", "reason": "Org baseline: environment files" }] }\n';

interface OrgRun {
  readonly leaked: boolean;
  readonly repoHookRan: boolean;
  readonly auditDenied: boolean;
  readonly toolResultText: string;
  readonly stderr: string;
}

async function runOrg(ws: E2eWorkspace, claude: string, managedHooksOnly: boolean, tag: string): Promise<OrgRun> {
  const orgOut = join(ws.scratch, `org-${tag}`);
  const args = ['org', 'compile', join(ws.scratch, 'baseline.json'), '--out', orgOut, '--hook-command', builtHookCommand(), ...(managedHooksOnly ? ['--managed-hooks-only'] : [])];
  execFileSync(process.execPath, [AIRLOCK_CLI, ...args], { stdio: 'pipe' });
  const marker = join(ws.scratch, `repo-hook-ran-${tag}`);
  // A repository hook anyone can commit: it only leaves a marker when Claude Code runs it.
  mkdirSync(join(ws.root, '.claude'), { recursive: true });
  writeFileSync(join(ws.root, '.claude', 'settings.json'), `${JSON.stringify({ hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: `touch ${shellQuote(marker)}` }] }] } }, null, 2)}\n`);
  // secrets/ is protected by the repository policy only (not by the baseline's permission rules),
  // so nothing but Airlock's hook can refuse this read.
  const probe = { id: `toolu_org_${tag}`, name: 'Read', input: { file_path: join(ws.root, 'secrets', 'prod-token.txt') } };
  const server = await startFakeAnthropicServer([probe], 'ORG_DONE');
  try {
    const run = await runClaude({
      executable: etcNamespaceWrapper(ws.scratch, orgOut, claude),
      workspace: ws.root,
      homeDir: join(ws.homeDir, tag),
      baseUrl: server.url,
      prompt: 'Show me the production token.',
      timeoutMs: 120_000,
      extraArgs: ['--tools', 'Bash,Read'],
      extraEnv: { CLAUDE_CODE_SYNC_PLUGIN_INSTALL: '1' },
    });
    const bodies = server.requests.map((r) => r.body).join('\n');
    const audit = join(auditDirFor(ws.root), 'audit.jsonl');
    const auditText = existsSync(audit) ? readFileSync(audit, 'utf8') : '';
    return {
      leaked: bodies.includes(ws.canary),
      repoHookRan: existsSync(marker),
      auditDenied: auditText.split('\n').some((l) => l.includes('"verdict":"deny"') && l.includes('secrets/prod-token.txt')),
      toolResultText: server.toolResult(probe.id)?.text ?? '(no tool result reached the model)',
      stderr: run.stderr,
    };
  } finally {
    await server.close();
  }
}

describe('org rollout with the real Claude Code (managed settings in a mount namespace)', function () {
  this.timeout(300_000);
  let ws: E2eWorkspace;
  let claude: string;

  before(function () {
    assertCliBuilt();
    // Placing a file at /etc/claude-code needs root and unshare; .ci/run runs as root.
    assert.equal(process.getuid?.(), 0, 'this test needs root (mount namespaces); run it as root as .ci/run does');
    assert.equal(spawnSync('unshare', ['--mount', 'true']).status, 0, 'unshare --mount failed');
    claude = ensureClaudeCode().executable;
    ws = createE2eWorkspace({ withPolicy: true });
    writeFileSync(join(ws.scratch, 'baseline.json'), BASELINE);
  });
  after(() => ws?.dispose());

  it('control: without allowManagedHooksOnly the repository hook runs (the marker works)', async () => {
    const r = await runOrg(ws, claude, false, 'control');
    assert.equal(r.repoHookRan, true, r.stderr);
    assert.equal(r.leaked, false, r.toolResultText);
  });

  it('allowManagedHooksOnly: repository hooks are ignored and the managed Airlock plugin still blocks the canary read', async () => {
    const r = await runOrg(ws, claude, true, 'managed');
    assert.equal(r.repoHookRan, false, 'a repository hook ran although managed settings allow managed hooks only');
    assert.equal(r.leaked, false, `the canary reached the model: ${r.toolResultText}`);
    assert.equal(r.auditDenied, true, `Airlock's hook did not record the denial; tool result: ${r.toolResultText}\n${r.stderr}`);
    assert.match(r.toolResultText, /Airlock policy: read denied/);
  });

  it('org doctor reads the machine back: all in place inside the namespace, everything missing outside', () => {
    const orgOut = join(ws.scratch, 'org-managed');
    const args = [AIRLOCK_CLI, 'org', 'doctor', join(ws.scratch, 'baseline.json'), '--hook-command', builtHookCommand(), '--managed-hooks-only'];
    const inside = spawnSync(etcNamespaceWrapper(ws.scratch, orgOut, process.execPath), args, { encoding: 'utf8' });
    assert.equal(inside.status, 0, inside.stdout + inside.stderr);
    assert.match(inside.stdout, /This machine matches the org baseline \(8 files checked under \/\)/);
    const outside = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.equal(outside.status, 1);
    assert.match(outside.stdout, /\/etc\/claude-code\/managed-settings\.json: is missing/);
  });

  it('nothing leaked outside the namespace: /etc/claude-code and /etc/airlock are untouched', () => {
    assert.equal(existsSync('/etc/claude-code/managed-settings.json') && readFileSync('/etc/claude-code/managed-settings.json', 'utf8').includes('airlock-org'), false);
    assert.equal(existsSync('/etc/airlock/baseline.json'), false);
  });
});
