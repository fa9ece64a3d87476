// Real temporary workspaces for tests: files on disk, optionally a git repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempWorkspace {
  readonly root: string;
  write(rel: string, content?: string): string;
  policy(text: string): void;
  git(...args: string[]): string;
  dispose(): void;
}

export function tempWorkspace(files: Record<string, string> = {}): TempWorkspace {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-ws-')));
  const ws: TempWorkspace = {
    root,
    write(rel, content = '') {
      const abs = join(root, rel);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
      return abs;
    },
    policy(text) {
      ws.write('.airlock/policy.json', text);
    },
    git(...args) {
      return execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' } }).toString();
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  for (const [rel, content] of Object.entries(files)) ws.write(rel, content);
  return ws;
}
