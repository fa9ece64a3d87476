// The launcher features the shells call: install (from the CLI, optionally onto PATH), reinstall
// with a report of tampering (the extension, on trust), check, and the PATH entry. Plain inputs,
// plain results; the shells print them or show them.
import { installLauncher, launcherPaths, type LauncherInstallResult, type LauncherReport, verifyLauncher } from './launcherInstall';
import { addLauncherToPath, onPath } from './launcherPathEntry';

export interface LauncherPathState {
  readonly binDir: string;
  /** Whether `binDir` is on this process's PATH. */
  readonly onPath: boolean;
}

/** Where the launcher lives and whether this process's PATH already finds it. */
export function launcherPathState(env: NodeJS.ProcessEnv): LauncherPathState {
  const { binDir } = launcherPaths(env);
  return { binDir, onPath: onPath(binDir, env) };
}

/** Adds the launcher's folder to PATH in the shell profiles; returns the files changed. */
export function putLauncherOnPath(env: NodeJS.ProcessEnv): string[] {
  return addLauncherToPath(env);
}

export interface LauncherInstalled {
  readonly result: LauncherInstallResult;
  /** Profiles changed to put the launcher on PATH (empty unless asked). */
  readonly profiles: readonly string[];
  readonly path: LauncherPathState;
}

/** `airlock launcher install`: copies the bundles in `bundleDir` and writes the launcher. */
export function installLauncherFrom(bundleDir: string, env: NodeJS.ProcessEnv, addToPath: boolean): LauncherInstalled {
  const result = installLauncher(bundleDir, env);
  const profiles = addToPath ? putLauncherOnPath(env) : [];
  return { result, profiles, path: launcherPathState(env) };
}

export interface LauncherRefreshed {
  readonly result: LauncherInstallResult;
  /** What was wrong with a launcher that existed before (changed by something other than Airlock). */
  readonly tampered: readonly string[];
  /** The launcher as it stands after the install. */
  readonly report: LauncherReport;
}

/** The extension's install on trust: reinstalls, saying what had been changed by someone else. */
export function refreshLauncher(bundleDir: string, env: NodeJS.ProcessEnv): LauncherRefreshed {
  const found = verifyLauncher(env);
  const tampered = found.problems.filter((p) => !p.endsWith('is not installed'));
  const result = installLauncher(bundleDir, env);
  return { result, tampered, report: verifyLauncher(env) };
}

/** `airlock launcher verify`: the launcher and its copy, checked as the launcher checks them. */
export function checkLauncher(env: NodeJS.ProcessEnv): LauncherReport {
  return verifyLauncher(env);
}
