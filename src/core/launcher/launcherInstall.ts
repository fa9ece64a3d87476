// Installs, updates and verifies the per-user launcher at `~/.airlock/bin/airlock`: the fixed place
// generated hooks start Airlock from, outside every work tree. The CLI bundles are copied into
// `~/.airlock/lib/<hash>/` and the launcher records their SHA-256, so a changed bundle blocks.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeAtomic } from '../util/atomicWrite';
import { makeCodeCaches, reuseCodeCaches } from './launcherCodeCache';
import { cacheFileName, LAUNCHER_BUNDLES, LAUNCHER_MARKER, type LauncherBundle, parseLauncher, renderLauncherCmd, renderLauncherScript, sha256 } from './launcherScript';
import { errorMessage } from '../util/errorMessage';
import { AIRLOCK_DIR } from '../words/airlockLayout';

export interface LauncherPaths {
  readonly home: string;
  /** `~/.airlock` */
  readonly root: string;
  /** `~/.airlock/bin`: the folder to put on PATH. */
  readonly binDir: string;
  /** `~/.airlock/bin/airlock`: what `"$HOME/.airlock/bin/airlock" hook` runs. */
  readonly launcher: string;
}

/** The user's home as the hook commands see it (`$HOME`, `%USERPROFILE%` on Windows). */
export function userHome(env: NodeJS.ProcessEnv): string {
  return (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || os.homedir();
}

export function launcherPaths(env: NodeJS.ProcessEnv): LauncherPaths {
  const home = userHome(env);
  const root = path.join(home, AIRLOCK_DIR);
  const binDir = path.join(root, 'bin');
  return { home, root, binDir, launcher: path.join(binDir, 'airlock') };
}

export function launcherPresent(env: NodeJS.ProcessEnv): boolean {
  try {
    return fs.statSync(launcherPaths(env).launcher).isFile();
  } catch {
    return false;
  }
}

function readBundles(bundleDir: string): Record<LauncherBundle, Buffer> {
  const out = {} as Record<LauncherBundle, Buffer>;
  for (const name of LAUNCHER_BUNDLES) {
    const file = path.join(bundleDir, name);
    try {
      out[name] = fs.readFileSync(file);
    } catch (e) {
      throw new Error(`cannot read the Airlock CLI bundle ${file}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
    }
  }
  return out;
}

export interface LauncherInstallResult {
  readonly status: 'installed' | 'updated' | 'unchanged';
  readonly launcher: string;
  readonly libDir: string;
  readonly sha256: Readonly<Record<LauncherBundle, string>>;
}

/** A file's text, or null when it cannot be read. */
export function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Copies the bundles in `bundleDir` (a built `dist/`) into the user's launcher home and writes the
 * launcher. Idempotent: the same bundles give the same files and status 'unchanged'. A launcher
 * path that is a symbolic link or not a regular file is refused (it could point anywhere).
 */
export function installLauncher(bundleDir: string, env: NodeJS.ProcessEnv): LauncherInstallResult {
  const paths = launcherPaths(env);
  const bundles = readBundles(bundleDir);
  const hashes = {} as Record<LauncherBundle, string>;
  for (const name of LAUNCHER_BUNDLES) hashes[name] = sha256(bundles[name]);
  const id = sha256(Buffer.from(LAUNCHER_BUNDLES.map((n) => hashes[n]).join('\n'))).slice(0, 16);
  const libDir = path.join(paths.root, 'lib', id);
  for (const target of [paths.launcher, `${paths.launcher}.cmd`]) {
    const st = fs.lstatSync(target, { throwIfNoEntry: false });
    if (st && !st.isFile()) throw new Error(`${target} exists and is not a regular file (a link or a folder); remove it and install again`);
  }
  const before = readText(paths.launcher);
  fs.mkdirSync(libDir, { recursive: true, mode: 0o755 });
  for (const name of LAUNCHER_BUNDLES) {
    const target = path.join(libDir, name);
    const current = fs.existsSync(target) ? fs.readFileSync(target) : null;
    // Rewritten when changed: a tampered copy is repaired by the next install.
    if (!current || sha256(current) !== hashes[name]) writeAtomic(target, bundles[name], { mode: 0o644 });
  }
  const cache = reuseCodeCaches(before, libDir, env) ?? makeCodeCaches(libDir, hashes, env);
  const script = renderLauncherScript({ libDir, sha256: hashes, source: path.resolve(bundleDir), ...(cache ? { cache } : {}) });
  const cmdBefore = readText(`${paths.launcher}.cmd`);
  if (before !== script) writeAtomic(paths.launcher, script, { mode: 0o755 });
  else fs.chmodSync(paths.launcher, 0o755);
  if (process.platform === 'win32' && cmdBefore !== renderLauncherCmd()) writeAtomic(`${paths.launcher}.cmd`, renderLauncherCmd(), { mode: 0o755 });
  removeOtherLibs(path.join(paths.root, 'lib'), id);
  const status = before === null ? 'installed' : before === script ? 'unchanged' : 'updated';
  return { status, launcher: paths.launcher, libDir, sha256: hashes };
}

/** Earlier versions' copies: nothing points at them once the launcher is rewritten. */
function removeOtherLibs(libRoot: string, keep: string): void {
  for (const name of fs.readdirSync(libRoot)) {
    if (name !== keep && /^[0-9a-f]{16}$/.test(name)) fs.rmSync(path.join(libRoot, name), { recursive: true, force: true });
  }
}

export interface LauncherReport {
  readonly launcher: string;
  /** Empty when the launcher is present and every recorded hash matches. */
  readonly problems: readonly string[];
  readonly libDir?: string;
  readonly source?: string;
}

/** Reads the launcher back and checks what it would run; the same checks the launcher makes. */
export function verifyLauncher(env: NodeJS.ProcessEnv): LauncherReport {
  const { launcher } = launcherPaths(env);
  const text = readText(launcher);
  if (text === null) return { launcher, problems: [`${launcher} is not installed`] };
  if (!text.includes(LAUNCHER_MARKER)) return { launcher, problems: [`${launcher} is not an Airlock launcher (its marker is missing)`] };
  let spec: ReturnType<typeof parseLauncher>;
  try {
    spec = parseLauncher(text);
  } catch {
    spec = null;
  }
  if (!spec) return { launcher, problems: [`${launcher} is damaged: its bundle folder or hashes cannot be read`] };
  const problems: string[] = [];
  if (renderLauncherScript(spec) !== text) problems.push(`${launcher} differs from what Airlock writes (edited by hand or by a tool)`);
  for (const name of LAUNCHER_BUNDLES) {
    const file = path.join(spec.libDir, name);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      problems.push(`${file} is missing`);
      continue;
    }
    if (sha256(bytes) !== spec.sha256[name]) problems.push(`${file} was changed after it was installed (its SHA-256 differs)`);
    const cacheHash = spec.cache?.sha256[name];
    if (cacheHash) {
      const cacheFile = path.join(spec.libDir, cacheFileName(name));
      let ok = false;
      try {
        ok = sha256(fs.readFileSync(cacheFile)) === cacheHash;
      } catch {
        ok = false;
      }
      if (!ok) problems.push(`${cacheFile} is missing or was changed (the launcher ignores it and compiles the verified source)`);
    }
  }
  if (process.platform !== 'win32') {
    try {
      if ((fs.statSync(launcher).mode & 0o111) === 0) problems.push(`${launcher} is not executable`);
    } catch {
      // Reported above.
    }
  }
  return { launcher, problems, libDir: spec.libDir, source: spec.source };
}
