// Bundles the extension, the CLI and (with --tests) the integration suite.
// esbuild does not type-check: `tsc --noEmit` is the type gate.
import * as esbuild from 'esbuild';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// re2js (the search checks' linear-time regex engine) is needed only when a search is checked by
// its pattern: the bundles carry its code as a string and compile it on first use, so a hook call
// that checks no search does not pay to parse it.
const lazyRe2js = {
  name: 'lazy-re2js',
  setup(build) {
    build.onResolve({ filter: /^re2js$/ }, () => ({ path: 're2js', namespace: 'lazy-re2js' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-re2js' }, async () => {
      const source = readFileSync(require.resolve('re2js'), 'utf8');
      const { code } = await esbuild.transform(source, { minify: true, format: 'cjs', platform: 'node', target: 'node20', legalComments: 'none' });
      const load = `let loaded;\nfunction load() {\n  if (!loaded) {\n    const mod = { exports: {} };\n    new Function('module', 'exports', ${JSON.stringify(code)})(mod, mod.exports);\n    loaded = mod.exports;\n  }\n  return loaded;\n}\n`;
      return { contents: `${load}module.exports = { get RE2JS() { return load().RE2JS; } };\n`, loader: 'js' };
    });
  },
};

const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  // jsonc-parser's UMD entry hides its requires from the bundler; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  plugins: [lazyRe2js],
};

// Node built-ins the hook needs only on some calls (child_process: git and bwrap runs) load on
// first use: each is a stand-in whose getters require the real module, so a read decision does
// not pay to load it. Names are listed from this Node's module at build time. `net` serves only
// the audit relay under `airlock run`.
const LAZY_BUILTINS = ['child_process', 'net'];
const require = createRequire(import.meta.url);
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtin' ? { path: `node:${args.path.replace(/^node:/, '')}`, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const names = Object.keys(require(`node:${args.path}`)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
      const getters = names.map((n) => `  get ${n}() { return load().${n}; },`).join('\n');
      return { contents: `let real;\nconst load = () => (real ??= require('node:${args.path}'));\nmodule.exports = {\n${getters}\n};\n`, loader: 'js' };
    });
  },
};

// `import * as fs from 'node:fs'` in each of dozens of modules makes esbuild copy the module's
// whole namespace once per importer (thousands of property definitions at every hook start);
// routed through one re-exporting module per built-in, each is copied once.
const SHARED_BUILTINS = ['fs', 'path', 'os', 'crypto'];
const sharedBuiltins = {
  name: 'shared-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${SHARED_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) => (args.namespace === 'shared-builtin' ? { path: `node:${args.path.replace(/^node:/, '')}`, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'shared-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'shared-builtin' }, (args) => ({ contents: `export * from 'node:${args.path}';\n`, loader: 'js' }));
  },
};

async function buildProduct() {
  await esbuild.build({
    ...common,
    entryPoints: { extension: 'src/extension/main.ts' },
    outdir: 'dist',
    external: ['vscode'],
  });
  await esbuild.build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  });
  // The hook runs once per assistant tool call: its own bundle, nothing it does not need.
  await esbuild.build({
    ...common,
    entryPoints: { hook: 'src/cli/hookMain.ts' },
    outdir: 'dist',
    minify: true,
    plugins: [lazyBuiltins, sharedBuiltins, lazyRe2js],
  });
  await esbuild.build({
    ...common,
    entryPoints: { commands: 'src/cli/commandsMain.ts' },
    outdir: 'dist',
    minify: true,
    plugins: [sharedBuiltins, lazyRe2js],
  });
}

async function buildTests() {
  const dir = 'test/integration';
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
  await esbuild.build({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: [...entries, 'test/launch/electron.ts'],
    outdir: 'out/test',
    outbase: 'test',
    external: ['vscode', 'mocha', '@vscode/test-electron'],
  });
  // The agent-hooks probe: a test-only extension the offline host installs (agentHooks.test.ts).
  await esbuild.build({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: { extension: 'test/hooksProbe/extension.ts' },
    outdir: 'out/test/hooksProbe',
    external: ['vscode'],
  });
  copyFileSync('test/hooksProbe/package.json', 'out/test/hooksProbe/package.json');
}

if (tests) await buildTests();
else await buildProduct();
