// The `exec` and `run` feature: build the workspace's sandbox, describe it, and run a command in
// it, failing closed (the command is never run outside). For `run`, whose hooks run inside and
// find the audit log read-only, a relay outside appends for them.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveAuditDir } from '../audit/auditLocation';
import { AUDIT_LOG_ENV, AUDIT_SOCKET_ENV, type AuditRelay, type AuditRelayOptions, startAuditRelay } from '../audit/auditRelay';
import { prepareClientStartFiles } from './clientStartFiles';
import { nestedUser, type NestedUser } from './nestedUser';
import { SandboxEndCheck } from './sandboxEndCheck';
import { auditPlanted, type PlantedFile, plantedWarning, quarantinePlanted } from './plantedGitFiles';
import { EndCheckWatch } from './endCheckWatch';
import { TreeCensus } from './treeCensus';
import { runSandboxed } from './runSandboxed';
import { type ProcMode, type SandboxSpec, SandboxUnavailableError } from './sandboxTypes';
import { prepareSandboxDirs, workspaceSandboxSpec, type WorkspaceSandboxInput } from './workspaceSandbox';
import { writeRunMasks } from './runMaskConfinement';
import { decideWorkspacePath } from '../decide/decide';
import { loadPolicyCached } from '../policy/compiledPolicyCache';
import type { PolicyEngine } from '../policy/policyEngine';

export interface SandboxRunPlace {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string | null;
  /** Folder of the running Airlock bundle (kept read-only). */
  readonly bundleDir: string | null;
  /** `new`: a private /proc; `bind`: the host's (to nest Claude Code's own sandbox). */
  readonly proc: ProcMode;
  /** `run`: an agent whose hooks run inside; `exec`: one command. */
  readonly interactive: boolean;
  /**
   * `run`: a hook inside asks for the telemetry schedule; it runs here, outside the sandbox, with
   * the workspace's policy and this process's environment (without the relay's socket).
   */
  readonly onScheduleRequest?: (engine: PolicyEngine, env: NodeJS.ProcessEnv) => void;
  /** `run`: a hook's record the relay could not append (the hook no longer waits to hear it). */
  readonly onAuditLoss?: (message: string) => void;
  /** `run`: stores provenance records a hook inside wrote (AuditRelayOptions.onRecords). */
  readonly onProvenanceRecords?: (root: string, records: readonly string[]) => string | null;
}

export interface SandboxBuild {
  readonly now: Date;
  /** The script node ran (launcher or cli.js), kept read-only. */
  readonly entryScript: string | null;
  /** The secret check for the loaded policy (built at its `secretsConfidence`, as the hook's is). */
  readonly secretIn: (engine: PolicyEngine) => WorkspaceSandboxInput['secretIn'];
}

/** What the sandbox masks, freezes and leaves uncovered, for people (or as JSON). */
export function describeSandbox(spec: SandboxSpec, json: boolean): string {
  if (json) return `${JSON.stringify(spec, null, 2)}\n`;
  const rel = (p: string): string => (p.startsWith(`${spec.root}/`) ? p.slice(spec.root.length + 1) : p);
  const lines = [`Sandbox for ${spec.root}`, '', `Masked (unreadable inside): ${spec.masks.length}`];
  for (const m of spec.masks) lines.push(`  ${rel(m.path)}${m.kind === 'dir' ? '/' : ''}  — ${m.why}`);
  lines.push('', `Read-only inside: ${spec.readOnly.length}`);
  for (const r of spec.readOnly) lines.push(`  ${rel(r.path)}${r.kind === 'dir' ? '/' : ''}  — ${r.why}`);
  const pinned = spec.pinned ?? [];
  if (pinned.length) lines.push('', 'Cannot be renamed or removed (their contents stay writable):', ...pinned.map((p) => `  ${p.path === spec.root ? '.' : rel(p.path)}/  — ${p.why}`));
  if (spec.scratch.length) lines.push('', 'Replaced by an empty private folder:', ...spec.scratch.map((s) => `  ${rel(s.path)}/  — ${s.why}`));
  if (spec.writable.length) lines.push('', 'Writable inside a read-only folder:', ...spec.writable.map((w) => `  ${rel(w.path)}/  — ${w.why}`));
  const absent = spec.mustStayAbsent ?? [];
  if (absent.length) lines.push('', 'Moved aside if the command creates them (checked when it ends):', ...absent.map((a) => `  ${rel(a.path)}  — ${a.why}`));
  lines.push('', 'Also checked when it ends (and every few seconds under `airlock run`), and moved aside if found:', '  - in repositories made or re-pointed inside (no mount froze them): config settings not known to be inert, hooks, commondir;', '  - new names the policy protects from AI edits (edit deny; under `exec` also ask), created in folders that stay writable.');
  if (spec.residual.length) lines.push('', 'Not covered:', ...spec.residual.map((r) => `  - ${r}`));
  return `${lines.join('\n')}\n`;
}

