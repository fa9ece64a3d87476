// Which mechanism enforces the sandbox on this machine, and whether it can start at all. Checked
// before anything runs: when the sandbox cannot be built the command must not run unmasked.
import { accessSync, constants, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { bwrapArgs } from './bwrapArgs';
import { sbplProfile } from './sbplProfile';
import type { NestedUser } from './nestedUser';
import { type ProcMode, type SandboxSpec, SandboxUnavailableError } from './sandboxTypes';

/** Fixed system locations first: a `bwrap` planted early on PATH must not stand in for the real one. */
const BWRAP_LOCATIONS = ['/usr/bin/bwrap', '/bin/bwrap', '/usr/local/bin/bwrap'];
const SANDBOX_EXEC = '/usr/bin/sandbox-exec';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findBwrap(env: NodeJS.ProcessEnv): string | null {
  for (const f of BWRAP_LOCATIONS) if (executable(f)) return f;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '' && path.isAbsolute(dir) && executable(path.join(dir, 'bwrap'))) return path.join(dir, 'bwrap');
  }
  return null;
}

function readNumber(file: string): number | null {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch {
    return null;
  }
}

/** Why unprivileged user namespaces (which bwrap needs when not root) are off, if they are. */
function userNamespacesOff(): string | null {
  if (process.getuid?.() === 0) return null;
  if (readNumber('/proc/sys/kernel/unprivileged_userns_clone') === 0) return 'unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0); enable them with `sysctl -w kernel.unprivileged_userns_clone=1`';
  if (readNumber('/proc/sys/user/max_user_namespaces') === 0) return 'user namespaces are disabled (user.max_user_namespaces = 0); raise it with `sysctl -w user.max_user_namespaces=15000`';
  return null;
}

/** Why bubblewrap may have failed to start, when a kernel setting explains it (shown with its error). */
export function sandboxStartHint(): string {
  if (process.getuid?.() !== 0 && readNumber('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === 1) {
    return '; AppArmor restricts unprivileged user namespaces here (kernel.apparmor_restrict_unprivileged_userns = 1): allow bwrap with an AppArmor profile or turn the restriction off';
  }
  return '';
}

export type SandboxAvailability = { readonly ok: true; readonly mechanism: 'bubblewrap' | 'seatbelt'; readonly program: string } | { readonly ok: false; readonly reason: string };

/** Cheap checks only (no process is started): is there a mechanism here that can enforce a spec? */
export function sandboxAvailability(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): SandboxAvailability {
  if (platform === 'linux') {
    const bwrap = findBwrap(env);
    if (bwrap === null) return { ok: false, reason: 'bubblewrap (`bwrap`) is not installed; install it (Debian/Ubuntu: `apt-get install bubblewrap`, Fedora: `dnf install bubblewrap`)' };
    const off = userNamespacesOff();
    if (off) return { ok: false, reason: off };
    return { ok: true, mechanism: 'bubblewrap', program: bwrap };
  }
  if (platform === 'darwin') {
    if (!executable(SANDBOX_EXEC)) return { ok: false, reason: `${SANDBOX_EXEC} is missing` };
    return { ok: true, mechanism: 'seatbelt', program: SANDBOX_EXEC };
  }
  if (platform === 'win32') return { ok: false, reason: 'masked execution is not available on Windows (Airlock has no sandbox mechanism there); run the agent in WSL2 or a container' };
  return { ok: false, reason: `masked execution is not available on ${platform}` };
}

export interface SandboxInvocation {
  readonly file: string;
  readonly args: readonly string[];
  readonly mechanism: 'bubblewrap' | 'seatbelt';
}

/** The program and arguments that run `argv` inside `spec`; throws SandboxUnavailableError where it cannot. */
export function sandboxInvocation(spec: SandboxSpec, argv: readonly string[], options: { cwd: string; proc?: ProcMode; env: NodeJS.ProcessEnv; platform?: NodeJS.Platform; emptyFile?: string; nestAs?: NestedUser }): SandboxInvocation {
  if (argv.length === 0) throw new SandboxUnavailableError('no command to run');
  const avail = sandboxAvailability(options.env, options.platform);
  if (!avail.ok) throw new SandboxUnavailableError(avail.reason);
  if (avail.mechanism === 'bubblewrap') {
    return { file: avail.program, args: [...bwrapArgs(spec, { cwd: options.cwd, proc: options.proc, emptyFile: options.emptyFile, ...(options.nestAs ? { nestAs: options.nestAs } : {}) }), '--', ...argv], mechanism: 'bubblewrap' };
  }
  return { file: avail.program, args: ['-p', sbplProfile(spec), ...argv], mechanism: 'seatbelt' };
}
