// The hook's decision with what stands behind it:
// 1. inside Airlock's sandbox (verified from inside): decide with that confinement;
// 2. otherwise, for a shell tool call where a sandbox can start: rewrite it into `airlock exec`
//    and decide with the rewrite's confinement (the parser's deny still stands, with its reason);
// 3. otherwise: the parser alone, as without a sandbox.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { LAUNCHER_MARKER } from '../launcher/launcherScript';
import * as path from 'node:path';
import type { Confinement } from '../decide/confinement';
import { decideWorkspacePath, type DecideOptions } from '../decide/decide';
import type { Decision } from '../decide/decisionTypes';
import { canonicalizePath, type WorkspaceRoot } from '../paths/canonicalPath';
import type { PolicyEngine } from '../policy/policyEngine';
import { parseMountInfo } from '../sandbox/mountInfo';
import { runMaskConfinement } from '../sandbox/runMaskConfinement';
import { runViewDir } from '../sandbox/runView';
import { sandboxAvailability } from '../sandbox/sandboxPlatform';
import { type ConfinementCheck, looksConfined, verifyConfinement } from '../sandbox/verifyConfinement';
import { workspaceSandboxSpec } from '../sandbox/workspaceSandbox';
import { claudeSandboxActive } from './claudeSandbox';
import { codexApplyPatch } from './codexApplyPatch';
import { decideHookEvent } from './decideHookEvent';
import { canAskWithRewrite } from './hookAnswer';
import type { HookEvent } from './hookEventTypes';
import { ownRewriteInner, rewriteToolInput, type RewriteTarget } from './shellRewrite';
import { schemaCompleteInput } from './vscodeToolInput';
import { isObject } from './payloadFields';
import { shellToolKind } from './toolAccess';
import { errorMessage } from '../util/errorMessage';

export interface HookSandboxContext {
  readonly engine: PolicyEngine;
  readonly workspace: WorkspaceRoot;
  readonly env: NodeJS.ProcessEnv;
  readonly now: Date;
  readonly home: string | null;
  /** Folder of the running Airlock bundle; null when unknown (no rewrite then). */
  readonly bundleDir: string | null;
  /**
   * The script node was started with (`process.argv[1]`): the per-user launcher or `dist/cli.js`.
   * The rewrite runs `airlock exec` through the same entry, so the launcher's hash check applies.
   */
  readonly entryScript: string | null;
  /** The node binary running Airlock. */
  readonly nodePath: string;
  readonly platform?: NodeJS.Platform;
  /** /proc/self/mountinfo, or null where there is none. */
  readonly mountInfo: () => string | null;
}

export interface SandboxedDecision {
  readonly decision: Decision;
  /** The rewritten tool input (the shell command under `airlock exec`), to send back. */
  readonly updatedInput?: object;
  /** How the sandbox stood behind this decision, for the audit reason. */
  readonly behind: 'verified' | 'rewrite' | 'none';
  /** With `updatedInput`: the command `airlock exec` will run (its arguments after `--`). */
  readonly execArgv?: readonly string[];
}

/** Verified only by looking at the masks; a process that merely claims to be inside gets nothing. */
export function checkConfinement(ctx: HookSandboxContext): ConfinementCheck {
  const text = ctx.mountInfo();
  if (text === null) return { verified: false, reason: 'no mount table' };
  if (!looksConfined(text, ctx.workspace.realRoot)) return { verified: false, reason: '.airlock/ is not on a read-only mount' };
  try {
    const spec = workspaceSandboxSpec({ root: ctx.workspace.root, env: ctx.env, now: ctx.now, home: ctx.home, bundleDir: ctx.bundleDir, entryScript: ctx.entryScript, engine: ctx.engine, hooksInside: true });
    return verifyConfinement(spec, text);
  } catch (err) {
    return { verified: false, reason: errorMessage(err) };
  }
}

/**
 * A file tool's search inside `airlock run`: the masks `run` mounted, each checked where the search
 * reaches it (runMaskConfinement.ts); null when that cannot be read (then the full check).
 */
function searchConfinement(ctx: HookSandboxContext): ConfinementCheck | null {
  const dir = runViewDir(ctx.env, ctx.mountInfo);
  const text = dir === null ? null : ctx.mountInfo();
  const confinement = dir === null || text === null ? null : runMaskConfinement(dir, text, ctx.workspace.realRoot);
  return confinement === null ? null : { verified: true, confinement };
}

/**
 * Whether a file tool reads a file something is mounted over, inside what looks like Airlock's
 * sandbox: then it may be a mask the hook's secret scan sees as an empty, clean file, and the
 * sandbox is checked. Cheap otherwise (one look at the mount table).
 */
