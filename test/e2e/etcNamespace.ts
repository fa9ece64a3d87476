// Runs a program in a private mount namespace where `etc/` of an `airlock org compile` output lies
// over /etc (an overlay on tmpfs): machine-level managed files without touching the real /etc.
// Root only (.ci/run runs as root).
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from './airlockSetup';

function inner(orgOut: string): string {
  return [
    'set -e',
    't=$(mktemp -d)',
    'mount -t tmpfs airlock-etc "$t"',
    'mkdir "$t/upper" "$t/work"',
    'mount -t overlay overlay -o "lowerdir=/etc,upperdir=$t/upper,workdir=$t/work" /etc',
    `cp -r ${shellQuote(join(orgOut, 'etc'))}/. /etc/`,
    'exec "$@"',
  ].join('\n');
}

/** A command + args prefix that starts `command args…` inside the namespace. */
export function inEtcNamespace(orgOut: string, command: string, args: readonly string[]): { command: string; args: string[] } {
  return { command: 'unshare', args: ['--mount', '--propagation', 'private', 'sh', '-c', inner(orgOut), 'in-namespace', command, ...args] };
}

/** The same as an executable wrapper script, for runners that take one program path. */
export function etcNamespaceWrapper(dir: string, orgOut: string, program: string): string {
  const wrapper = join(dir, `in-namespace-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(wrapper, `#!/bin/sh\nexec unshare --mount --propagation private sh -c ${shellQuote(inner(orgOut))} in-namespace ${shellQuote(program)} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}
