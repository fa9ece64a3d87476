// The `airlock` executable. It only dispatches: the hook (run once per assistant tool call) loads
// its own small bundle, everything else the commands bundle, so neither pays for the other.
// Bundles are loaded through V8's code cache, kept in the user's private cache folder: compiling
// the bundle is most of a hook's start-up, and the cache skips it on every call after the first.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

interface EntryModule {
  main(argv: readonly string[]): void;
}

function cacheDir(): string | null {
  if (process.env.AIRLOCK_NO_CODE_CACHE) return null;
  const base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : join(homedir(), '.cache'));
  return base ? join(base, 'airlock', 'v8') : null;
}

function loadBundle(file: string): EntryModule {
  const dir = cacheDir();
  const st = statSync(file);
  const cacheFile = dir ? join(dir, `${file.replace(/[^A-Za-z0-9]+/g, '_')}-${st.size}-${Math.floor(st.mtimeMs)}-${process.version}.bin`) : null;
  let cached: Buffer | undefined;
  if (cacheFile) {
    try {
      cached = readFileSync(cacheFile);
    } catch {
      // First run, or the cache was cleared.
    }
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: cached });
  const mod = new Module(file, module);
  mod.filename = file;
  (mod as unknown as { paths: string[] }).paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(dirname(file));
  const fn = script.runInThisContext() as (exports: unknown, req: NodeJS.Require, m: Module, f: string, d: string) => void;
  fn.call(mod.exports, mod.exports, ((id: string) => mod.require(id)) as NodeJS.Require, mod, file, dirname(file));
  if (cacheFile && dir && (!cached || script.cachedDataRejected)) {
    // Written once the command has run, so the functions it compiled lazily are cached too.
    process.once('exit', () => {
      try {
        // Private to this user: another user must not be able to plant bytecode here.
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(cacheFile, script.createCachedData(), { mode: 0o600 });
      } catch {
        // A cache is an optimisation; never fail a command for it.
      }
    });
  }
  return mod.exports as EntryModule;
}

const argv = process.argv.slice(2);
const isHook = argv[0] === 'hook';
const entry = loadBundle(join(__dirname, isHook ? 'hook.js' : 'commands.js'));
entry.main(isHook ? argv.slice(1) : argv);
