// The `airlock` executable. It only dispatches: the hook (run once per assistant tool call) loads
// its own small bundle, everything else the commands bundle, so neither pays for the other.
import { join } from 'node:path';

interface EntryModule {
  main(argv: readonly string[]): void;
}

const argv = process.argv.slice(2);
const bundle = argv[0] === 'hook' ? 'hook.js' : 'commands.js';
// A computed path keeps the bundler from inlining the other bundle.
const entry = require(join(__dirname, bundle)) as EntryModule;
entry.main(argv[0] === 'hook' ? argv.slice(1) : argv);
