// The `airlock` executable. It only dispatches: the hook (run once per assistant tool call) loads
// its own small bundle, everything else the commands bundle, so neither pays for the other.
// No V8 code cache: a cache file the user (and so the AI) can write would decide what runs, and
// the measured gain (`npm run bench`) was a few milliseconds per call.
import { join } from 'node:path';

interface EntryModule {
  main(argv: readonly string[]): void;
}

const argv = process.argv.slice(2);
const isHook = argv[0] === 'hook';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const entry = require(join(__dirname, isHook ? 'hook.js' : 'commands.js')) as EntryModule;
entry.main(isHook ? argv.slice(1) : argv);
