// The `airlock` executable. It only dispatches: the hook (run once per assistant tool call) and
// `exec` (run once per rewritten shell call) load their own small bundles, everything else the
// commands bundle, so none pays for the others.
// A bundle is compiled with the V8 code cache the build made beside it only when that cache still
// has the SHA-256 the build wrote into this file and this is the Node version that made it: V8
// checks little more than a cache's source length, so a cache nobody vouches for could run any
// bytecode. A cache can only be swapped by someone who could swap this file. The per-user
// launcher (core/launcher) loads its own copies the same way, with caches made by the user's Node.
import { readFileSync } from 'node:fs';
import { Module } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface EntryModule {
  main(argv: readonly string[]): void;
}

/** Set by the build (esbuild `define`): the Node version that made the caches and each cache's SHA-256. */
declare const AIRLOCK_DIST_CODE_CACHE: { readonly node: string; readonly sha256: Readonly<Record<string, string>> } | null | undefined;

function vouchedCache(file: string, bundle: string): Buffer | undefined {
  const pins = typeof AIRLOCK_DIST_CODE_CACHE === 'object' ? AIRLOCK_DIST_CODE_CACHE : null;
  const want = pins && pins.node === process.version ? pins.sha256[bundle] : undefined;
  if (!want) return undefined;
  try {
    const cache = readFileSync(`${file}.v8cache`);
    // Loaded only here: a run without a vouched cache does not pay for it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    return createHash('sha256').update(cache).digest('hex') === want ? cache : undefined;
  } catch {
    return undefined;
  }
}

// commands.js keeps plain `require`: it uses dynamic `import()` (the OpenTelemetry exporters),
// which a script compiled from a code cache cannot resolve on Node 20. hook.js and exec.js, the
// bundles that run on every tool call, have none (test/unit/launcher/distCodeCache.test.ts).
const CACHED_BUNDLES = new Set(['hook.js', 'exec.js']);

function load(file: string, bundle: string): EntryModule {
  const cachedData = CACHED_BUNDLES.has(bundle) ? vouchedCache(file, bundle) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!cachedData) return require(file) as EntryModule;
  // As `require` would, with the vouched cache: CommonJS wrapper, module object, this folder.
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, (id: string) => mod.require(id), mod, file, dirname(file));
  return mod.exports as EntryModule;
}

const argv = process.argv.slice(2);
const isHook = argv[0] === 'hook';
const bundle = isHook ? 'hook.js' : argv[0] === 'exec' ? 'exec.js' : 'commands.js';
load(join(__dirname, bundle), bundle).main(isHook ? argv.slice(1) : argv);
