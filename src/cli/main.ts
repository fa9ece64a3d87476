// The `airlock` executable. It only dispatches: the hook (run once per assistant tool call) and
// `exec` (run once per rewritten shell call) load their own small bundles, everything else the
// commands bundle, so none pays for the others.
// No V8 code cache: a cache file the user (and so the AI) can write would decide what runs, and
// the measured gain (`npm run bench`) was a few milliseconds per call.
import { join } from 'node:path';

interface EntryModule {
  main(argv: readonly string[]): void;
}

const argv = process.argv.slice(2);
const isHook = argv[0] === 'hook';
const bundle = isHook ? 'hook.js' : argv[0] === 'exec' ? 'exec.js' : 'commands.js';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const entry = require(join(__dirname, bundle)) as EntryModule;
entry.main(isHook ? argv.slice(1) : argv);
