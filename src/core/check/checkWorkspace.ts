// The `check` feature (the CI gate): is the policy valid, and what does it do to this workspace?
// One walk classifies every file; secrets, native controls, provenance and git history add their
// violations. Plain result; the shell prints it.
import { decideWorkspacePath } from '../decide/decide';
import { displayPath } from '../paths/displayPath';
import { loadPolicy } from '../policy/loadPolicy';
import type { PolicyProblem } from '../policy/policyError';
import { policyNamedPaths } from '../policy/policyNamedPaths';
import { policyReport } from '../policy/policyReport';
import type { Verdict } from '../policy/policyTypes';
import { checkProvenance, type ProvenanceCheck } from '../provenance/workspaceSummary';
import { checkSecrets, type SecretsCheckResult } from '../secrets/secretsCheck';
import { checkNative, type NativeCheck } from '../sync/nativeCheck';
import type { Violation } from '../words/checkViolation';
import { walkWorkspace } from '../workspace/walkWorkspace';
import { gitControl } from '../sandbox/gitControlPaths';
import { checkHistory, type HistoryExposure } from './historyCheck';
import { unscannedRuleOf } from './secretsScanGate';

export interface ClassSummary {
  name: string;
  files: number;
  read: Verdict;
  edit: Verdict;
  risk: string;
}

export interface ProtectedFile {
  readonly path: string;
  readonly class: string;
  readonly read: Verdict;
  readonly edit: Verdict;
}

export interface CheckOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly now: Date;
  /** Where a relative `sarifFile` is resolved (the user's shell). */
  readonly cwd: string;
  /** Write the secret findings as a SARIF log here. */
  readonly sarifFile?: string;
  /** Airlock's version, for the SARIF driver. */
  readonly toolVersion: string;
}

/** The policy did not load: every AI verdict is deny until it is fixed. */
export interface InvalidPolicyCheck {
  readonly valid: false;
  readonly policyFiles: readonly string[];
  readonly problems: readonly PolicyProblem[];
}

export interface WorkspaceCheck {
  readonly valid: true;
  readonly ok: boolean;
  readonly policyFiles: readonly string[];
  readonly monitor: boolean;
  readonly aiOff: boolean;
  /** The policy report (lint), with what each loosening reaches in this walk. */
  readonly problems: readonly PolicyProblem[];
  readonly files: number;
  /** Most files first. */
  readonly classes: readonly ClassSummary[];
  /** Sorted by path. */
  readonly protectedFiles: readonly ProtectedFile[];
  readonly secrets: SecretsCheckResult;
  readonly native: NativeCheck;
  readonly provenance: ProvenanceCheck;
  readonly history: { json: HistoryExposure; text: string };
  readonly violations: readonly Violation[];
  readonly seconds: number;
}

interface Walked {
  readonly classes: Map<string, ClassSummary>;
  readonly protectedFiles: ProtectedFile[];
  readonly walked: string[];
  /** Secrets are scanned as CI sees a checkout: not in ignored files a rule merely names. */
  readonly toScan: string[];
}

function classify(root: string, engine: ReturnType<typeof loadPolicy>): Walked {
  const out: Walked = { classes: new Map(), protectedFiles: [], walked: [], toScan: [] };
  for (const entry of walkWorkspace(root, { keepIgnored: policyNamedPaths(engine) })) {
    if (entry.isDir) continue;
    out.walked.push(entry.rel);
    if (!entry.ignored && !entry.isSymlink) out.toScan.push(entry.rel);
    const read = decideWorkspacePath(engine, entry.rel, false, 'read');
    const edit = decideWorkspacePath(engine, entry.rel, false, 'edit');
    const name = read.verdict !== 'allow' || edit.verdict === 'allow' ? read.className : edit.className;
    let s = out.classes.get(name);
    if (!s) {
      const def = engine.document?.classes.get(name);
      s = { name, files: 0, read: read.verdict, edit: edit.verdict, risk: def?.risk ?? 'high' };
      out.classes.set(name, s);
    }
    s.files++;
    if (read.verdict !== 'allow') out.protectedFiles.push({ path: entry.rel, class: name, read: read.verdict, edit: edit.verdict });
  }
  return out;
}

export async function checkWorkspace(root: string, options: CheckOptions): Promise<WorkspaceCheck | InvalidPolicyCheck> {
  const started = Date.now();
  const engine = loadPolicy(root, { env: options.env, now: options.now });
  const policyFiles = engine.layers.map((l) => displayPath(l.doc.source, root));
  if (engine.error) return { valid: false, policyFiles, problems: engine.problems.map((p) => ({ ...p, file: displayPath(p.file, root) })) };
  const walk = classify(root, engine);
  const problems = policyReport(engine, { files: walk.walked }).map((p) => ({ ...p, file: displayPath(p.file, root) }));
  const secrets = await checkSecrets(root, { cwd: options.cwd, ...(options.sarifFile !== undefined ? { sarifFile: options.sarifFile } : {}), files: walk.toScan, toolVersion: options.toolVersion, unscanned: unscannedRuleOf(engine) });
  const native = checkNative(root, engine, options);
  const provenance = checkProvenance(root, engine);
  const history = checkHistory(root, engine);
  const violations = [...secrets.violations, ...native.violations, ...provenance.violations, ...plantedGitRedirects(root)];
  return {
    valid: true,
    ok: violations.length === 0,
    policyFiles,
    monitor: engine.monitor,
    aiOff: engine.aiOff !== null,
    problems,
    files: walk.walked.length,
    classes: [...walk.classes.values()].sort((a, b) => b.files - a.files),
    protectedFiles: walk.protectedFiles.sort((a, b) => a.path.localeCompare(b.path)),
    secrets,
    native,
    provenance,
    history,
    violations,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * A `commondir` where git never writes one (a work tree's `.git`, a submodule's git dir): git takes
 * its config from wherever it points, so a person's next git command runs what that config names.
 * `airlock exec`/`run` move one aside when their command ends; one left here was planted while
 * they could not (killed) or by something else.
 */
function plantedGitRedirects(root: string): Violation[] {
  return gitControl(root).planted.map((file) => ({
    kind: 'git-redirected',
    message: `${displayPath(file, root)} redirects git to another repository's config (git never writes one there; a command inside Airlock's sandbox may have planted it): inspect it and move it aside before running git here`,
    file: displayPath(file, root),
  }));
}
