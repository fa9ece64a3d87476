// A search's confinement inside `airlock run`, without building the sandbox spec again. `run`
// leaves the masks it mounted in its read-only folder (runView.ts); each one the search reaches is
// checked in the mount table and by reading it (a read-only mount exactly there that reads as
// empty). That is enough for a search: its own walk of the scope (scopeScan.ts) finds every file
// the masks leave readable (a protected file or a live secret that appeared since the run
// started) and then the sandbox does not stand in for it. Everything else (shell commands, whose
// programs are confined only while every protected file is masked) keeps the full check
// (verifyConfinement.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Confinement } from '../decide/confinement';
import { writeAtomic } from '../util/atomicWrite';
import { mountCovering, parseMountInfo } from './mountInfo';
import type { SandboxSpec } from './sandboxTypes';
import { emptyDir, looksConfined, unreadable } from './verifyConfinement';

const MASKS_FILE = 'masks.json';

type MaskRow = readonly [path: string, kind: 'file' | 'dir'];

/** `run`: leaves the spec's masks in its private folder for the hooks inside. */
export function writeRunMasks(dir: string, spec: SandboxSpec): void {
  const rows: MaskRow[] = spec.masks.map((m) => [m.path, m.kind]);
  writeAtomic(path.join(dir, MASKS_FILE), JSON.stringify(rows), { mode: 0o600 });
}

function readRunMasks(dir: string): Map<string, 'file' | 'dir'> | null {
  try {
    const rows = JSON.parse(fs.readFileSync(path.join(dir, MASKS_FILE), 'utf8')) as unknown;
    if (!Array.isArray(rows)) return null;
    const out = new Map<string, 'file' | 'dir'>();
    for (const row of rows) {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || !path.isAbsolute(row[0]) || (row[1] !== 'file' && row[1] !== 'dir')) return null;
      out.set(row[0], row[1]);
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * The confinement of a search inside `airlock run`, read off `run`'s mask list (`viewDir`, trusted
 * by runViewDir) and the mount table; null when this does not look like Airlock's sandbox or the
 * list is missing (the caller then builds the spec and verifies it whole).
 */
export function runMaskConfinement(viewDir: string, mountInfoText: string, realRoot: string): Confinement | null {
  if (!looksConfined(mountInfoText, realRoot)) return null;
  const listed = readRunMasks(viewDir);
  if (listed === null) return null;
  const mounts = parseMountInfo(mountInfoText);
  const inForce = new Map<string, boolean>();
  /** A listed mask still mounted over its path, read-only, and reading as empty. */
  const holds = (mask: string, kind: 'file' | 'dir'): boolean => {
    let ok = inForce.get(mask);
    if (ok === undefined) {
      const m = mountCovering(mounts, mask);
      ok = m !== null && m.mountPoint === mask && m.readOnly && (kind === 'file' ? unreadable(mask) : emptyDir(mask));
      inForce.set(mask, ok);
    }
    return ok;
  };
  /** The listed mask at `abs` or above it that holds, if any. */
  const maskOver = (abs: string): string | null => {
    for (let p = abs; ; p = path.dirname(p)) {
      const kind = listed.get(p);
      if (kind !== undefined && holds(p, kind)) return p;
      if (p === '/' || p === path.dirname(p)) return null;
    }
  };
  return {
    kind: 'verified',
    masks: (abs) => maskOver(abs) !== null,
    showsMask: (abs) => listed.get(abs) === 'file' && holds(abs, 'file'),
  };
}
