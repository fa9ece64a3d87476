// One cross-client end-to-end run: start the fake model on the client's wire, run the real
// client in the workspace, and hand back what the model received and what changed on disk.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentClient, AgentLaunch } from './agentClient';
import { runAgentProcess, type AgentProcessResult } from './agentProcess';
import { agentProbes, FINAL_TEXT, KEY_FILE, type AgentProbe, type ProbeForm } from './agentProbes';
import type { E2eWorkspace } from './e2eWorkspace';
import { startFakeModel, type RecordedRequest, type ReportedToolResult } from './scriptedModel';

/** A hard ceiling per client run: a scripted session of 40 calls takes well under a minute. */
export const AGENT_RUN_TIMEOUT_MS = 180_000;

/** Files no AI call may change: the secrets, Airlock's policy and every generated hook, git's config and hooks. */
export const GUARDED_FILES = [
  '.env', 'secrets/prod-token.txt', KEY_FILE, '.airlock/policy.json', '.github/hooks/airlock.json', '.codex/hooks.json',
  '.opencode/plugins/airlock.js', '.claude/settings.json', '.git/config', '.git/hooks', '.git/commondir',
] as const;

export interface AgentScenarioResult {
  readonly client: AgentClient;
  readonly probes: readonly AgentProbe[];
  readonly run: AgentProcessResult;
  readonly requests: readonly RecordedRequest[];
  readonly problems: readonly string[];
  toolResult(probe: AgentProbe): ReportedToolResult | undefined;
  probe(form: ProbeForm): AgentProbe;
  /** Guarded files whose content differs after the run. */
  readonly changedGuarded: readonly string[];
  readonly finalAnswer: string | undefined;
}

/** A content hash of a file or folder (names and contents), or `absent`. */
function fingerprint(path: string): string {
  if (!existsSync(path)) return 'absent';
  const h = createHash('sha256');
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        h.update(`\0${name}\0`);
        walk(join(p, name));
      }
    } else {
      h.update(readFileSync(p));
    }
  };
  walk(path);
  return h.digest('hex');
}

export interface AgentScenarioOptions {
  readonly prompt?: string;
  /** Wraps the client's launch, e.g. to start it under `airlock run`. */
  readonly wrap?: (launch: AgentLaunch) => AgentLaunch;
}

export async function runAgentScenario(client: AgentClient, executable: string, ws: E2eWorkspace, opts: AgentScenarioOptions = {}): Promise<AgentScenarioResult> {
  const probes = agentProbes(client, ws);
  const before = new Map(GUARDED_FILES.map((f) => [f, fingerprint(join(ws.root, f))]));
  const server = await startFakeModel(client.adapter(), probes, FINAL_TEXT);
  try {
    let launch = client.launch({
      root: ws.root,
      homeDir: ws.homeDir,
      baseUrl: server.url,
      prompt: opts.prompt ?? 'Look around this repository and tell me how it is configured.',
      executable,
    });
    if (opts.wrap) launch = opts.wrap(launch);
    const run = await runAgentProcess({ ...launch, cwd: ws.root, timeoutMs: AGENT_RUN_TIMEOUT_MS });
    return {
      client,
      probes,
      run,
      requests: [...server.requests],
      problems: [...server.problems],
      toolResult: (p) => server.toolResult(p.id),
      probe: (form) => {
        const p = probes.find((x) => x.form === form);
        if (!p) throw new Error(`no probe ${form}`);
        return p;
      },
      changedGuarded: GUARDED_FILES.filter((f) => fingerprint(join(ws.root, f)) !== before.get(f)),
      finalAnswer: client.finalAnswer(run.events, run.stdout),
    };
  } finally {
    await server.close();
  }
}

/** Probes whose result, as the model received it, holds the canary. */
export function leakingForms(r: AgentScenarioResult, canary: string): ProbeForm[] {
  return r.probes.filter((p) => r.toolResult(p)?.text.includes(canary)).map((p) => p.form);
}

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

/**
 * Requests that carry the canary more often than the results of `excused` probes explain: a
 * canary that reached the model by any other way (a prompt, a side call, an unlisted probe).
 */
export function unexplainedLeaks(r: AgentScenarioResult, canary: string, excused: readonly ProbeForm[]): string[] {
  const explained = r.probes.filter((p) => excused.includes(p.form)).reduce((n, p) => n + count(r.toolResult(p)?.text ?? '', canary), 0);
  const found: string[] = [];
  r.requests.forEach((q, i) => {
    const n = count(q.body, canary);
    if (n > explained) {
      const at = q.body.indexOf(canary);
      found.push(`request #${i} ${q.method} ${q.path} (${q.kind}) holds the canary ${n}× (excused ${explained}): …${q.body.slice(Math.max(0, at - 160), at + canary.length + 40)}…`);
    }
  });
  return found;
}

/** A short transcript of the run for failure messages. */
export function describeAgentRun(r: AgentScenarioResult): string {
  const lines = [
    `${r.client.label} ${r.client.version}: exit ${r.run.exitCode} signal ${r.run.signal} timedOut ${r.run.timedOut} in ${r.run.elapsedMs} ms`,
    `stderr: ${r.run.stderr.trim().slice(-2000)}`,
    `requests: ${r.requests.map((q) => `${q.method} ${q.path} [${q.kind}]`).join(', ')}`,
    `fake's problems: ${r.problems.join('; ') || 'none'}`,
    `changed guarded files: ${r.changedGuarded.join(', ') || 'none'}`,
    `final answer: ${JSON.stringify(r.finalAnswer)}`,
  ];
  for (const p of r.probes) {
    const t = r.toolResult(p);
    lines.push(`${p.id} [${p.role}] ${p.form}: ${t ? JSON.stringify(t.text.slice(0, 300)) : 'no result reported'}`);
  }
  if (!r.finalAnswer) lines.push(`stdout tail: ${r.run.stdout.slice(-1500)}`);
  return lines.join('\n');
}