/** One sandboxed command or agent for a workspace; close() it when done. */
export class WorkspaceSandboxRun {
  /** `--proc bind` hosts another sandbox (Claude Code's): as root that takes an ordinary account inside. */
  private readonly nestAs: NestedUser | null;
  private relay: AuditRelay | null = null;
  private engine: PolicyEngine | null = null;
  /** While `run`'s agent runs: moves planted git files aside (each hook call inside reaches the relay). */
  private whileRunning: (() => void) | null = null;
  /** What the spec's walk saw of the work tree, to find repositories made inside when it ends. */
  private census: TreeCensus | null = null;

  constructor(private readonly place: SandboxRunPlace) {
    this.nestAs = place.proc === 'bind' ? nestedUser() : null;
  }

  /** The folders the sandbox needs, and for `run` (unless only explaining) the audit relay; throws when they cannot be made. */
  async prepare(explainOnly: boolean): Promise<void> {
    prepareSandboxDirs(this.placeOf());
    if (this.place.interactive && !explainOnly) this.relay = await startRunAuditRelay(this.place.root, { onScheduleRequest: this.scheduleRequestHandler(), onAppendError: this.place.onAuditLoss, onRecords: this.place.onProvenanceRecords, onRequest: () => this.whileRunning?.() });
  }

  /** The relay's answer to a hook asking for the telemetry schedule (none unless the shell gave one). */
  private scheduleRequestHandler(): (() => void) | undefined {
    const run = this.place.onScheduleRequest;
    if (!run) return undefined;
    const { root, env } = this.place;
    // The policy as it is when asked (it may have changed since the start); the relay reports a throw.
    return () => run(loadPolicyCached(root, { env, now: new Date() }), { ...env, [AUDIT_SOCKET_ENV]: undefined, [AUDIT_LOG_ENV]: undefined });
  }

  /** The spec, under the policy loaded through the verified compiled-policy cache; throws when it cannot be built. */
  spec(build: SandboxBuild): SandboxSpec {
    const { root, env, interactive } = this.place;
    this.engine = loadPolicyCached(root, { env, now: build.now });
    const relayDir = this.relay ? { auditRelayDir: path.dirname(this.relay.socketPath) } : {};
    this.census = new TreeCensus();
    const spec = workspaceSandboxSpec({ ...this.placeOf(), engine: this.engine, now: build.now, entryScript: build.entryScript, secretIn: build.secretIn(this.engine), hooksInside: interactive, census: this.census, ...relayDir });
    if (this.relay) {
      try {
        writeRunMasks(path.dirname(this.relay.socketPath), spec);
      } catch {
        // Without the list, a search's hook inside builds the spec to verify the sandbox (slower, same answers).
      }
    }
    return spec;
  }

  /** `run`'s private folder, read-only inside, where hooks find the secret verdicts and the masks `run` holds (runView.ts); null for `exec`. */
  runViewDir(): string | null {
    return this.relay ? path.dirname(this.relay.socketPath) : null;
  }

