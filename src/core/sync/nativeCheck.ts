// The native-controls part of `airlock check`: once a repository has adopted `airlock sync`
// (its sync state exists), generated files that differ from the policy are violations; and where
// Claude Code's sandbox is required, say when its system component is missing.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { launcherPresent, verifyLauncher } from '../launcher/launcherInstall';
import { recordedHook } from '../native/applyNativePlan';
import type { PolicyEngine } from '../policy/policyEngine';
import type { Violation } from '../words/checkViolation';
import { SYNC_STATE_PATH } from '../words/airlockLayout';
import { runSync } from './runSync';

export interface NativeCheck {
  readonly violations: Violation[];
  readonly notes: string[];
}

function onPath(cmd: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, cmd)));
}

export function checkNative(root: string, engine: PolicyEngine, ctx: { env: NodeJS.ProcessEnv; now: Date }): NativeCheck {
  const violations: NativeCheck['violations'] = [];
  const notes: string[] = [];
  if (!existsSync(join(root, SYNC_STATE_PATH))) {
    notes.push('native assistant controls have not been generated yet: run `airlock sync` to install the policy in each assistant');
  } else {
    const outcome = runSync(root, { env: ctx.env, now: ctx.now, check: true });
    if ('error' in outcome) return { violations, notes };
    for (const r of outcome.results) {
      if (r.status === 'drift') violations.push({ kind: 'native-drift', file: r.path, message: `${r.path} differs from what the policy implies: run \`airlock sync\`` });
      if (r.status === 'error') violations.push({ kind: 'native-error', file: r.path, message: `${r.path}${r.line ? `:${r.line}:${r.column ?? 1}` : ''}: ${r.message ?? 'cannot be updated'}` });
    }
  }
  const hook = recordedHook(root);
  if (hook && 'launcher' in hook && hook.launcher === 'launcher' && launcherPresent(ctx.env)) {
    const problems = verifyLauncher(ctx.env).problems;
    if (problems.length) notes.push(`the hooks run ~/.airlock/bin/airlock, which is not intact on this machine (${problems.join('; ')}): reinstall it with \`airlock launcher install\` or by opening VS Code with the Airlock extension`);
  }
  const readDenied = engine.layers.some((l) => [...l.doc.classes.values()].some((c) => c.read === 'deny'));
  if (process.platform === 'linux' && readDenied && !onPath('bwrap', ctx.env)) {
    notes.push("Claude Code's sandbox needs bubblewrap on Linux (`apt-get install bubblewrap socat`): without it the generated settings make Claude Code refuse to run sandboxed commands rather than run them unsandboxed");
  }
  return { violations, notes };
}
