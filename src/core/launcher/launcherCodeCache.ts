// The launcher's V8 code caches: made at install by the user's own `node` (the one the launcher's
// `#!/usr/bin/env node` finds) and vouched for by their SHA-256 in the launcher, which uses a cache
// only while that hash matches. A cache nobody vouches for could run any bytecode (V8 checks
// little more than the source's length), so none is ever read from a place only the AI touched.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheFileName, LAUNCHER_BUNDLES, type LauncherBundle, type LauncherSpec, parseLauncher, sha256 } from './launcherScript';

// Run by the user's own `node`: compiles each bundle, after checking it still has the hash just
// recorded, writes V8's code cache next to it, and prints the Node version it used. V8 caches only
// functions compiled so far, so a bundle that exports `prime` (the hook's, exec's) is first run
// through real work in a throw-away workspace: its cache then spares each call those compiles.
const CACHE_MAKER = `
const fs = require('node:fs'), path = require('node:path'), vm = require('node:vm'), Module = require('node:module'), crypto = require('node:crypto');
const [lib, ...pairs] = process.argv.slice(1);
(async () => {
  for (const pair of pairs) {
    const [name, hash] = pair.split('=');
    const file = path.join(lib, name);
    const bytes = fs.readFileSync(file);
    if (crypto.createHash('sha256').update(bytes).digest('hex') !== hash) process.exit(3);
    const script = new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: file });
    if (name === 'hook.js' || name === 'exec.js') {
      const mod = new Module(file, null);
      mod.filename = file;
      mod.paths = Module._nodeModulePaths(lib);
      script.runInThisContext().call(mod.exports, mod.exports, (id) => mod.require(id), mod, file, lib);
      if (typeof mod.exports.prime === 'function') {
        try {
          await mod.exports.prime();
        } catch {
          // A cache of what did compile is still a cache.
        }
      }
    }
    fs.writeFileSync(path.join(lib, name + '.v8cache'), script.createCachedData(), { mode: 0o644 });
  }
  process.stdout.write(process.version);
  process.exit(0);
})().catch(() => process.exit(4));
`;

function nodeVersion(env: NodeJS.ProcessEnv): string | null {
  const r = spawnSync('node', ['--version'], { env: { PATH: env.PATH ?? '' }, encoding: 'utf8', timeout: 10_000 });
  const v = r.status === 0 ? r.stdout.trim() : '';
  return /^v\d+\.\d+\.\d+$/.test(v) ? v : null;
}

/** The caches the current launcher already vouches for, when they still fit this Node and folder. */
export function reuseCodeCaches(launcherText: string | null, libDir: string, env: NodeJS.ProcessEnv): LauncherSpec['cache'] | null {
  const current = launcherText === null ? null : parseLauncher(launcherText);
  if (!current?.cache || current.libDir !== libDir || current.cache.node !== nodeVersion(env)) return null;
  for (const name of LAUNCHER_BUNDLES) {
    const want = current.cache.sha256[name];
    try {
      if (!want || sha256(fs.readFileSync(path.join(libDir, cacheFileName(name)))) !== want) return null;
    } catch {
      return null;
    }
  }
  return current.cache;
}

/**
 * Makes the code caches with the `node` on PATH and returns their hashes for the launcher to check;
 * null when no usable Node answers (the launcher then compiles without a cache).
 */
export function makeCodeCaches(libDir: string, hashes: Readonly<Record<LauncherBundle, string>>, env: NodeJS.ProcessEnv): LauncherSpec['cache'] | null {
  for (const name of LAUNCHER_BUNDLES) fs.rmSync(path.join(libDir, cacheFileName(name)), { force: true });
  const r = spawnSync('node', ['-e', CACHE_MAKER, libDir, ...LAUNCHER_BUNDLES.map((n) => `${n}=${hashes[n]}`)], { env: { PATH: env.PATH ?? '' }, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0 || !/^v\d+\.\d+\.\d+$/.test(r.stdout)) return null;
  const sha256s: Partial<Record<LauncherBundle, string>> = {};
  for (const name of LAUNCHER_BUNDLES) sha256s[name] = sha256(fs.readFileSync(path.join(libDir, cacheFileName(name))));
  return { node: r.stdout, sha256: sha256s };
}
