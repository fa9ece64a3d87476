// Renders a sandbox spec as bubblewrap arguments (Linux). The host tree is bound as it is, then
// every special path is mounted over it, parents before children so a child mount stays on top:
// - a masked file gets the null device bound over it read-only (on a `nodev` mount, so opening it
//   fails with EACCES rather than reading as empty);
// - a masked folder gets an empty tmpfs, remounted read-only;
// - a read-only path is bound onto itself read-only; a writable one inside it is bound read-write;
// - a scratch folder gets an empty, writable tmpfs of its own.
import type { ProcMode, SandboxSpec } from './sandboxTypes';

export interface BwrapOptions {
  /** `new` (default): a private PID namespace with its own /proc. `bind`: the host's /proc, needed to nest Claude Code's own sandbox, at the price of /proc/<pid>/root of every outside process. */
  readonly proc?: ProcMode;
  /** Working directory inside (it is the same path as outside). */
  readonly cwd: string;
}

type Mount = { path: string; args: string[] };

function depth(p: string): number {
  return p.split('/').length;
}

/** Every argument before the command (`bwrap <these> -- cmd...`). */
export function bwrapArgs(spec: SandboxSpec, options: BwrapOptions): string[] {
  const proc = options.proc ?? 'new';
  const args = ['--die-with-parent', '--bind', '/', '/', '--dev', '/dev'];
  if (proc === 'new') args.push('--unshare-pid', '--proc', '/proc');
  else args.push('--bind', '/proc', '/proc');
  const mounts: Mount[] = [
    ...spec.readOnly.map((r) => ({ path: r.path, args: ['--ro-bind', r.path, r.path] })),
    ...spec.writable.map((w) => ({ path: w.path, args: ['--bind', w.path, w.path] })),
    ...spec.scratch.map((s) => ({ path: s.path, args: ['--tmpfs', s.path] })),
    ...spec.masks.map((m) => ({ path: m.path, args: m.kind === 'file' ? ['--ro-bind', '/dev/null', m.path] : ['--perms', '0555', '--tmpfs', m.path, '--remount-ro', m.path] })),
  ];
  mounts.sort((a, b) => depth(a.path) - depth(b.path));
  for (const m of mounts) args.push(...m.args);
  args.push('--chdir', options.cwd);
  return args;
}
