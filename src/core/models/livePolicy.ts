// A policy that follows its file: reloaded when the policy (or the machine baseline) changes on
// disk, so a long-running gateway never enforces a stale policy. A stat per call, no watcher.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BASELINE_ENV, loadPolicy } from '../policy/loadPolicy';
import type { PolicyEngine } from '../policy/policyEngine';
import { POLICY_RELATIVE_PATH } from '../words/airlockLayout';

function stamp(file: string): string {
  try {
    const st = statSync(file);
    return `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return 'missing';
  }
}

export function livePolicy(root: string, env: NodeJS.ProcessEnv = process.env): () => PolicyEngine {
  const files = [resolve(root, POLICY_RELATIVE_PATH), ...(env[BASELINE_ENV] ? [resolve(env[BASELINE_ENV] as string)] : [])];
  let key = '';
  let engine: PolicyEngine | null = null;
  return () => {
    const now = new Date();
    const next = files.map(stamp).join('|');
    const expired = engine?.nextExpiry && engine.nextExpiry.getTime() <= now.getTime();
    if (!engine || next !== key || expired) {
      engine = loadPolicy(root, { env, now });
      key = next;
    }
    return engine;
  };
}
