// The one document the native compilers see. With baselines, their rules come after the
// repository's (so a repository carve-out cannot reopen what a baseline protects) and their
// classes keep their own definitions under a prefixed name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyEngine } from '../core/policy/policyEngine';
import type { DataClass, PolicyDocument, PolicyRule } from '../core/policy/policyTypes';
import { hookCommandFor, type HookCommand, type HookLauncher } from '../core/native/hookCommand';
import { UsageError } from './cliContext';

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

/**
 * How generated configs start Airlock. Default: the repository's devDependency through npx when
 * the repository declares it, else an `airlock` on PATH.
 */
export function chooseHookCommand(root: string, launcher: string | undefined, custom: string | undefined): HookCommand {
  if (custom !== undefined) {
    if (custom.trim() === '' || /[\r\n]/.test(custom)) throw new UsageError('--hook-command must be one non-empty line');
    return { posix: custom, powershell: custom };
  }
  if (launcher !== undefined) {
    if (launcher !== 'npx' && launcher !== 'global' && launcher !== 'launcher') throw new UsageError(`--launcher must be npx, global or launcher, not "${launcher}"`);
    return hookCommandFor(launcher as HookLauncher);
  }
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
    if (pkg.devDependencies?.airlock || pkg.dependencies?.airlock) return hookCommandFor('npx');
  } catch {
    // No package.json: not a Node repository.
  }
  return hookCommandFor('global');
}
