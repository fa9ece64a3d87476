// The one document the native compilers see. With baselines, their rules come after the
// repository's (so a repository carve-out cannot reopen what a baseline protects) and their
// classes keep their own definitions under a prefixed name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyEngine } from '../policy/policyEngine';
import type { DataClass, PolicyDocument, PolicyRule } from '../policy/policyTypes';
import { customHookCommand, hookCommandFor, NPM_PACKAGE, type HookCommand, type HookLauncher } from '../native/hookCommand';
import { launcherPresent } from '../launcher/launcherInstall';
import type { RecordedHook } from '../native/syncState';
import type { NativeWarning } from '../native/nativeTypes';
import { InputError } from '../words/inputError';

export function nativePolicyDocument(engine: PolicyEngine): PolicyDocument {
  const repo = engine.document;
  if (!repo) throw new Error('no valid policy');
  if (engine.layers.length === 1) return repo;
  const classes = new Map<string, DataClass>(repo.classes);
  const rules: PolicyRule[] = [...repo.rules];
  engine.layers.slice(0, -1).forEach((layer, i) => {
    const prefix = `baseline${i + 1}-`;
    for (const [name, c] of layer.doc.classes) classes.set(prefix + name, { ...c, name: prefix + name });
    for (const r of layer.doc.rules) rules.push({ ...r, className: prefix + r.className, index: rules.length });
  });
  const ai = engine.aiOff ? 'off' : 'on';
  return { ...repo, classes, rules, ai, mode: engine.monitor ? 'monitor' : 'enforce' };
}

export interface HookChoice {
  readonly command: HookCommand;
  /** What the sync state remembers, so `check` and later syncs compile the same commands. */
  readonly recorded: RecordedHook;
}

export function hookCommandOf(recorded: RecordedHook): HookCommand {
  return 'command' in recorded ? customHookCommand(recorded.command) : hookCommandFor(recorded.launcher);
}

/**
 * How generated configs start Airlock: --hook-command, then --launcher, then what the last sync
 * recorded; on a first sync the per-user launcher when this machine has it, else the repository's
 * devDependency through npx, else an `airlock` on PATH.
 */
export function chooseHookCommand(root: string, env: NodeJS.ProcessEnv, launcher: string | undefined, custom: string | undefined, previous: RecordedHook | undefined): HookChoice {
  const choose = (recorded: RecordedHook): HookChoice => ({ command: hookCommandOf(recorded), recorded });
  if (custom !== undefined) {
    if (custom.trim() === '' || /[\r\n]/.test(custom)) throw new InputError('--hook-command must be one non-empty line');
    return choose({ command: custom });
  }
  if (launcher !== undefined) {
    if (launcher !== 'npx' && launcher !== 'global' && launcher !== 'launcher') throw new InputError(`--launcher must be npx, global or launcher, not "${launcher}"`);
    return choose({ launcher: launcher as HookLauncher });
  }
  if (previous) return choose(previous);
  if (launcherPresent(env)) return choose({ launcher: 'launcher' });
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
    if (pkg.devDependencies?.[NPM_PACKAGE] || pkg.dependencies?.[NPM_PACKAGE]) return choose({ launcher: 'npx' });
  } catch {
    // No package.json: not a Node repository.
  }
  return choose({ launcher: 'global' });
}

/**
 * Hooks that start Airlock from inside the work tree run whatever an AI wrote there: say so.
 * (The per-user launcher lives outside every work tree and checks what it runs.)
 */
export function hookChoiceWarnings(root: string, choice: HookChoice): NativeWarning[] {
  const out: NativeWarning[] = [];
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
    if (pkg.devDependencies?.['airlock'] || pkg.dependencies?.['airlock']) {
      out.push({ file: 'package.json', message: `package.json lists "airlock", an unrelated npm package (an HTTP health prober), not Airlock: replace it with "${NPM_PACKAGE}"` });
    }
  } catch {
    // No package.json.
  }
  const r = choice.recorded;
  const inTree =
    'launcher' in r
      ? r.launcher === 'npx'
      : r.command.split(/\s+/).some((w) => {
          const word = w.replace(/^["']|["']$/g, '');
          return word.startsWith('./') || word.startsWith('../') || word.startsWith('node_modules/') || word === root || word.startsWith(`${root}/`);
        });
  if (!inTree) return out;
  return [...out, { file: '', message: `the hooks start Airlock from inside the work tree (${'launcher' in r ? 'node_modules, through npx' : r.command}), where an AI tool call can overwrite it; prefer the per-user launcher (\`airlock launcher install\`, then \`airlock sync --launcher launcher\`)` }];
}
