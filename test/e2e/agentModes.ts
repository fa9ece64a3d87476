// How Airlock stands behind a client in each end-to-end mode: the hooks `airlock sync` writes
// (which, once masked execution has landed, rewrite shell calls into `airlock exec`), the same
// hooks with the rewrite turned off (the shell parser alone), and the whole client started under
// `airlock run`. Each mode says which forms are still pending on colleagues' work.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentClient, AgentLaunch } from './agentClient';
import { AIRLOCK_CLI, airlockSync, builtHookCommand } from './airlockSetup';
import type { E2eWorkspace } from './e2eWorkspace';
import { PENDING_HOOK_ALONE, PENDING_UNDER_SANDBOX, sandboxLanded, type PendingForms } from './pendingForms';

export interface AgentMode {
  readonly name: string;
  /** Turns Airlock on in the workspace the way this mode needs. */
  setup(ws: E2eWorkspace, client: AgentClient): void;
  /** Wraps the client's launch (e.g. in `airlock run`). */
  readonly wrap?: (ws: E2eWorkspace, client: AgentClient) => (launch: AgentLaunch) => AgentLaunch;
  /** Whether the whole client runs inside `airlock run` (its file tools in the sandbox too). */
  readonly wholeClientSandboxed?: boolean;
  /** Whether the client's hook must show decisions in the audit log for this mode. */
  readonly hookMustRun: boolean;
  pending(client: AgentClient): PendingForms;
}

/** Adds `"shellSandbox": "off"` to the workspace policy: hooks judge shell calls by the parser alone. */
function parserOnlyPolicy(ws: E2eWorkspace): void {
  const file = join(ws.root, '.airlock', 'policy.json');
  const text = readFileSync(file, 'utf8');
  const anchor = '"shell": "deny"';
  if (!text.includes(anchor)) throw new Error(`${file} has no ${anchor} to extend`);
  writeFileSync(file, text.replace(anchor, `${anchor},\n  "shellSandbox": "off"`));
}

const sync = (ws: E2eWorkspace): void => {
  airlockSync(ws.root, builtHookCommand());
};

/** The modes to run: before masked execution lands, only the hooks with the parser. */
export function agentModes(): AgentMode[] {
  if (!sandboxLanded()) {
    return [{ name: 'hook alone (parser)', setup: sync, hookMustRun: true, pending: (c) => PENDING_HOOK_ALONE[c.id] }];
  }
  return [
    { name: 'hook rewrite (airlock exec)', setup: sync, hookMustRun: true, pending: (c) => ({ leaks: [], ...PENDING_UNDER_SANDBOX.rewrite[c.id] }) },
    {
      name: 'hook alone (parser, shellSandbox off)',
      setup: (ws) => { sync(ws); parserOnlyPolicy(ws); },
      hookMustRun: true,
      pending: (c) => PENDING_HOOK_ALONE[c.id],
    },
    {
      name: 'airlock run',
      setup: sync,
      wrap: (ws, client) => (launch) => ({
        ...launch,
        command: process.execPath,
        // Claude Code's own sandbox starts inside an outer one only with the host's /proc.
        args: [AIRLOCK_CLI, 'run', '--root', ws.root, ...(client.id === 'claude' ? ['--proc', 'bind'] : []), '--', launch.command, ...launch.args],
      }),
      wholeClientSandboxed: true,
      hookMustRun: true,
      pending: (c) => ({ leaks: [], ...PENDING_UNDER_SANDBOX.run[c.id] }),
    },
  ];
}
