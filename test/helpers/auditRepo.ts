// A git repository with a policy and a HOME of its own (the audit signing key lives there), for the
// audit and telemetry tests; `dir` is where the repository's audit log goes.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveAuditDir } from '../../src/core/audit/auditLocation';
import { MINIMAL_POLICY } from '../unit/cli/secretsCliKit';

export interface AuditRepo {
  readonly root: string;
  readonly home: string;
  readonly dir: string;
}

/** Under `base` (a fresh temporary folder by default): `repo/` with `policy` (minimal by default) and `home/`. */
export function auditRepo(options: { base?: string; policy?: string } = {}): AuditRepo {
  const base = options.base ?? fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-audit-repo-')));
  const root = path.join(base, 'repo');
  const home = path.join(base, 'home');
  fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
  fs.mkdirSync(home);
  execFileSync('git', ['init', '-q', root]);
  fs.writeFileSync(path.join(root, '.airlock', 'policy.json'), options.policy ?? MINIMAL_POLICY);
  return { root, home, dir: resolveAuditDir(root).dir };
}
