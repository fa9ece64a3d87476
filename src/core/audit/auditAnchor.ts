// Anchors signed checkpoints off the log file: a git ref (`refs/airlock/audit-checkpoints`) whose
// commits each hold one checkpoint (and its SSH signature when one was made). The ref lives in the
// object store, which `git stash -a`, `git clean -fdx` and deleting the log folder do not touch,
// and pushes to a remote like any ref. The OTLP stream carries the same checkpoints off the machine.
import { runGit } from '../util/gitRun';

export const CHECKPOINT_REF = 'refs/airlock/audit-checkpoints';

export interface AnchoredCheckpoint {
  readonly note: string;
  readonly sshSignature: string | null;
  readonly commit: string;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Airlock',
  GIT_AUTHOR_EMAIL: 'airlock@localhost',
  GIT_COMMITTER_NAME: 'Airlock',
  GIT_COMMITTER_EMAIL: 'airlock@localhost',
};

function git(root: string, args: readonly string[], input?: string): string {
  return runGit(root, args, { input, env: { ...process.env, ...GIT_ENV } }).trim();
}

function tryGit(root: string, args: readonly string[]): string | null {
  try {
    return git(root, args);
  } catch {
    return null;
  }
}

export function isGitRepo(root: string): boolean {
  return tryGit(root, ['rev-parse', '--git-dir']) !== null;
}

/** The newest anchored checkpoint, or null when none was ever anchored in this repository. */
export function readAnchor(root: string): AnchoredCheckpoint | null {
  const commit = tryGit(root, ['rev-parse', '--verify', '--quiet', `${CHECKPOINT_REF}^{commit}`]);
  if (!commit) return null;
  const note = `${git(root, ['cat-file', 'blob', `${commit}:checkpoint`])}\n`;
  const sig = tryGit(root, ['cat-file', 'blob', `${commit}:checkpoint.sshsig`]);
  return { note, sshSignature: sig === null ? null : `${sig}\n`, commit };
}

/** Records a checkpoint as a new commit on the anchor ref (compare-and-swap on the old value). */
export function writeAnchor(root: string, note: string, sshSignature: string | null, message: string): string {
  const old = tryGit(root, ['rev-parse', '--verify', '--quiet', `${CHECKPOINT_REF}^{commit}`]);
  const entries = [`100644 blob ${git(root, ['hash-object', '-w', '--stdin'], note)}\tcheckpoint`];
  if (sshSignature) entries.push(`100644 blob ${git(root, ['hash-object', '-w', '--stdin'], sshSignature)}\tcheckpoint.sshsig`);
  const tree = git(root, ['mktree'], `${entries.join('\n')}\n`);
  const commit = git(root, ['commit-tree', tree, ...(old ? ['-p', old] : []), '-m', message]);
  git(root, ['update-ref', '-m', message, CHECKPOINT_REF, commit, old ?? '']);
  return commit;
}
