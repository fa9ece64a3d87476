// The sandbox for one workspace, as `airlock exec`, `airlock run` and the hook's rewrite see it:
// the policy loaded from the workspace, Airlock's own paths, the user's home.
import { mkdirSync } from 'node:fs';
import { resolveAuditDir } from '../audit/auditLocation';
import { ensureAirlockCache } from '../util/airlockCache';
import { workspaceRoot } from '../paths/canonicalPath';
import { loadPolicy } from '../policy/loadPolicy';
import type { PolicyEngine } from '../policy/policyEngine';
import { airlockOwnPaths, airlockSecretPaths } from './airlockPaths';
import { buildSandboxSpec, type SandboxSpecInput } from './buildSandboxSpec';
import type { SandboxSpec } from './sandboxTypes';
import { SandboxWalkCache } from './sandboxWalkCache';
import type { TreeCensus } from './treeCensus';

export interface WorkspaceSandboxInput {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly now: Date;
  readonly home: string | null;
  /** Folder of the running Airlock bundle (kept read-only). */
  readonly bundleDir: string | null;
  /** The script node ran (launcher or cli.js), kept read-only. */
  readonly entryScript?: string | null;
  /** An already loaded policy for `root` (the hook has one). */
  readonly engine?: PolicyEngine;
  /** The hook's secret check, at the policy's `secretsConfidence` (buildSandboxSpec masks what it refuses). */
  readonly secretIn?: SandboxSpecInput['secretIn'];
  /** `airlock run`: the agent's hooks run inside and append the audit log. */
  readonly hooksInside?: boolean;
  /** Other homes a process inside may take as its own (the account root runs as when nesting). */
  readonly extraHomes?: readonly string[];
  /** `airlock run` serves the audit log on a socket in this folder: it and the log stay read-only. */
  readonly auditRelayDir?: string;
  /** Filled with what the walk saw, for the check when the command ends. */
  readonly census?: TreeCensus;
}

export function workspaceSandboxSpec(input: WorkspaceSandboxInput): SandboxSpec {
  const engine = input.engine ?? loadPolicy(input.root, { env: input.env, now: input.now });
  // Hooks inside cannot move a legacy log out of the frozen `.airlock/`: settle its place first.
  if (input.hooksInside) prepareAuditDir(input.root);
  const paths = { bundleDir: input.bundleDir, home: input.home, env: input.env, root: input.root, entryScript: input.entryScript, extraHomes: input.extraHomes };
  // Folders unchanged since the last walk under this compiled policy are not read again.
  // `walk2`: entries carry why a path is frozen (packs of the earlier shape are not read).
  const place = engine.sidePack('walk2');
  const walkCache = place === null ? undefined : new SandboxWalkCache(place);
  const spec = buildSandboxSpec({
    engine,
    walkCache,
    workspace: workspaceRoot(input.root),
    home: input.home,
    airlockPaths: [...airlockOwnPaths(paths), ...(input.auditRelayDir ? [input.auditRelayDir] : [])],
    auditRelayed: input.auditRelayDir !== undefined,
    airlockSecrets: airlockSecretPaths(paths),
    extraHomes: input.extraHomes,
    secretIn: input.secretIn,
    hooksInside: input.hooksInside,
    census: input.census,
  });
  walkCache?.flush();
  return spec;
}

function prepareAuditDir(root: string): void {
  try {
    mkdirSync(resolveAuditDir(root).dir, { recursive: true });
    // Hooks inside keep their provenance snapshots there: it must exist to become their scratch
    // folder (inside, `.airlock/` is read-only and nothing could create it).
    ensureAirlockCache(root);
  } catch {
    // Verification inside the sandbox runs here too, where nothing can be moved; the hook reports.
  }
}

/**
 * Folders that must exist before the sandbox starts so they can be masked: otherwise a command
 * inside could create the secret-scan cache with a key of its own, which later hooks would trust.
 */
export function prepareSandboxDirs(input: Pick<WorkspaceSandboxInput, 'root' | 'env' | 'home' | 'bundleDir' | 'extraHomes'>): void {
  for (const dir of airlockSecretPaths({ ...input })) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      // A read-only home: the spec lists it under "Not covered".
    }
  }
}