  /** Keeps what classifying paths for the spec learned (the policy's classify store). */
  flushClassifyStore(): void {
    this.engine?.flushClassifyStore();
  }

  /** Whether the policy lets an AI read `rel` (after spec()); false before it. */
  allowsRead(rel: string): boolean {
    return this.engine !== null && decideWorkspacePath(this.engine, rel, false, 'read').verdict === 'allow';
  }

  private placeOf(): { root: string; env: NodeJS.ProcessEnv; home: string | null; bundleDir: string | null; extraHomes: string[] | undefined } {
    const { root, env, home, bundleDir } = this.place;
    return { root, env, home, bundleDir, extraHomes: this.nestAs?.home ? [this.nestAs.home] : undefined };
  }

  /**
   * The command's exit status, or why the sandbox could not start (the command did not run). When
   * it has ended, what it created where no mount could stop it (planted git files, new names the
   * policy protects) is moved aside, each reported through `warn` and in the audit log
   * (plantedGitFiles.ts, sandboxEndCheck.ts).
   */
  async run(spec: SandboxSpec, command: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; warn: (text: string) => void }): Promise<number | { notRun: string }> {
    const env = this.relay ? { ...options.env, [AUDIT_SOCKET_ENV]: this.relay.socketPath, [AUDIT_LOG_ENV]: this.relay.dir } : options.env;
    // `airlock run` starts the agent inside: what it writes at start in a frozen folder must exist.
    if (this.place.interactive) prepareClientStartFiles(spec.root);
    // `run` lasts a session: a person's git (or the editor's) meanwhile should not follow a
    // planted file for long. The cheap commondir check runs at each hook call; the walk for what
    // no mount could stop runs after it, and every few seconds, never holding a hook's answer.
    const endCheck = this.census === null ? null : new SandboxEndCheck(spec, this.census, this.engine, !this.place.interactive);
    const watch = this.place.interactive && endCheck !== null ? new EndCheckWatch(() => this.report(spec, this.runEndCheck(endCheck), options.warn)) : null;
    this.whileRunning = () => {
      this.report(spec, quarantinePlanted(spec, new Date()), options.warn);
      watch?.soon();
    };
    try {
      return await runSandboxed(spec, command, { cwd: options.cwd, env, proc: this.place.proc, interactive: this.place.interactive, ...(this.nestAs ? { nestAs: this.nestAs } : {}) });
    } catch (err) {
      if (!(err instanceof SandboxUnavailableError)) throw err;
      return { notRun: err.message };
    } finally {
      this.whileRunning = null;
      watch?.stop();
      this.report(spec, quarantinePlanted(spec, new Date()), options.warn);
      if (endCheck !== null) this.report(spec, this.runEndCheck(endCheck, options.warn), options.warn);
    }
  }

  private runEndCheck(endCheck: SandboxEndCheck, warn?: (text: string) => void): PlantedFile[] {
    const { found, notChecked } = endCheck.check(new Date());
    if (notChecked !== null) warn?.(`airlock ${this.commandName()}: warning: ${notChecked}\n`);
    return found;
  }

  private commandName(): 'run' | 'exec' {
    return this.place.interactive ? 'run' : 'exec';
  }

  private report(spec: SandboxSpec, found: readonly PlantedFile[], warn: (text: string) => void): void {
    const name = this.commandName();
    for (const f of found) warn(plantedWarning(name, spec.root, f));
    const notRecorded = auditPlanted(name, spec.root, found);
    if (notRecorded !== null) warn(`airlock ${name}: warning: could not record this in the audit log: ${notRecorded}\n`);
  }

  async close(): Promise<void> {
    await this.relay?.close();
  }
}

/** The relay for the workspace's log, its socket in a private folder outside the workspace. */
async function startRunAuditRelay(root: string, options: AuditRelayOptions): Promise<AuditRelay> {
  const dir = resolveAuditDir(root).dir;
  mkdirSync(dir, { recursive: true });
  return startAuditRelay(dir, tmpdir(), options);
}

