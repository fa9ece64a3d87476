// Serve mode (product demo): code-server on 127.0.0.1 with the extension installed, until Ctrl-C.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Cleanup } from './cleanup';
import type { HostOptions } from './hostOptions';
import { startSession, status } from './hostSession';
import { workbenchUrl } from './workbenchUrl';

/**
 * Links the extension folder into the run's extensions dir under the name VS Code gives an installed
 * extension, so it loads like an installed one (and a rebuild + "Reload Window" picks up changes).
 */
interface Manifest {
  publisher: string;
  name: string;
  version: string;
  main?: string;
}

function readManifest(extensionPath: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as Manifest;
}

export function extensionId(extensionPath: string): string {
  const manifest = readManifest(extensionPath);
  return `${manifest.publisher}.${manifest.name}`;
}

export function linkExtension(extensionPath: string, extensionsDir: string): string {
  const manifest = readManifest(extensionPath);
  if (manifest.main && !fs.existsSync(path.resolve(extensionPath, manifest.main))) {
    throw new Error(`${manifest.main} is missing in ${extensionPath}: build the extension first`);
  }
  const id = `${manifest.publisher}.${manifest.name}`;
  fs.symlinkSync(extensionPath, path.join(extensionsDir, `${id}-${manifest.version}`), 'dir');
  return id;
}

export async function runServeMode(options: HostOptions, cleanup: Cleanup, stopped: Promise<string>): Promise<number> {
  let id = '';
  const session = await startSession(options, cleanup, {
    smokeTestDriver: false,
    prepareExtensions: (dir) => (id = linkExtension(options.extensionPath, dir)),
  });
  const url = workbenchUrl(session.server.url, options.workspace);
  status(`${id} installed from ${options.extensionPath}`);
  // The URL on stdout, alone on its line, for scripts; everything else goes to stderr.
  process.stdout.write(`${url}\n`);
  status('serving until Ctrl-C');
  const why = await Promise.race([stopped, session.server.exited.then((code) => `code-server exited (${code})`)]);
  status(`stopping: ${why}`);
  return why.startsWith('code-server exited') ? 1 : 0;
}