function readsMountedFile(event: HookEvent, ctx: HookSandboxContext): boolean {
  const reads = event.requests.filter((r) => r.action === 'read' && r.paths.length > 0);
  if (reads.length === 0) return false;
  const text = ctx.mountInfo();
  if (text === null || !looksConfined(text, ctx.workspace.realRoot)) return false;
  const points = new Set(parseMountInfo(text).map((m) => m.mountPoint));
  return reads.some((r) => r.paths.some((p) => points.has(canonicalizePath(p, ctx.workspace, r.cwd).realAbsolute)));
}

/**
 * The confinement `airlock exec` will give: every file a shell read may not reach is masked
 * (buildSandboxSpec applies the hook's own rule when exec starts, so a file that became a secret
 * since this hook ran is masked too).
 */
function rewriteConfinement(ctx: HookSandboxContext): Confinement {
  const root = ctx.workspace.realRoot;
  return {
    kind: 'rewrite',
    masksShellReads: true,
    masks: (abs) => {
      if (!abs.startsWith(`${root}/`)) return false;
      let isDir = false;
      try {
        isDir = statSync(abs).isDirectory();
      } catch {
        return false;
      }
      return decideWorkspacePath(ctx.engine, path.relative(root, abs).split(path.sep).join('/'), isDir, 'read').verdict !== 'allow';
    },
  };
}

/**
 * The entry this process was started through, if it is Airlock's (the launcher, or cli.js next to
 * the bundle): what a rewritten shell call and a scheduled telemetry flush start again.
 */
export function airlockEntry(entry: string | null, bundleDir: string | null): string | null {
  if (entry === null || !path.isAbsolute(entry)) return null;
  if (bundleDir !== null && path.dirname(entry) === bundleDir && path.basename(entry) === 'cli.js') return entry;
  try {
    return readFileSync(entry, 'utf8').slice(0, 512).includes(LAUNCHER_MARKER) ? entry : null;
  } catch {
    return null;
  }
}

function rewriteTarget(ctx: HookSandboxContext): RewriteTarget | null {
  const cli = airlockEntry(ctx.entryScript, ctx.bundleDir);
  if (cli === null) return null;
  const shell = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
  return { node: ctx.nodePath, cli, root: ctx.workspace.root, shell };
}

function withVerdict(d: Decision, verdict: 'deny', reason: string): Decision {
  return { ...d, verdict, enforcedVerdict: verdict, reason };
}

/** Why this shell call is not rewritten (null: rewrite it). */
function noRewrite(event: HookEvent, ctx: HookSandboxContext): string | null {
  if (ctx.engine.shellSandbox === 'off') return 'the policy turns shell rewriting off ("shellSandbox": "off")';
  const avail = sandboxAvailability(ctx.env, ctx.platform);
  if (!avail.ok) return avail.reason;
  if (event.client === 'codex' && event.command !== undefined && codexApplyPatch(event.command) !== null) {
    return 'Codex applies this patch itself, outside any shell (rewritten, it would no longer be recognised): it is judged as the edit of the files it names';
  }
  if (event.client === 'claude-code' && claudeSandboxActive(ctx.workspace.root, ctx.home, event.toolInput, ctx.platform)) {
    return "Claude Code's own sandbox runs this command (it forbids nested sandboxes)";
  }
  return null;
}

function insideWorkspace(file: string, realRoot: string): boolean {
  let real = file;
  try {
    real = realpathSync.native(file);
  } catch {
    return true; // cannot tell: do not trust it
  }
  return real === realRoot || real.startsWith(`${realRoot}/`);
}

/**
 * A shell call that already is Airlock's own rewrite (the Copilot CLI hands its second hook the
 * first one's answer): the command inside is judged as the first hook judged it, with the
 * rewrite's confinement, and the call passes unchanged. Null when it is not exactly our rewrite.
 */
function passOwnRewrite(event: HookEvent, base: DecideOptions, ctx: HookSandboxContext): SandboxedDecision | null {
  if (event.command === undefined || shellToolKind(event.toolName) !== 'shell' || /powershell/i.test(event.toolName) || !isObject(event.toolInput)) return null;
  if (ctx.engine.shellSandbox === 'off' || !sandboxAvailability(ctx.env, ctx.platform).ok) return null;
  const target = rewriteTarget(ctx);
  // Only an entry the AI cannot have rewritten: never one inside the work tree (the npx launcher's).
  if (target === null || insideWorkspace(target.cli, ctx.workspace.realRoot)) return null;
  const inner = ownRewriteInner(event.command, target);
  if (inner === null) return null;
  const decision = decideHookEvent(ctx.engine, { ...event, command: inner }, { ...base, confinement: rewriteConfinement(ctx) });
  if (decision.verdict === 'deny') return { decision, behind: 'none' };
  if (decision.verdict === 'ask' && !canAskWithRewrite(event.client)) {
    return { decision: withVerdict(decision, 'deny', `needs approval, and ${event.client} cannot ask before a sandboxed shell command: ${decision.reason}`), behind: 'rewrite' };
  }
  return { decision, updatedInput: event.toolInput, behind: 'rewrite', execArgv: [target.shell, '-c', inner] };
}

