// Is this process inside Airlock's sandbox for THIS policy? Checked from inside by looking at the
// masks themselves — each protected path is a mount of the null device or an empty read-only
// folder and really cannot be read, each frozen path sits on a read-only mount — never by
// trusting an environment variable. A spec built now from the policy must be fully in force:
// a protected file created after the sandbox started (so not masked) fails the check.
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import type { Confinement } from '../decide/confinement';
import { mountCovering, type MountEntry, parseMountInfo } from './mountInfo';
import type { SandboxSpec } from './sandboxTypes';

export type ConfinementCheck = { readonly verified: true; readonly confinement: Confinement } | { readonly verified: false; readonly reason: string };

/** Opening or reading it fails, or it reads as empty (what a mask shows). */
export function unreadable(abs: string): boolean {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return true;
  }
  try {
    return readSync(fd, Buffer.alloc(1), 0, 1, null) === 0;
  } catch {
    return true;
  } finally {
    closeSync(fd);
  }
}

export function emptyDir(abs: string): boolean {
  try {
    return readdirSync(abs).length === 0;
  } catch {
    return true;
  }
}

function within(dir: string, abs: string): boolean {
  return abs === dir || abs.startsWith(`${dir}/`);
}

/**
 * Cheap first look, before building a spec: Airlock's sandbox always freezes `<root>/.airlock`
 * on a read-only mount of its own. False means "certainly not confined".
 */
export function looksConfined(mountInfoText: string, realRoot: string): boolean {
  const m = mountCovering(parseMountInfo(mountInfoText), `${realRoot}/.airlock`);
  return m !== null && m.readOnly && m.mountPoint !== '/' && within(m.mountPoint, `${realRoot}/.airlock`) && m.mountPoint.startsWith(realRoot);
}

/** Whether `dir` is itself the mount point of a read-only mount (what `airlock run` binds its private folders as). */
export function readOnlyMountPoint(mountInfoText: string, dir: string): boolean {
  const m = mountCovering(parseMountInfo(mountInfoText), dir);
  return m !== null && m.readOnly && m.mountPoint === dir;
}

export function verifyConfinement(spec: SandboxSpec, mountInfoText: string): ConfinementCheck {
  const mounts: MountEntry[] = parseMountInfo(mountInfoText);
  if (mounts.length === 0) return { verified: false, reason: 'no mount table (not Linux, or /proc is not mounted)' };
  for (const m of spec.masks) {
    const mount = mountCovering(mounts, m.path);
    if (mount === null || !within(mount.mountPoint, m.path) || mount.mountPoint !== m.path) return { verified: false, reason: `${m.path} is not masked (no mount over it)` };
    if (!mount.readOnly) return { verified: false, reason: `${m.path} is masked by a writable mount` };
    if (m.kind === 'file' ? !unreadable(m.path) : !emptyDir(m.path)) return { verified: false, reason: `${m.path} can still be read` };
  }
  for (const s of spec.scratch) {
    const mount = mountCovering(mounts, s.path);
    if (mount === null || mount.mountPoint !== s.path || mount.fsType !== 'tmpfs') return { verified: false, reason: `${s.path} is not replaced by a private folder` };
  }
  for (const r of spec.readOnly) {
    const mount = mountCovering(mounts, r.path);
    if (mount === null || !mount.readOnly) return { verified: false, reason: `${r.path} is writable` };
  }
  for (const p of spec.pinned ?? []) {
    const mount = mountCovering(mounts, p.path);
    if (mount === null || mount.mountPoint !== p.path) return { verified: false, reason: `${p.path} is not pinned (it could be renamed, carrying frozen files away)` };
  }
  const masked = spec.masks.map((m) => m.path);
  // Masks are read-only too; the mount table says where a writable folder (the audit log, the
  // scratch cache) is bound again inside a frozen one.
  const held = [...masked, ...spec.readOnly.map((r) => r.path)];
  // Every file mask is bound from the same empty file: its source, as the mount table names it.
  const maskSource = (m: MountEntry): string => `${m.fsType} ${m.root}`;
  const sources = new Set(spec.masks.filter((m) => m.kind === 'file').map((m) => mountCovering(mounts, m.path)).filter((m): m is MountEntry => m !== null).map(maskSource));
  return {
    verified: true,
    confinement: {
      kind: 'verified',
      masks: (abs) => masked.some((m) => within(m, abs)),
      freezes: (abs) => held.some((h) => within(h, abs)) && mountCovering(mounts, abs)?.readOnly === true,
      showsMask: (abs) => {
        const m = mountCovering(mounts, abs);
        return m !== null && m.mountPoint === abs && m.readOnly && sources.has(maskSource(m));
      },
    },
  };
}
