// A committed workspace and a marker file outside it, for tests of what a PERSON's own git runs
// afterwards: each planted program appends a label to the marker.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { tempWorkspace, type TempWorkspace } from './tempWorkspace';

/** Git with an identity of its own: commits work without the developer's configuration. */
export const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' };

export interface GitTrap {
  /** A folder outside the workspace (other repositories, payloads). */
  readonly tmp: string;
  readonly marker: string;
  /** A committed workspace with an empty policy. */
  readonly ws: TempWorkspace;
  /** A shell command that appends `label` to the marker and fails (as an fsmonitor or hook). */
  program(label: string): string;
  markerText(): string;
  dispose(): void;
}

export function gitTrap(prefix: string): GitTrap {
  const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  const marker = path.join(tmp, 'pwned');
  const ws = tempWorkspace({ 'a.txt': 'a\n' });
  ws.policy(JSON.stringify({ version: 1, rules: [] }));
  ws.git('init', '-q');
  ws.git('add', '-A');
  ws.git('commit', '-qm', 'initial');
  return {
    tmp,
    marker,
    ws,
    program: (label) => `echo ${label} >> ${marker}; false`,
    markerText: () => (existsSync(marker) ? readFileSync(marker, 'utf8') : ''),
    dispose: () => {
      ws.dispose();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
