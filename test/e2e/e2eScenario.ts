// One end-to-end scenario: start the fake model, run the real Claude Code in the workspace, and
// hand back everything the test asserts on (what the model received, what the client did).
import { auditDirFor } from '../../src/core/audit/auditLocation';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runClaude, type ClaudeRunResult } from './claudeRun';
import type { E2eWorkspace } from './e2eWorkspace';
import { startFakeAnthropicServer } from './fakeAnthropicServer';
import type { RecordedRequest, ReportedToolResult } from './scriptedModel';
import { CLAUDE_TOOLS, probeScript, type Probe, type ProbeScript } from './probeSteps';

export interface ScenarioResult {
  readonly script: ProbeScript;
  readonly run: ClaudeRunResult;
  readonly requests: readonly RecordedRequest[];
  readonly problems: readonly string[];
  /** The session id Claude Code reported in its init event. */
  readonly sessionId: string | undefined;
  toolResult(probe: Probe): ReportedToolResult | undefined;
  /** How Claude Code says it decided the call (stream-json `tool_result_meta`), e.g. `reject/config/rule`. */
  permissionDecision(probe: Probe): string | undefined;
  /** The session's final `result` event. */
  readonly final: Record<string, unknown> | undefined;
}

type ToolResultMeta = { id?: string; permission_decision?: { decision?: string; source?: string; reason_type?: string } };

/** A hard ceiling per client run: a scripted session takes a few seconds. */
export const RUN_TIMEOUT_MS = 90_000;

export interface ScenarioOptions {
  /** Client arguments after the fixed ones, e.g. `--bare`. */
  readonly extraArgs?: readonly string[];
  /** Environment over the isolated one, e.g. a PATH without the sandbox tools. */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** The user's prompt; the default asks nothing in particular (the fake scripts the calls anyway). */
  readonly prompt?: string;
}

export async function runScenario(executable: string, ws: E2eWorkspace, opts: ScenarioOptions = {}): Promise<ScenarioResult> {
  const script = probeScript(ws.root);
  const server = await startFakeAnthropicServer(script.all, script.finalText);
  try {
    const run = await runClaude({
      executable,
      workspace: ws.root,
      homeDir: ws.homeDir,
      baseUrl: server.url,
      prompt: opts.prompt ?? 'Look around this repository and tell me how it is configured.',
      timeoutMs: RUN_TIMEOUT_MS,
      extraArgs: ['--tools', CLAUDE_TOOLS, ...(opts.extraArgs ?? [])],
      extraEnv: opts.extraEnv,
    });
    const init = run.events.find((e) => e.type === 'system' && e.subtype === 'init');
    const decisions = new Map<string, string>();
    for (const e of run.events) {
      const meta = e.type === 'user' && Array.isArray(e.tool_result_meta) ? (e.tool_result_meta as ToolResultMeta[]) : [];
      for (const m of meta) {
        const d = m.permission_decision;
        if (m.id && d) decisions.set(m.id, `${d.decision}/${d.source}/${d.reason_type}`);
      }
    }
    return {
      script,
      run,
      requests: [...server.requests],
      problems: [...server.problems],
      sessionId: typeof init?.session_id === 'string' ? init.session_id : undefined,
      toolResult: (probe) => server.toolResult(probe.id),
      permissionDecision: (probe) => decisions.get(probe.id),
      final: [...run.events].reverse().find((e) => e.type === 'result'),
    };
  } finally {
    await server.close();
  }
}

/** Where `needle` occurs in what the client sent the model, described for a failure message. */
export function leaks(result: ScenarioResult, needle: string): string[] {
  const found: string[] = [];
  result.requests.forEach((r, i) => {
    const at = r.body.indexOf(needle);
    if (at >= 0) found.push(`request #${i} ${r.method} ${r.path} (${r.kind}): …${r.body.slice(Math.max(0, at - 160), at + needle.length + 40)}…`);
  });
  return found;
}

/** A short transcript of the run for failure messages: exit, stderr, and each probe's result. */
export function describeRun(result: ScenarioResult): string {
  const lines = [
    `exit ${result.run.exitCode} signal ${result.run.signal} timedOut ${result.run.timedOut} in ${result.run.elapsedMs} ms`,
    `stderr: ${result.run.stderr.trim().slice(0, 2000)}`,
    `requests: ${result.requests.map((r) => `${r.method} ${r.path} [${r.kind}]`).join(', ')}`,
    `fake's problems: ${result.problems.join('; ') || 'none'}`,
  ];
  for (const p of result.script.all) {
    const t = result.toolResult(p);
    lines.push(`${p.id} ${p.what}: ${t ? `${t.isError ? 'error' : 'ok'} [${result.permissionDecision(p) ?? '-'}] ${JSON.stringify(t.text.slice(0, 300))}` : 'no result reported'}`);
  }
  return lines.join('\n');
}

export interface AuditDecision {
  readonly kind: string;
  readonly client: string;
  readonly session: string;
  readonly tool: string;
  readonly verdict: string;
  readonly paths: readonly string[];
  readonly reason: string;
  readonly class: string | null;
  readonly rule: { source?: string; line?: number } | null;
}

/** The decision events of the workspace's audit log; undefined when there is no log at all. */
export function readAuditDecisions(root: string): AuditDecision[] | undefined {
  const file = join(auditDirFor(root), 'audit.jsonl');
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditDecision)
    .filter((e) => e.kind === 'decision');
}
