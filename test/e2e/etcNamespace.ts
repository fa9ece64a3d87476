// Runs a program in a private mount namespace whose /etc has the `etc/` of an `airlock org
// compile` output laid over it (root only): a client reads managed settings at their real system
// path, and nothing outside the namespace changes.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from './airlockSetup';

/** Writes a wrapper script that starts `program` (with the wrapper's arguments) inside the namespace. */
export function inOrgNamespace(dir: string, orgOut: string, program: string): string {
  const wrapper = join(dir, `in-namespace-${Math.random().toString(36).slice(2)}.sh`);
  const inner = [
    'set -e',
    't=$(mktemp -d)',
    'mount -t tmpfs airlock-etc "$t"',
    'mkdir "$t/upper" "$t/work"',
    'mount -t overlay overlay -o "lowerdir=/etc,upperdir=$t/upper,workdir=$t/work" /etc',
    `cp -r ${shellQuote(join(orgOut, 'etc'))}/. /etc/`,
    `exec ${shellQuote(program)} "$@"`,
  ].join('\n');
  writeFileSync(wrapper, `#!/bin/sh\nexec unshare --mount --propagation private sh -c ${shellQuote(inner)} airlock-org "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}
