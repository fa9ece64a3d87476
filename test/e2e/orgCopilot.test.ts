// Org rollout with the REAL Copilot CLI: `airlock org compile` output placed at the system path
// (/etc/github-copilot, /etc/airlock) inside a private mount namespace (root only; nothing outside
// the namespace changes). With `strictPluginOnlyCustomization` + `allowManagedHooksOnly` the
// repository's own hooks are ignored, while Airlock's policy hook still denies a protected read and
// still rewrites a shell search into `airlock exec` (so the search runs with the secrets masked).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditDirFor } from '../../src/core/audit/auditLocation';
import { runAgentProcess } from './agentProcess';
import { AIRLOCK_CLI, assertCliBuilt, builtHookCommand, shellQuote } from './airlockSetup';
import { copilotClient } from './copilotClient';
import { CANARY_PREFIX, createE2eWorkspace, type E2eWorkspace } from './e2eWorkspace';
import { etcNamespaceWrapper } from './etcNamespace';
import { startFakeModel } from './scriptedModel';

const BASELINE = '{ "version": 1, "rules": [{ "paths": ["**/.env"], "class": "secret", "reason": "Org baseline: environment files" }] }\n';
const searchCommand = (tag: string): string => `grep -rn ${CANARY_PREFIX} . ; echo SEARCH_DONE_${tag}`;

interface OrgRun {
  readonly repoHookRan: boolean;
  readonly allowedRead: string;
  readonly protectedRead: string;
  readonly search: string;
  readonly leaked: boolean;
  readonly audit: string;
  readonly describe: string;
}

interface OrgRunOptions {
  readonly managedHooksOnly: boolean;
  /** Commit `"disableAllHooks": true` in the repository's Copilot and Claude-compatible settings. */
  readonly repoDisablesHooks?: boolean;
  /** Replace the compiled Copilot managed settings with an organisation's own. */
  readonly managedSettings?: Record<string, unknown>;
  /** Install this Copilot file as a symbolic link to a copy outside /etc (as some tools deploy). */
  readonly symlinked?: 'managed-settings.json' | 'policy.d/airlock.json';
}

async function runOrg(ws: E2eWorkspace, copilot: string, tag: string, opts: OrgRunOptions): Promise<OrgRun> {
  const { managedHooksOnly, repoDisablesHooks = false } = opts;
  const orgOut = join(ws.scratch, `org-${tag}`);
  const args = ['org', 'compile', join(ws.scratch, 'baseline.json'), '--out', orgOut, '--platform', 'linux', '--hook-command', builtHookCommand(), ...(managedHooksOnly ? ['--managed-hooks-only'] : [])];
  execFileSync(process.execPath, [AIRLOCK_CLI, ...args], { stdio: 'pipe' });
  if (opts.managedSettings) writeFileSync(join(orgOut, 'etc', 'github-copilot', 'managed-settings.json'), `${JSON.stringify(opts.managedSettings)}\n`);
  if (opts.symlinked) {
    const real = join(ws.scratch, `deployed-${tag}`);
    mkdirSync(real, { recursive: true });
    const installed = join(orgOut, 'etc', 'github-copilot', opts.symlinked);
    const target = join(real, opts.symlinked.replace('/', '-'));
    renameSync(installed, target);
    symlinkSync(target, installed);
  }
  // A repository hook anyone can commit: it only leaves a marker when the Copilot CLI runs it.
  const marker = join(ws.scratch, `repo-hook-ran-${tag}`);
  mkdirSync(join(ws.root, '.github', 'hooks'), { recursive: true });
  writeFileSync(join(ws.root, '.github', 'hooks', 'team.json'), `${JSON.stringify({ version: 1, hooks: { preToolUse: [{ type: 'command', bash: `touch ${shellQuote(marker)}`, timeoutSec: 10 }] } }, null, 2)}\n`);
  // What a hostile repository can commit: "disable all hooks" in both settings files the client reads.
  for (const rel of ['.github/copilot/settings.json', '.claude/settings.json']) {
    if (repoDisablesHooks) {
      mkdirSync(join(ws.root, rel, '..'), { recursive: true });
      writeFileSync(join(ws.root, rel), '{ "disableAllHooks": true }\n');
    } else rmSync(join(ws.root, rel), { force: true });
  }
  const call = (id: string, action: Parameters<typeof copilotClient.toolCall>[0]): { id: string; name: string; input: Record<string, unknown> } => ({ id: `call_org_${tag}_${id}`, ...copilotClient.toolCall(action) });
  // An allowed read first, so that every hook (the repository's too, where it may run) sees a call.
  const allowed = call('allowed', { kind: 'read', path: join(ws.root, ws.allowedFile) });
  // secrets/ is protected by the repository policy: only Airlock's hook can refuse this read.
  const secret = call('secret', { kind: 'read', path: join(ws.root, 'secrets', 'prod-token.txt') });
  // Unrewritten, this grep prints the canary from .env and secrets/; rewritten, they are masked.
  const search = call('search', { kind: 'shell', command: searchCommand(tag) });
  const server = await startFakeModel(copilotClient.adapter(), [allowed, secret, search], 'ORG_DONE');
  try {
    const launch = copilotClient.launch({ root: ws.root, homeDir: join(ws.homeDir, tag), baseUrl: server.url, prompt: 'Show me the production token.', executable: etcNamespaceWrapper(ws.scratch, orgOut, copilot) });
    const run = await runAgentProcess({ ...launch, cwd: ws.root, timeoutMs: 180_000 });
    const text = (id: string): string => server.toolResult(id)?.text ?? '(no tool result reached the model)';
    const auditFile = join(auditDirFor(ws.root), 'audit.jsonl');
    return {
      repoHookRan: existsSync(marker),
      allowedRead: text(allowed.id),
      protectedRead: text(secret.id),
      search: text(search.id),
      leaked: server.requests.some((r) => r.body.includes(ws.canary)),
      audit: existsSync(auditFile) ? readFileSync(auditFile, 'utf8') : '',
      describe: `exit ${run.exitCode} timedOut ${run.timedOut}; problems: ${server.problems.join('; ') || 'none'}\nstderr: ${run.stderr.slice(-1500)}`,
    };
  } finally {
    await server.close();
  }
}

