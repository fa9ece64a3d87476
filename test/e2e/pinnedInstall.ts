// Installs a pinned npm package (with its platform binary package) from the npm registry into a
// git-ignored cache inside the project, once: a warm run costs a few stats. Kept out of
// package.json so `npm ci` stays lean. Install scripts never run (`--ignore-scripts`): the test
// uses the binary the registry tarball carries.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** AIRLOCK_E2E_CACHE moves the cache (e.g. when the project's shared copy is unavailable). */
export const E2E_CACHE = process.env.AIRLOCK_E2E_CACHE ? resolve(process.env.AIRLOCK_E2E_CACHE) : resolve(__dirname, '..', '..', '.e2e-cache');

export interface PinnedInstall {
  /** `<name>@<version>` as installed. */
  readonly spec: string;
  readonly dir: string;
  /** True when this call ran `npm install`; false when the cache already held the version. */
  readonly installed: boolean;
}

export interface PinnedPackage {
  /** Cache folder name, e.g. `codex-0.169.0`. */
  readonly cacheName: string;
  /** What npm installs, e.g. `@openai/codex@0.169.0`. */
  readonly spec: string;
  /** Whether an install folder holds a usable copy (the right version, the binary present). */
  usable(dir: string): boolean;
  /** Extra npm flags, e.g. `--engine-strict=false`. */
  readonly npmFlags?: readonly string[];
}

/** Installs `pkg` into `.e2e-cache/<cacheName>/` unless a usable copy is already there. */
export function ensurePinned(pkg: PinnedPackage): PinnedInstall {
  const dir = join(E2E_CACHE, pkg.cacheName);
  if (pkg.usable(dir)) return { spec: pkg.spec, dir, installed: false };
  // Install into a scratch folder and rename it into place, so an interrupted install never
  // leaves a half-filled cache that a later run would trust.
  const scratch = `${dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, 'package.json'), `${JSON.stringify({ private: true, name: `airlock-e2e-${pkg.cacheName}` })}\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    execFileSync(
      npm,
      ['install', '--no-audit', '--no-fund', '--no-save', '--ignore-scripts', '--no-package-lock', '--loglevel=error', ...(pkg.npmFlags ?? []), pkg.spec],
      { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000, shell: process.platform === 'win32' },
    );
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`npm install ${pkg.spec} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
  if (!pkg.usable(scratch)) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`npm installed ${pkg.spec} but not a usable copy for ${process.platform}-${process.arch}`);
  }
  // Another run may have filled the cache meanwhile: keep its copy rather than pull it from under it.
  if (pkg.usable(dir)) {
    rmSync(scratch, { recursive: true, force: true });
  } else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
  }
  if (!pkg.usable(dir)) throw new Error(`${pkg.spec} cache at ${dir} is unusable after install`);
  return { spec: pkg.spec, dir, installed: true };
}
