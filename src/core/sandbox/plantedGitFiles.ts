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
  /** What it does to a person's git, as "that …" completes it; default: a planted `commondir`'s redirect. */
  readonly effect?: string;
  /** Set instead of `effect` for a new entry the policy protects from AI edits: the verdict and its reason. */
  readonly protectedBy?: string;
}

const REDIRECT = "redirects git to another repository's config";

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

/** Renames `file` to a new name beside it: the name it had is free again, nothing is lost. */
export function moveAside(file: string, now: Date): { movedTo: string } | { error: string } {
  const to = asideName(file, now);
  try {
    renameSync(file, to);
    return { movedTo: to };
  } catch (err) {
    return { error: errorMessage(err) };
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
    const moved = moveAside(p.path, now);
    out.push('movedTo' in moved ? { path: p.path, what, movedTo: moved.movedTo } : { path: p.path, what, movedTo: null, error: moved.error });
  }
  return out;
}

/** The warning a person reads on stderr. */
export function plantedWarning(command: 'exec' | 'run', root: string, f: PlantedFile): string {
  const where = displayPath(f.path, root);
  const head = f.protectedBy !== undefined
    ? `airlock ${command}: warning: the command created ${where} (${f.what}), which the policy protects from AI edits (${f.protectedBy}); no mount can stop a new name in a folder that stays writable`
    : f.effect === undefined
      ? `airlock ${command}: warning: the command created ${where} (${f.what}), which would make a person's git outside the sandbox take its config (fsmonitor, filters, hooks) from another repository`
      : `airlock ${command}: warning: ${where} (${f.what}) was left where no mount froze it (a repository made or re-pointed inside the sandbox) and ${f.effect} in a person's git outside the sandbox`;
  return f.movedTo !== null
    ? `${head}; it was moved aside to ${displayPath(f.movedTo, root)} (inspect it, then delete it${f.effect === undefined && f.protectedBy === undefined ? '' : ' or, if you trust it, move it back'}).\n`
    : `${head}; it could NOT be moved aside (${f.error ?? 'unknown error'}): ${f.protectedBy === undefined ? 'remove it before running git in this repository' : 'inspect and remove it'}.\n`;
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
        reason: `a command inside airlock ${command} ${f.protectedBy !== undefined ? `created ${f.what}, which the policy protects from AI edits (${f.protectedBy})` : `planted ${f.what} that ${f.effect ?? REDIRECT}`}; ${f.movedTo !== null ? `moved aside to ${displayPath(f.movedTo, root)}` : `it could not be moved aside (${f.error ?? 'unknown error'})`}`,
      })),
    );
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}
