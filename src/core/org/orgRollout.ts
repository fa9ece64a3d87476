// The `org` features the shells call: compile a baseline file into the rollout's files under a
// folder, and check a machine (or a copy laid out the same way) against what compile produces.
// Plain inputs (the user's words for launcher and platform), plain results; the shell prints them.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { verifyLauncher } from '../launcher/launcherInstall';
import { customHookCommand, hookCommandFor, type HookCommand, type HookLauncher } from '../native/hookCommand';
import type { NativeWarning } from '../native/nativeTypes';
import { formatProblem } from '../policy/policyError';
import { validatePolicyText } from '../policy/validatePolicy';
import { writeAtomic } from '../util/atomicWrite';
import { errorMessage } from '../util/errorMessage';
import { InputError } from '../words/inputError';
import { compileOrgBaseline, orgPaths, type OrgCompileResult } from './orgCompile';
import { orgDoctor, type OrgDifference } from './orgDoctor';
import { hostOrgPlatform, isMachinePath, ORG_PLATFORMS, orgLayout, orgOutPath, type OrgPlatform } from './orgPlatforms';

export interface OrgRequest {
  /** The baseline policy file, absolute. */
  readonly baselineFile: string;
  /** `npx`, `global` or `launcher` (the default), unless `hookCommand` is given. */
  readonly launcher?: string;
  readonly hookCommand?: string;
  /** `linux`, `macos` or `windows`; default this machine's. */
  readonly platform?: string;
  readonly managedHooksOnly: boolean;
  readonly now: Date;
}

function hookOf(request: OrgRequest): HookCommand {
  if (request.hookCommand !== undefined) return customHookCommand(request.hookCommand);
  const launcher = request.launcher ?? 'launcher';
  if (!['npx', 'global', 'launcher'].includes(launcher)) throw new InputError(`airlock org: --launcher must be npx, global or launcher`);
  return hookCommandFor(launcher as HookLauncher);
}

function platformOf(request: OrgRequest): OrgPlatform {
  const p = request.platform;
  if (p === undefined) return hostOrgPlatform();
  if (!(ORG_PLATFORMS as readonly string[]).includes(p)) throw new InputError(`airlock org: --platform must be ${ORG_PLATFORMS.join(', ')}`);
  return p as OrgPlatform;
}

/** The rollout's files for the baseline; an unreadable or invalid baseline is the caller's mistake and nothing is produced. */
function compileBaseline(request: OrgRequest, sub: string): OrgCompileResult {
  const refuse = (why: string): never => {
    throw new InputError(`airlock org ${sub}: ${why}`);
  };
  const abs = request.baselineFile;
  let text = '';
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    refuse(`cannot read the baseline ${abs}: ${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}`);
  }
  const validated = validatePolicyText(abs, text, request.now);
  const errors = validated.problems.filter((p) => p.severity === 'error');
  if (!validated.document || errors.length) return refuse(`the baseline is invalid; nothing was written:\n${errors.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  if (validated.document.extendsRaw) refuse('an org baseline cannot itself "extend" another file: merge them into one baseline');
  return compileOrgBaseline({ ...validated.document, extends: undefined }, text, {
    hook: hookOf(request),
    now: request.now,
    managedHooksOnly: request.managedHooksOnly,
    version: '0.1.0',
    platform: platformOf(request),
  });
}

export interface OrgCompiled {
  readonly out: string;
  /** Each file's machine path (or relative path for snippets), in the order written. */
  readonly files: readonly string[];
  readonly warnings: readonly NativeWarning[];
  /** Where the two managed-settings files go on the chosen platform (for the install note). */
  readonly claudeManagedSettings: string;
  readonly copilotSettings: string;
}

/** Writes every file under `out` at its machine path without the root (/etc/x -> out/etc/x). */
export function compileOrgRollout(request: OrgRequest, out: string): OrgCompiled {
  const { files, warnings } = compileBaseline(request, 'compile');
  for (const f of files) {
    const target = join(out, isMachinePath(f.path) ? orgOutPath(f.path) : f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeAtomic(target, f.content, { mode: 0o644 });
  }
  const paths = orgPaths(orgLayout(platformOf(request)));
  return { out, files: files.map((f) => f.path), warnings, claudeManagedSettings: paths.claudeManagedSettings, copilotSettings: paths.copilotSettings };
}

export interface OrgMachineCheck {
  readonly differences: readonly OrgDifference[];
  /** How many machine files were compared. */
  readonly checked: number;
}

/** Every difference between the machine (or `systemRoot`, laid out as compile writes) and the rollout, and the launcher's problems when hooks run it. */
export function checkOrgMachine(request: OrgRequest, systemRoot: string | null, env: NodeJS.ProcessEnv): OrgMachineCheck {
  const { files } = compileBaseline(request, 'doctor');
  const differences = orgDoctor(files, systemRoot);
  const usesLauncher = request.hookCommand === undefined && (request.launcher ?? 'launcher') === 'launcher';
  if (usesLauncher) for (const p of verifyLauncher(env).problems) differences.push({ path: '~/.airlock/bin/airlock', message: p });
  return { differences, checked: files.filter((f) => isMachinePath(f.path)).length };
}
