// Renders a sandbox spec as bubblewrap arguments (Linux). The host tree is bound as it is, then
// every special path is mounted over it, parents before children so a child mount stays on top:
// - a masked file gets an empty read-only file bound over it (reads as empty, so `grep -r` and
//   `rg` over the tree run without errors), or the null device where no empty file is given
//   (bound `nodev`, so opening it fails with EACCES);
// - a masked folder gets an empty tmpfs, remounted read-only;
// - a read-only path is bound onto itself read-only; a writable one inside it is bound read-write;
// - a scratch folder gets an empty, writable tmpfs of its own;
// - a pinned folder is bound onto itself read-write: a mount point cannot be renamed or removed.
import type { NestedUser } from './nestedUser';
import type { ProcMode, SandboxSpec } from './sandboxTypes';

export interface BwrapOptions {
  /** `new` (default): a private PID namespace with its own /proc. `bind`: the host's /proc, needed to nest Claude Code's own sandbox; always in a user namespace of its own, so outside processes are listed but their /proc/<pid>/root cannot be entered. */
  readonly proc?: ProcMode;
  /** Working directory inside (it is the same path as outside). */
  readonly cwd: string;
  /** An empty, read-only file to bind over masked files (default: /dev/null). */
  readonly emptyFile?: string;
  /**
   * Run as this user inside a user namespace of its own, mapped onto the caller (root). Root
   * without capabilities cannot start a nested bubblewrap (it takes root for its privileged,
   * setuid mode); any other user can, and the masks, mounted outside its namespace, stay locked.
   */
  readonly nestAs?: NestedUser;
}

type Mount = { path: string; args: string[] };

function depth(p: string): number {
  return p.split('/').length;
}

/** Every argument before the command (`bwrap <these> -- cmd...`). */
export function bwrapArgs(spec: SandboxSpec, options: BwrapOptions): string[] {
  const proc = options.proc ?? 'new';
  // No capabilities inside, even for root: a process that kept CAP_SYS_ADMIN could unmount a mask.
  const args = ['--die-with-parent', '--cap-drop', 'ALL', '--bind', '/', '/', '--dev', '/dev'];
  if (options.nestAs) args.push('--unshare-user', '--uid', String(options.nestAs.uid), '--gid', String(options.nestAs.gid));
  if (proc === 'new') args.push('--unshare-pid', '--proc', '/proc');
  else args.push('--bind', '/proc', '/proc');
  // With the host's /proc, only a user namespace of its own keeps /proc/<pid>/root, cwd, fd and
  // environ of every outside process shut (the kernel asks for CAP_SYS_PTRACE in their namespace).
  // Unprivileged bubblewrap makes one anyway; a setuid one would not, so it is asked for.
  if (proc === 'bind' && !options.nestAs) args.push('--unshare-user');
  const mounts: Mount[] = [
    ...(spec.pinned ?? []).map((p) => ({ path: p.path, args: ['--bind', p.path, p.path] })),
    ...spec.readOnly.map((r) => ({ path: r.path, args: ['--ro-bind', r.path, r.path] })),
    ...spec.writable.map((w) => ({ path: w.path, args: ['--bind', w.path, w.path] })),
    ...spec.scratch.map((s) => ({ path: s.path, args: ['--tmpfs', s.path] })),
    ...spec.masks.map((m) => ({ path: m.path, args: m.kind === 'file' ? ['--ro-bind', '/dev/null', m.path] : ['--perms', '0555', '--tmpfs', m.path, '--remount-ro', m.path] })),
  ];
  const empty = options.emptyFile ?? '/dev/null';
  for (const m of mounts) if (m.args[1] === '/dev/null') m.args[1] = empty;
  // The empty file itself must not become writable content inside.
  if (empty !== '/dev/null') mounts.push({ path: empty, args: ['--ro-bind', empty, empty] });
  mounts.sort((a, b) => depth(a.path) - depth(b.path));
  for (const m of mounts) args.push(...m.args);
  args.push('--chdir', options.cwd);
  return args;
}
