// Installs a pinned Claude Code from the npm registry into a git-ignored cache inside the project
// and returns its native executable. Kept out of package.json so `npm ci` stays lean; idempotent,
// so a warm run costs one stat. Runnable alone: `npx tsx test/e2e/claudeInstall.ts`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The pinned client version; the hook fixtures in test/fixtures/hook-events were captured from it. */
export const CLAUDE_CODE_VERSION = '2.1.331';

export interface ClaudeInstall {
  readonly version: string;
  /** Absolute path of the native `claude` executable. */
  readonly executable: string;
  /** True when this call ran `npm install`; false when the cache already held the version. */
  readonly installed: boolean;
}

const projectRoot = resolve(__dirname, '..', '..');

/** Where the pinned client lives: `<project>/.e2e-cache/claude-code-<version>/`. */
export function claudeCacheDir(version: string = CLAUDE_CODE_VERSION): string {
  return join(projectRoot, '.e2e-cache', `claude-code-${version}`);
}

/**
 * The npm package that carries the native binary for this machine. The wrapper package's
 * postinstall only copies this binary over a stub, so we install with --ignore-scripts (nothing
 * runs, nothing is fetched beyond the registry tarballs) and use the platform package directly.
 */
export function platformPackage(): { name: string; binary: string } {
  const base = '@anthropic-ai/claude-code';
  const arch = process.arch;
  if (process.platform === 'linux') {
    // glibcVersionRuntime is absent from the process report on musl (Alpine).
    const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
    const musl = report.header?.glibcVersionRuntime === undefined;
    return { name: `${base}-linux-${arch}${musl ? '-musl' : ''}`, binary: 'claude' };
  }
  if (process.platform === 'darwin') return { name: `${base}-darwin-${arch}`, binary: 'claude' };
  if (process.platform === 'win32') return { name: `${base}-win32-${arch}`, binary: 'claude.exe' };
  throw new Error(`Claude Code ships no native binary for ${process.platform}-${arch}`);
}

function executableIn(dir: string, version: string): string | undefined {
  const pkg = platformPackage();
  const pkgDir = join(dir, 'node_modules', ...pkg.name.split('/'));
  const manifest = join(pkgDir, 'package.json');
  const exe = join(pkgDir, pkg.binary);
  if (!existsSync(manifest) || !existsSync(exe)) return undefined;
  const found = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  if (found !== version || statSync(exe).size === 0) return undefined;
  return exe;
}

/** Installs the pinned Claude Code into the cache unless it is already there; returns its executable. */
export function ensureClaudeCode(version: string = CLAUDE_CODE_VERSION): ClaudeInstall {
  const dir = claudeCacheDir(version);
  const cached = executableIn(dir, version);
  if (cached) return { version, executable: cached, installed: false };

  // Install into a scratch folder and rename it into place, so an interrupted install never
  // leaves a half-filled cache that a later run would trust.
  const scratch = `${dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ private: true, name: 'airlock-e2e-claude' }) + '\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    execFileSync(
      npm,
      ['install', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', '--no-package-lock', '--loglevel=error',
        // The wrapper declares node >=22 for its JS fallback; we run the native binary, not that.
        '--engine-strict=false',
        `@anthropic-ai/claude-code@${version}`],
      { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000, shell: process.platform === 'win32' },
    );
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`npm install @anthropic-ai/claude-code@${version} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
  const exe = executableIn(scratch, version);
  if (!exe) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`npm installed @anthropic-ai/claude-code@${version} but not its native package ${platformPackage().name}`);
  }
  // Another run may have filled the cache meanwhile: keep its copy rather than pull it from under it.
  if (executableIn(dir, version)) {
    rmSync(scratch, { recursive: true, force: true });
  } else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
  }
  const final = executableIn(dir, version);
  if (!final) throw new Error(`Claude Code cache at ${dir} is unusable after install`);
  return { version, executable: final, installed: true };
}

if (require.main === module) {
  const started = Date.now();
  const result = ensureClaudeCode();
  const version = execFileSync(result.executable, ['--version'], { env: { ...process.env, DISABLE_AUTOUPDATER: '1' } }).toString().trim();
  console.log(`${result.installed ? 'installed' : 'cached'} ${result.executable} (${version}) in ${Date.now() - started} ms`);
}
