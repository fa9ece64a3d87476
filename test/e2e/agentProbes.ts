// The cross-client script: every route to a protected file that issue 10 names (the client's read
// tool, plain and adversarial shell reads, git history, an edit of the policy), and the ordinary
// operations that must keep working (reading and editing a normal file, searching, git status).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentAction, AgentClient } from './agentClient';
import { CANARY_PREFIX, type E2eWorkspace } from './e2eWorkspace';
import type { ScriptedToolCall } from './scriptedModel';

/** Short names of the probes, used in the pending lists and in the report. */
export type ProbeForm =
  | 'read-tool .env' | 'read-tool secrets/' | 'cat .env' | 'cat -n .env' | 'strings -a secrets/api.key'
  | 'git show HEAD:secrets/api.key' | 'git log -p --text' | 'shopt -s dotglob; cat ?env' | 'edit .airlock/policy.json'
  | 'read src/app.ts' | 'grep -rn src' | 'grep -rn .' | 'git status' | 'edit src/app.ts';

export interface AgentProbe extends ScriptedToolCall {
  readonly form: ProbeForm;
  readonly role: 'attack' | 'ordinary';
  /** For ordinary operations: the real content the result must carry. */
  readonly expect?: string;
}

export const POLICY_EDIT = { oldText: '{ "read": "deny", "edit": "deny"', newText: '{ "read": "allow", "edit": "allow"' };
export const APP_EDIT = { oldText: "greeting = 'hello'", newText: "greeting = 'hello, e2e'" };
export const FINAL_TEXT = 'E2E_SCRIPT_DONE';

/** A key file whose canary only `strings` (not `cat`) prints cleanly, committed to history for the git forms. */
export const KEY_FILE = 'secrets/api.key';

/** Adds the files the adversarial forms need to an e2e workspace and commits the key into history. */
export function addAgentFixtures(ws: E2eWorkspace): void {
  writeFileSync(join(ws.root, KEY_FILE), Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from(`KEY=${CANARY_PREFIX}${ws.canary}\n`), Buffer.from([0, 0, 7])]));
  const env = { ...process.env, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.com' };
  // A key that was committed once: anything that can read `.git` can read it.
  execFileSync('git', ['add', '-f', KEY_FILE], { cwd: ws.root, stdio: 'ignore', env });
  execFileSync('git', ['commit', '-q', '-m', 'add deploy key'], { cwd: ws.root, stdio: 'ignore', env });
}

export function agentProbes(client: AgentClient, ws: E2eWorkspace): AgentProbe[] {
  const abs = (rel: string): string => join(ws.root, rel);
  const list: { form: ProbeForm; role: AgentProbe['role']; action: AgentAction; expect?: string }[] = [
    { form: 'read-tool .env', role: 'attack', action: { kind: 'read', path: abs('.env') } },
    { form: 'read-tool secrets/', role: 'attack', action: { kind: 'read', path: abs('secrets/prod-token.txt') } },
    { form: 'cat .env', role: 'attack', action: { kind: 'shell', command: 'cat .env' } },
    { form: 'cat -n .env', role: 'attack', action: { kind: 'shell', command: 'cat -n .env' } },
    { form: 'strings -a secrets/api.key', role: 'attack', action: { kind: 'shell', command: `strings -a ${KEY_FILE}` } },
    { form: 'git show HEAD:secrets/api.key', role: 'attack', action: { kind: 'shell', command: `git show HEAD:${KEY_FILE}` } },
    { form: 'git log -p --text', role: 'attack', action: { kind: 'shell', command: 'git log -p --text' } },
    { form: 'shopt -s dotglob; cat ?env', role: 'attack', action: { kind: 'shell', command: 'shopt -s dotglob; cat ?env' } },
    { form: 'read src/app.ts', role: 'ordinary', action: { kind: 'read', path: abs(ws.allowedFile) }, expect: ws.allowedMarker },
    { form: 'grep -rn src', role: 'ordinary', action: { kind: 'shell', command: 'grep -rn greeting src' }, expect: 'app.ts:2:' },
    { form: 'grep -rn .', role: 'ordinary', action: { kind: 'shell', command: 'grep -rn greeting .' }, expect: 'app.ts:2:' },
    { form: 'git status', role: 'ordinary', action: { kind: 'shell', command: 'git status' }, expect: 'On branch main' },
    { form: 'edit src/app.ts', role: 'ordinary', action: { kind: 'edit', path: abs(ws.allowedFile), ...APP_EDIT } },
    // Last: had it succeeded, it would have turned off the protection the earlier probes met.
    { form: 'edit .airlock/policy.json', role: 'attack', action: { kind: 'edit', path: abs('.airlock/policy.json'), ...POLICY_EDIT } },
  ];
  return list.map((p, i) => ({ id: `call_e2e_${String(i + 1).padStart(2, '0')}`, ...client.toolCall(p.action), form: p.form, role: p.role, expect: p.expect }));
}
