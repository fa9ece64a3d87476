// After a sandboxed command ends: git control files that did not exist when the sandbox was built,
// and that no mount could freeze, are moved aside if the command created them. A `commondir` in a
// git dir that is not a linked worktree's makes a person's next `git status` take its config (an
// fsmonitor, a filter) from wherever it points; git itself never writes one there.
import { lstatSync, readlinkSync, renameSync } from 'node:fs';
import { appendAuditEvents } from '../audit/auditAppend';
import { resolveAuditDir } from '../audit/auditLocation';
import { displayPath } from '../paths/displayPath';
import { errorCode, errorMessage } from '../util/errorMessage';
import type { SandboxSpec } from './sandboxTypes';

export interface PlantedFile {
  /** Absolute path of what the command created. */
  readonly path: string;
  /** `a file`, `a symbolic link to X`, `a directory`. */
  readonly what: string;
  /** Where it was moved; null when it could not be moved (`error` says why). */
  readonly movedTo: string | null;
  readonly error?: string;
}

/** A name beside `file` that does not exist yet. */
function asideName(file: string, now: Date): string {
  const base = `${file}.airlock-quarantined-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (let n = 0; ; n++) {
    const name = n === 0 ? base : `${base}-${n}`;
    try {
      lstatSync(name);
    } catch {
      return name;
    }
  }
}

/** Moves aside every path of `spec.mustStayAbsent` that exists now (one lstat each when none does). */
export function quarantinePlanted(spec: SandboxSpec, now: Date): PlantedFile[] {
  const out: PlantedFile[] = [];
  for (const p of spec.mustStayAbsent ?? []) {
    let st;
    try {
      st = lstatSync(p.path);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') continue;
      out.push({ path: p.path, what: 'something Airlock cannot inspect', movedTo: null, error: errorMessage(err) });
      continue;
    }
    let what = st.isDirectory() ? 'a directory' : st.isSymbolicLink() ? 'a symbolic link' : st.nlink > 1 ? `a file with ${st.nlink} hard links` : 'a file';
    if (st.isSymbolicLink()) {
      try {
        what += ` to ${readlinkSync(p.path)}`;
      } catch {
        // gone or unreadable: the rename below says what happened
      }
    }
    // A rename moves the name only: a link's target, another hard link, a directory's contents stay as they were.
    const to = asideName(p.path, now);
    try {
      renameSync(p.path, to);
      out.push({ path: p.path, what, movedTo: to });
    } catch (err) {
      out.push({ path: p.path, what, movedTo: null, error: errorMessage(err) });
    }
  }
  return out;
}

/** The warning a person reads on stderr. */
export function plantedWarning(command: 'exec' | 'run', root: string, f: PlantedFile): string {
  const where = displayPath(f.path, root);
  const head = `airlock ${command}: warning: the command created ${where} (${f.what}), which would make a person's git outside the sandbox take its config (fsmonitor, filters, hooks) from another repository`;
  return f.movedTo !== null
    ? `${head}; it was moved aside to ${displayPath(f.movedTo, root)} (inspect it, then delete it).\n`
    : `${head}; it could NOT be moved aside (${f.error ?? 'unknown error'}): remove it before running git in this repository.\n`;
}

/** Records each planted file in the workspace's audit log; returns why it could not, or null. */
export function auditPlanted(command: 'exec' | 'run', root: string, found: readonly PlantedFile[]): string | null {
  if (found.length === 0) return null;
  try {
    appendAuditEvents(
      resolveAuditDir(root).dir,
      found.map((f) => ({
        kind: 'decision' as const,
        client: 'cli',
        tool: command,
        action: 'edit' as const,
        paths: [displayPath(f.path, root)],
        verdict: 'deny' as const,
        enforcedVerdict: 'deny' as const,
        reason: f.movedTo !== null ? `a command inside airlock ${command} planted ${f.what} that redirects git to another repository's config; moved aside to ${displayPath(f.movedTo, root)}` : `a command inside airlock ${command} planted ${f.what} that redirects git to another repository's config; it could not be moved aside (${f.error ?? 'unknown error'})`,
      })),
    );
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}
