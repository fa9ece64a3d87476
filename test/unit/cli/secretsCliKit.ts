// Runs the real CLI in-process against real temp workspaces and captures what it prints.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/runCli';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function airlock(cwd: string, ...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    cwd,
    env: {},
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: () => Promise.resolve(''),
    now: () => new Date('2026-01-15T12:00:00Z'),
  });
  return { code, stdout, stderr };
}

/** A temp workspace with the given files (paths '/'-separated); removed by the caller. */
export function makeWorkspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-secrets-cli-')));
  for (const [rel, text] of Object.entries(files)) writeFile(root, rel, text);
  return root;
}

/** Call inside a `describe`: workspaces made with the returned function are removed after the suite. */
export function suiteWorkspaces(): (files: Record<string, string>) => string {
  const roots: string[] = [];
  after(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });
  return (files) => {
    const root = makeWorkspace(files);
    roots.push(root);
    return root;
  };
}

export function writeFile(root: string, rel: string, text: string): void {
  const abs = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
}

export const MINIMAL_POLICY = JSON.stringify({
  version: 1,
  classes: { public: { read: 'allow', edit: 'allow', risk: 'low' } },
  default: 'public',
  rules: [],
});
