// What stands behind a decision: when a request runs inside Airlock's sandbox, a search that
// reaches a masked path cannot read it, so the search itself needs no refusal. decide() applies
// this in one place; without a confinement every verdict is the parser's, as before.
import * as path from 'node:path';
import type { WorkspaceRoot } from '../paths/canonicalPath';
import type { DecisionRequest, PathDecision } from './decisionTypes';

export interface Confinement {
  /**
   * - `verified`: this process was checked, from inside, to run in Airlock's sandbox for this
   *   policy (the masks themselves, see verifyConfinement): it confines every request.
   * - `rewrite`: the shell command will run under `airlock exec` (the hook rewrites it): it
   *   confines that command only, not the client's own file tools.
   */
  readonly kind: 'verified' | 'rewrite';
  /** Whether the sandbox hides this absolute, symlink-resolved path from reads. */
  readonly masks: (absolutePath: string) => boolean;
  /**
   * The sandbox masks every file a shell read may not reach, by the hook's own rule
   * (shellReadVerdict.ts: classes, live secrets, files the scanner cannot judge): a shell command's
   * read or search of a folder then needs no walk of it. Git commands and writes are still walked.
   */
  readonly masksShellReads?: boolean;
  /**
   * `verified` only: whether the kernel stops writes to this absolute, symlink-resolved path
   * inside (the sandbox masks or freezes it and the mount over it is read-only).
   */
  readonly freezes?: (absolutePath: string) => boolean;
  /**
   * `verified` only: whether the kernel shows this file as a mask (bound from the same empty file
   * as the verified masks). Covers what the hook's spec cannot list: a file `airlock run` masked
   * at its start for a live secret (inside, the hook's secret scan only sees the empty mask).
   */
  readonly showsMask?: (absolutePath: string) => boolean;
}

function explanation(c: Confinement, reached: string): string {
  const where = c.kind === 'verified' ? 'this agent runs inside Airlock\'s sandbox, which' : 'the command runs in Airlock\'s sandbox (`airlock exec`), which';
  return `; allowed because ${where} masks "${reached}" (kernel-enforced): the search cannot read it`;
}

/**
 * Relaxes exactly the verdicts the sandbox makes moot: a search scope (Grep, Glob, `grep -r`,
 * `find`, `rg`) whose deciding protected path is masked. A path named outright (`Read .env`,
 * `cat .env`), an edit, a git command and an unparsed shell command keep their verdict.
 */
export function applyConfinement(paths: readonly PathDecision[], request: DecisionRequest, ws: WorkspaceRoot, confinement: Confinement | undefined): PathDecision[] {
  if (confinement === undefined) return [...paths];
  if (confinement.kind === 'rewrite' && request.command === undefined) return [...paths];
  return paths.map((p) => {
    // A git command's "search" may read git's object store, which no mask covers.
    if (p.verdict === 'allow' || p.reached === undefined || p.outside || p.command === 'git') return p;
    // Only read-only scopes (a search or listing): edits and runs of a folder are never relaxed.
    if (request.action === 'edit' || p.cause?.kind !== 'scope' || (p.cause.access !== 'search' && p.cause.access !== 'read')) return p;
    if (!confinement.masks(path.join(ws.realRoot, p.reached))) return p;
    // The scope also reaches a file the sandbox leaves readable: the sandbox cannot stand in.
    if (p.unmaskedReach !== undefined) return { ...p, reason: `${p.reason}; not relaxed by the sandbox: it does not mask "${p.unmaskedReach}"` };
    return { ...p, verdict: 'allow', reason: `${p.reason}${explanation(confinement, p.reached)}` };
  });
}

const STILL_ASKED = 'or start the agent outside `airlock run` to be asked';

/**
 * Inside a verified `airlock run` the client's own file tools run in the sandbox too: an approved
 * read of a masked path returns the empty mask (the AI would take the file for empty), an approved
 * edit of a frozen one fails. Such an `ask` cannot be honoured, so it becomes `deny`, saying why
 * and what a person can do. So does an `allow` of a read the kernel answers with the mask (a file
 * masked for a live secret, which the hook's own scan sees empty inside). Paths the kernel leaves
 * readable (or writable) keep their verdict. `realAbsolute` resolves a path as the request gave it.
 */
export function refuseMootApprovals(paths: readonly PathDecision[], request: DecisionRequest, confinement: Confinement | undefined, realAbsolute: (given: string) => string): PathDecision[] {
  if (confinement?.kind !== 'verified' || request.command !== undefined || request.action === 'execute') return [...paths];
  return paths.map((p) => {
    if (p.verdict === 'deny' || p.cause?.kind === 'scope') return p;
    const abs = realAbsolute(p.path);
    if (request.action === 'edit') {
      if (p.verdict !== 'ask' || confinement.freezes?.(abs) !== true) return p;
      return { ...p, verdict: 'deny', reason: `${p.reason}; denied, not asked: inside \`airlock run\` the kernel keeps it read-only, so an approval could not let the AI write it — edit it yourself, ${STILL_ASKED}` };
    }
    if (p.verdict === 'ask' && confinement.masks(abs)) {
      return { ...p, verdict: 'deny', reason: `${p.reason}; denied, not asked: inside \`airlock run\` the kernel masks it (it reads as empty), so an approval could not give the AI its content — open it yourself, ${STILL_ASKED}` };
    }
    if (confinement.showsMask?.(abs) !== true) return p;
    return { ...p, verdict: 'deny', reason: `"${p.relative ?? p.path}" is masked inside \`airlock run\` (it was protected when the run started, e.g. it held a live secret): a read would return the empty mask, not the file, so it is denied — open it yourself, or start the agent outside \`airlock run\`` };
  });
}
