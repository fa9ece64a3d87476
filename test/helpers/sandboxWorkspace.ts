// The example workspace as the sandbox tests attack it: canaries in every protected file, the
// assistants' generated configs written by `airlock sync`, a git repository with the ordinary
// files committed (protected ones excluded, as a real repository keeps them), and a fingerprint
// of every file Airlock guards so a test can tell whether a command changed one.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, CLI, runCli } from './builtCli';

export const CANARIES: Readonly<Record<string, string>> = {
  '.env': 'AIRLOCK_CANARY_ENV_3f9c1a',
  'secrets/signing-key.pem': 'AIRLOCK_CANARY_PEM_b72e04',
  'infra/prod/terraform.tfvars': 'AIRLOCK_CANARY_TFVARS_5d18aa',
  'infra/prod/main.tf': 'AIRLOCK_CANARY_RESTRICTED_c0ffee',
};

export function leakedCanaries(text: string): string[] {
  return Object.values(CANARIES).filter((c) => text.includes(c));
}

const REPO = path.resolve(__dirname, '../..');
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' };

/** A prepared template; `fresh()` copies it (cheap) for each command that may change the tree. */
export function sandboxTemplate(): { root: string; fresh(): string; dispose(): void } {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-sbx-')));
  const root = path.join(base, 'template');
  // Only what the repository ships: a developer's earlier runs may have left caches in example/.
  const example = path.join(REPO, 'example');
  cpSync(example, root, { recursive: true, filter: (src) => !['.airlock/cache', '.airlock/audit'].includes(path.relative(example, src)) });
  for (const [rel, canary] of Object.entries(CANARIES)) appendFileSync(path.join(root, rel), `\n${canary}\n`);
  const sync = runCli(['sync'], { cwd: root });
  if (sync.status !== 0) throw new Error(`airlock sync failed: ${sync.stderr}`);
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, env: GIT_ENV }).toString();
  git('init', '-q');
  writeFileSync(path.join(root, '.git', 'info', 'exclude'), 'secrets/\ninfra/prod/\n.github/workflows/\n');
  git('add', '-A');
  git('commit', '-qm', 'initial');
  let n = 0;
  return {
    root,
    fresh() {
      const dir = path.join(base, `ws-${++n}`);
      cpSync(root, dir, { recursive: true, verbatimSymlinks: true });
      return dir;
    },
    dispose() {
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Written by Airlock itself on every hook call. */
const AIRLOCK_WRITES = new Set(['.airlock/audit', '.airlock/cache']);

function hashTree(abs: string, out: Map<string, string>, label: string): void {
  if (AIRLOCK_WRITES.has(label)) return;
  let st;
  try {
    st = lstatSync(abs);
  } catch {
    out.set(label, 'absent');
    return;
  }
  if (st.isDirectory()) {
    out.set(label, `dir ${st.mode.toString(8)}`);
    for (const name of readdirSync(abs).sort()) hashTree(path.join(abs, name), out, `${label}/${name}`);
  } else if (st.isSymbolicLink()) {
    out.set(label, 'symlink');
  } else {
    out.set(label, `${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`);
  }
}

/** Every file a command must not be able to change or create, with its content hash. */
export function guardedFingerprint(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of ['.airlock', '.claude', '.github/hooks', '.github/copilot', '.codex', '.opencode', '.vscode', '.git/config', '.git/hooks', '.env', 'secrets', 'infra/prod/main.tf', 'infra/prod/variables.tf', 'infra/prod/terraform.tfvars']) {
    hashTree(path.join(root, rel), out, rel);
  }
  for (const f of [CLI, path.join(path.dirname(CLI), 'hook.js'), path.join(homedir(), '.bashrc'), path.join(homedir(), '.gitconfig'), '/tmp/airlock-adv-pwn']) {
    hashTree(f, out, f);
  }
  return out;
}

export function fingerprintChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).map((k) => `${k}: ${before.get(k) ?? 'absent'} -> ${after.get(k) ?? 'absent'}`);
}

export function removeIfExists(file: string): void {
  if (existsSync(file)) rmSync(file, { recursive: true, force: true });
}

/**
 * A sandbox suite's setup, written once: the CLI built and one template for the suite (disposed
 * after it); `fresh()` copies the template for each command that may change the tree.
 */
export function sandboxSuite(suite: Mocha.Suite, timeoutMs: number): { fresh(): string } {
  suite.timeout(timeoutMs);
  let template: ReturnType<typeof sandboxTemplate> | undefined;
  suite.beforeAll(() => {
    buildCli();
    template = sandboxTemplate();
  });
  suite.afterAll(() => template?.dispose());
  return {
    fresh: () => {
      if (!template) throw new Error('the sandbox template is built in the suite\'s before hook');
      return template.fresh();
    },
  };
}