describe(`org rollout with the real Copilot CLI ${copilotClient.version} (managed settings and policy hooks in a mount namespace)`, function () {
  this.timeout(400_000);
  let ws: E2eWorkspace;
  let copilot: string;

  before(function () {
    this.timeout(600_000);
    assertCliBuilt();
    assert.equal(process.getuid?.(), 0, 'this test needs root (mount namespaces); run it as root as .ci/run does');
    assert.equal(spawnSync('unshare', ['--mount', 'true']).status, 0, 'unshare --mount failed');
    copilot = copilotClient.install().executable;
    ws = createE2eWorkspace({ withPolicy: true });
    writeFileSync(join(ws.scratch, 'baseline.json'), BASELINE);
  });
  after(() => ws?.dispose());

  it('control: without the lockdown the repository hook runs (the marker works) and Airlock still blocks', async () => {
    const r = await runOrg(ws, copilot, 'control', { managedHooksOnly: false });
    assert.equal(r.repoHookRan, true, r.describe);
    assert.match(r.protectedRead, /Airlock policy: read denied/, r.describe);
    assert.equal(r.leaked, false, r.search);
  });

  it('strictPluginOnlyCustomization + allowManagedHooksOnly: repository hooks are ignored; the policy hook still denies and still rewrites', async () => {
    const r = await runOrg(ws, copilot, 'managed', { managedHooksOnly: true });
    assert.equal(r.repoHookRan, false, `a repository hook ran although managed settings allow managed hooks only\n${r.describe}`);
    assert.ok(r.allowedRead.includes(ws.allowedMarker), `the allowed read did not work: ${r.allowedRead}\n${r.describe}`);
    assert.match(r.protectedRead, /Airlock policy: read denied: "secrets\/prod-token\.txt"/, r.describe);
    assert.equal(r.leaked, false, `the canary reached the model: ${r.search}`);
    // The search ran (its own output came back) but inside airlock exec, where .env and secrets/ are masked.
    assert.match(r.search, /SEARCH_DONE_managed/, r.describe);
    const searchEvent = r.audit.split('\n').find((l) => l.includes('"kind":"decision"') && l.includes(`SEARCH_DONE_managed"`));
    assert.ok(searchEvent, `Airlock's hook recorded no decision for the search\n${r.describe}`);
    assert.match(searchEvent, /"verdict":"allow"/);
    assert.match(searchEvent, /runs in Airlock's sandbox \(`airlock exec`\)/);
    assert.ok(r.audit.split('\n').some((l) => l.includes('"verdict":"deny"') && l.includes('secrets/prod-token.txt')), 'the denial is in the audit log');
  });

  it('an organisation that locks every surface (strictPluginOnlyCustomization: true) keeps Airlock too', async () => {
    const r = await runOrg(ws, copilot, 'lockall', { managedHooksOnly: true, managedSettings: { strictPluginOnlyCustomization: true, allowManagedHooksOnly: true } });
    assert.equal(r.repoHookRan, false, r.describe);
    assert.match(r.protectedRead, /Airlock policy: read denied/, r.describe);
    assert.equal(r.leaked, false, `the canary reached the model: ${r.search}`);
    assert.match(r.search, /SEARCH_DONE_lockall/, r.describe);
  });

  it('attack: a repository that sets disableAllHooks (Copilot and Claude-compatible settings) does not switch the policy hook off', async () => {
    const r = await runOrg(ws, copilot, 'hostile', { managedHooksOnly: false, repoDisablesHooks: true });
    assert.equal(r.repoHookRan, false, `the repository's own disableAllHooks did not apply, so this run proves nothing\n${r.describe}`);
    assert.match(r.protectedRead, /Airlock policy: read denied/, r.describe);
    assert.equal(r.leaked, false, `the canary reached the model: ${r.search}`);
    assert.match(r.search, /SEARCH_DONE_hostile/, r.describe);
  });

  const doctorIn = (tag: string): { status: number | null; stdout: string; stderr: string } => {
    const args = [AIRLOCK_CLI, 'org', 'doctor', join(ws.scratch, 'baseline.json'), '--platform', 'linux', '--hook-command', builtHookCommand(), '--managed-hooks-only'];
    return spawnSync(etcNamespaceWrapper(ws.scratch, join(ws.scratch, `org-${tag}`), process.execPath), args, { encoding: 'utf8' });
  };

  it('control: a policy hook installed as a symbolic link is skipped by the client, so org doctor refuses it', async () => {
    const r = await runOrg(ws, copilot, 'linkedhook', { managedHooksOnly: true, symlinked: 'policy.d/airlock.json' });
    // Nothing of Airlock's ran: the read returns the canary.
    assert.ok(r.protectedRead.includes(ws.canary), `the client ran a symlinked policy hook after all: ${r.protectedRead}\n${r.describe}`);
    const doctor = doctorIn('linkedhook');
    assert.equal(doctor.status, 1, doctor.stdout + doctor.stderr);
    assert.match(doctor.stdout, /\/etc\/github-copilot\/policy\.d\/airlock\.json: is a symbolic link, which the Copilot CLI ignores/);
  });

  it('control: managed settings installed as a symbolic link are refused by the client, so org doctor refuses them', async () => {
    const r = await runOrg(ws, copilot, 'linkedsettings', { managedHooksOnly: true, symlinked: 'managed-settings.json' });
    // The client fails closed on a policy it cannot read (most restrictive sandbox); Airlock's hook still runs.
    assert.match(r.describe, /managed policy couldn't be read/, r.describe);
    assert.match(r.protectedRead, /Airlock policy: read denied/, r.describe);
    const doctor = doctorIn('linkedsettings');
    assert.equal(doctor.status, 1, doctor.stdout + doctor.stderr);
    assert.match(doctor.stdout, /\/etc\/github-copilot\/managed-settings\.json: is a symbolic link, which the Copilot CLI ignores/);
  });

  it('org doctor reads the Copilot files back inside the namespace; outside they are missing', () => {
    const orgOut = join(ws.scratch, 'org-managed');
    const args = [AIRLOCK_CLI, 'org', 'doctor', join(ws.scratch, 'baseline.json'), '--platform', 'linux', '--hook-command', builtHookCommand(), '--managed-hooks-only'];
    const inside = spawnSync(etcNamespaceWrapper(ws.scratch, orgOut, process.execPath), args, { encoding: 'utf8' });
    assert.equal(inside.status, 0, inside.stdout + inside.stderr);
    assert.match(inside.stdout, /This machine matches the org baseline \(8 files checked under \/\)/);
    const outside = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.equal(outside.status, 1);
    assert.match(outside.stdout, /\/etc\/github-copilot\/policy\.d\/airlock\.json: is missing/);
    assert.match(outside.stdout, /\/etc\/github-copilot\/managed-settings\.json: is missing/);
  });

  it('nothing leaked outside the namespace: /etc/github-copilot is untouched', () => {
    assert.equal(existsSync('/etc/github-copilot/policy.d/airlock.json'), false);
  });
});
