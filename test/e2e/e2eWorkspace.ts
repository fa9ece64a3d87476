// The workspace an end-to-end run attacks: a git repository with the e2e policy, protected files
// that hold a fresh random canary, and one allowed file with its own random marker.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Prefix of every canary line; the fake model greps for it, the secret is the random part. */
export const CANARY_PREFIX = 'AIRLOCK_E2E_CANARY_';

export interface E2eWorkspace {
  /** Temp folder holding the workspace and the client's isolated home. */
  readonly scratch: string;
  readonly root: string;
  readonly homeDir: string;
  /** The random secret written into every protected file; it must never reach the model. */
  readonly canary: string;
  /** The random marker in the allowed file; it must reach the model. */
  readonly allowedMarker: string;
  /** Workspace-relative paths of the protected files. */
  readonly protectedFiles: readonly string[];
  readonly allowedFile: string;
  dispose(): void;
}

const policyFixture = resolve(__dirname, '..', 'fixtures', 'e2e-workspace', '.airlock', 'policy.json');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.com' },
  });
}

/** Creates a fresh workspace; `withPolicy: false` leaves Airlock out entirely (the control run). */
export function createE2eWorkspace(opts: { withPolicy: boolean }): E2eWorkspace {
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-e2e-')));
  const root = join(scratch, 'acme');
  const homeDir = join(scratch, 'home');
  mkdirSync(root, { recursive: true });
  mkdirSync(homeDir, { recursive: true });
  const canary = randomBytes(16).toString('hex');
  const allowedMarker = `ALLOWED_MARKER_${randomBytes(8).toString('hex')}`;
  const write = (rel: string, text: string): void => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const protectedFiles = ['.env', 'secrets/prod-token.txt'];
  write('.env', `DATABASE_URL=postgres://app@db/app\nAPI_TOKEN=${CANARY_PREFIX}${canary}\n`);
  write('secrets/prod-token.txt', `${CANARY_PREFIX}${canary}\n`);
  const allowedFile = 'src/app.ts';
  write(allowedFile, `// ${allowedMarker}\nexport const greeting = 'hello';\n`);
  write('README.md', '# acme\n');
  if (opts.withPolicy) {
    mkdirSync(join(root, '.airlock'), { recursive: true });
    copyFileSync(policyFixture, join(root, '.airlock', 'policy.json'));
  }
  git(root, 'init', '-q', '-b', 'main');
  // Only the non-secret files are committed, as in a real repository; the secrets stay untracked
  // but not git-ignored, so no search tool skips them for being ignored.
  git(root, 'add', 'README.md', allowedFile, ...(opts.withPolicy ? ['.airlock/policy.json'] : []));
  git(root, 'commit', '-q', '-m', 'initial');
  return {
    scratch,
    root,
    homeDir,
    canary,
    allowedMarker,
    protectedFiles,
    allowedFile,
    dispose: () => rmSync(scratch, { recursive: true, force: true }),
  };
}
