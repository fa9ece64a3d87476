// /proc/self/mountinfo, read the way the kernel writes it: which mount covers a path, and
// whether it is read-only. The later line for the same mount point is the one on top.

export interface MountEntry {
  readonly mountPoint: string;
  /** The path inside the source filesystem that is mounted (`/null` for a bound null device). */
  readonly root: string;
  readonly readOnly: boolean;
  readonly fsType: string;
}

function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function parseMountInfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const parts = line.split(' ');
    if (parts.length < 10) continue;
    const dash = parts.indexOf('-', 6);
    if (dash < 0) continue;
    const options = parts[5].split(',');
    out.push({ mountPoint: unescape(parts[4]), root: unescape(parts[3]), readOnly: options.includes('ro'), fsType: parts[dash + 1] ?? '' });
  }
  return out;
}

/** The mount that a path lives on: the longest mount point above it, the last one listed when stacked. */
export function mountCovering(mounts: readonly MountEntry[], abs: string): MountEntry | null {
  let best: MountEntry | null = null;
  for (const m of mounts) {
    const mp = m.mountPoint;
    const covers = mp === '/' || abs === mp || abs.startsWith(`${mp}/`);
    if (covers && (best === null || mp.length >= best.mountPoint.length)) best = m;
  }
  return best;
}