export function decideWithSandbox(event: HookEvent, base: DecideOptions, ctx: HookSandboxContext): SandboxedDecision {
  if (event.event === 'pre-tool' && ctx.engine.valid) {
    const own = passOwnRewrite(event, base, ctx);
    if (own !== null) return own;
  }
  let parsed: Decision | undefined;
  const plain = (): Decision => (parsed ??= decideHookEvent(ctx.engine, event, base));
  if (event.event !== 'pre-tool' || !ctx.engine.valid) return { decision: plain(), behind: 'none' };
  const shell = event.command !== undefined ? shellToolKind(event.toolName) : null;

  // Inside the sandbox: a verified confinement lets searches through; nothing is rewritten. A
  // search is checked for it before the parser decides: the parser's answer to a search reads
  // every protected file the pattern could reach, which the sandbox masks anyway.
  const search = shell === null && event.requests.some((r) => r.action === 'search');
  // Enforced, not applied: in monitor mode the record says what the sandbox would make of the call.
  if (shell === 'shell' || search || plain().enforcedVerdict !== 'allow' || (event.command === undefined && readsMountedFile(event, ctx))) {
    const check = (search && event.requests.every((r) => r.action === 'search') ? searchConfinement(ctx) : null) ?? checkConfinement(ctx);
    if (check.verified) {
      // The parser's allow stands (same verdicts as asking it first); it is asked only when needed.
      // A file tool's reads and edits are never relaxed by the sandbox (only searches are), so the
      // confined answer stands for them: it may refuse what the kernel would defeat (confinement.ts).
      const confined = decideHookEvent(ctx.engine, event, { ...base, confinement: check.confinement });
      const decision = confined.verdict === 'allow' || plain().verdict !== 'allow' || (event.command === undefined && !search) ? confined : plain();
      return { decision, behind: 'verified' };
    }
  }
  if (shell !== 'shell' || noRewrite(event, ctx) !== null) return { decision: plain(), behind: 'none' };
  // Run from source (tests, development) there is no Airlock entry to rewrite to.
  const target = rewriteTarget(ctx);
  if (target === null) return { decision: plain(), behind: 'none' };
  // The rewrite is POSIX shell; a PowerShell command line cannot be expressed in it.
  const rewritten = /powershell/i.test(event.toolName)
    ? { error: 'a PowerShell command cannot be run through the POSIX sandbox wrapper' }
    : rewriteToolInput(schemaCompleteInput(event.client, event.toolName, event.toolInput), target);
  // The verdict is the parser's when it allows, else the rewrite's confinement's. Asked in the
  // other order (same verdicts): a search the sandbox confines skips the parser's pattern check
  // (reading the protected files it reaches) and stops at its first masked file.
  const confined = decideHookEvent(ctx.engine, event, { ...base, confinement: rewriteConfinement(ctx) });
  const decision = confined.verdict === 'allow' || plain().verdict !== 'allow' ? confined : plain();
  if (decision.verdict === 'deny') return { decision, behind: 'none' };
  if ('error' in rewritten) {
    return { decision: withVerdict(decision, 'deny', `this shell call cannot be run in Airlock's sandbox (${rewritten.error}), so it is refused rather than run unmasked`), behind: 'none' };
  }
  if (decision.verdict === 'ask' && !canAskWithRewrite(event.client)) {
    return { decision: withVerdict(decision, 'deny', `needs approval, and ${event.client} cannot ask before a sandboxed shell command: ${decision.reason}`), behind: 'rewrite' };
  }
  return { decision, updatedInput: rewritten.input, behind: 'rewrite', execArgv: rewritten.argv };
}

/**
 * Whether a shell call is headed for the rewrite (asked before deciding, so the hook knows it can
 * leave `git status` to `airlock exec`). A guess that only saves time: the decision still decides.
 */
export function plansRewrite(event: HookEvent, ctx: HookSandboxContext): boolean {
  if (event.event !== 'pre-tool' || !ctx.engine.valid || event.command === undefined || shellToolKind(event.toolName) !== 'shell') return false;
  if (/powershell/i.test(event.toolName) || noRewrite(event, ctx) !== null || rewriteTarget(ctx) === null) return false;
  const text = ctx.mountInfo();
  return text === null || !looksConfined(text, ctx.workspace.realRoot);
}

export function readMountInfo(): string | null {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return null;
  }
}
