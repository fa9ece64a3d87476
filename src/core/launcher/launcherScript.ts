// The text of the per-user launcher `~/.airlock/bin/airlock`: a small Node script that runs the
// Airlock CLI copied next to it only when every byte still has the SHA-256 recorded at install.
// It hashes and compiles the same buffer, so a file swapped between check and use is never run.
import { createHash } from 'node:crypto';
import { NPM_PACKAGE, EXTENSION_ID } from '../native/hookCommand';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The bundles a launcher runs: the hook's own lean bundle, `exec`'s (every rewritten shell call), and every other command's. */
export const LAUNCHER_BUNDLES = ['hook.js', 'commands.js', 'exec.js'] as const;
export type LauncherBundle = (typeof LAUNCHER_BUNDLES)[number];

export interface LauncherSpec {
  /** Absolute folder holding the copied bundles. */
  readonly libDir: string;
  /** SHA-256 (hex) of each bundle, as copied. */
  readonly sha256: Readonly<Record<LauncherBundle, string>>;
  /** Where the bundles were copied from (shown in `airlock launcher verify` and the header). */
  readonly source: string;
  /**
   * V8 code caches made at install by the user's `node`, with their SHA-256. V8 checks little
   * more than a cache's source length, so a cache nobody vouches for could run any bytecode: it is
   * used only by that Node version and only while its hash matches; otherwise the verified source
   * is compiled as if there were no cache.
   */
  readonly cache?: { readonly node: string; readonly sha256: Readonly<Partial<Record<LauncherBundle, string>>> };
}

/** File name of a bundle's code cache inside the launcher's lib folder. */
export function cacheFileName(bundle: LauncherBundle): string {
  return `${bundle}.v8cache`;
}

export const LAUNCHER_MARKER = 'Airlock launcher v1';

/** What a teammate must do when the launcher cannot run Airlock: one line. */
export const REINSTALL_HINT = `reinstall it: open VS Code with the extension ${EXTENSION_ID}, or run npm install -g ${NPM_PACKAGE} and then airlock launcher install`;

export function renderLauncherScript(spec: LauncherSpec): string {
  return `#!/usr/bin/env node
// ${LAUNCHER_MARKER}: written by Airlock from ${spec.source.replace(/[\r\n]/g, ' ')}.
// Runs the Airlock CLI in LIB only if each file still has the SHA-256 recorded below; any change
// blocks with exit 2. Rewritten by \`airlock launcher install\` and the Airlock VS Code extension.
'use strict';
const LIB = ${JSON.stringify(spec.libDir)};
const SHA256 = ${JSON.stringify(spec.sha256)};
const CACHE = ${JSON.stringify(spec.cache ?? null)};
const HINT = ${JSON.stringify(REINSTALL_HINT)};
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const vm = require('node:vm');
const Module = require('node:module');
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
function fail(message) {
  process.stderr.write('Airlock: ' + message + '; ' + HINT + '\\n');
  process.exit(2);
}
if (Number(process.versions.node.split('.')[0]) < 20) fail('needs Node.js 20 or later, found ' + process.version);
const argv = process.argv.slice(2);
const name = argv[0] === 'hook' ? 'hook.js' : argv[0] === 'exec' ? 'exec.js' : 'commands.js';
const file = path.join(LIB, name);
let bytes;
try {
  bytes = fs.readFileSync(file);
} catch (error) {
  fail('the launcher cannot read ' + file + ' (' + (error && error.code ? error.code : error) + ')');
}
if (sha256(bytes) !== SHA256[name]) {
  fail(file + ' was changed after it was installed (its SHA-256 differs), so it is not run');
}
// commands.js uses dynamic import() (the OpenTelemetry exporters), which only Node's own module
// compile resolves (a vm.Script, cached or not, has no loader for it): it is compiled that way,
// from the verified bytes, without a code cache.
const plain = name === 'commands.js';
let cachedData;
if (!plain && CACHE && CACHE.node === process.version && CACHE.sha256[name]) {
  try {
    const cache = fs.readFileSync(path.join(LIB, name + '.v8cache'));
    if (sha256(cache) === CACHE.sha256[name]) cachedData = cache;
  } catch {
    // No cache: compile the verified source.
  }
}
const mod = new Module(file, null);
mod.filename = file;
mod.paths = Module._nodeModulePaths(LIB);
if (plain) {
  mod._compile(bytes.toString('utf8'), file);
} else {
  const script = new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: file, cachedData });
  script.runInThisContext().call(mod.exports, mod.exports, (id) => mod.require(id), mod, file, LIB);
}
mod.exports.main(name === 'hook.js' ? argv.slice(1) : argv);
`;
}

/** The Windows companion (`airlock.cmd`) that runs the script above with Node. Untested on Windows. */
export function renderLauncherCmd(): string {
  return '@echo off\r\nnode "%~dp0airlock" %*\r\n';
}

/** The spec a launcher file was rendered from, or null when it is not one of Airlock's. */
export function parseLauncher(text: string): LauncherSpec | null {
  if (!text.includes(LAUNCHER_MARKER)) return null;
  const lib = /^const LIB = (".*");$/m.exec(text);
  const sums = /^const SHA256 = (\{.*\});$/m.exec(text);
  if (!lib || !sums) return null;
  const source = /written by Airlock from (.*)\.$/m.exec(text)?.[1];
  const cacheLine = /^const CACHE = (.*);$/m.exec(text);
  const cache = cacheLine ? (JSON.parse(cacheLine[1]) as LauncherSpec['cache'] | null) : null;
  return { libDir: JSON.parse(lib[1]) as string, sha256: JSON.parse(sums[1]) as Record<LauncherBundle, string>, source: source ?? '', ...(cache ? { cache } : {}) };
}
