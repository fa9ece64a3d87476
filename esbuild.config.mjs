// Bundles the extension, the CLI and (with --tests) the integration suite.
// esbuild does not type-check: `tsc --noEmit` is the type gate.
import * as esbuild from 'esbuild';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

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

// One stamp for all bundles of this build: the compiled-policy cache keys its entries by build
// (compiledPolicyCache.ts buildId), and `airlock run` (commands.js) and the hooks it starts
// (hook.js) must find the same entry.
const BUILD_STAMP = `${new Date().toISOString()}-${process.pid}`;

const common = {
  bundle: true,
  define: { AIRLOCK_BUILD_STAMP: JSON.stringify(BUILD_STAMP) },
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
// the audit relay under `airlock run`. `crypto` (36 modules with the stream classes, ~4-5 ms)
// loads when a call first hashes: an event that decides nothing (no policy, a post-tool call
// that records nothing) never does.
const LAZY_BUILTINS = ['child_process', 'net', 'crypto'];
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

// Modules a hook call needs only on some calls (the secret rules: only when file content is
// scanned) are set up on first use: each importer gets a stand-in whose getters require the real
// module, which esbuild then wraps in a lazy initialiser (it and what only it imports). The code
// stays in the one bundle the launcher hash-checks, so nothing new is loaded from disk. Listed by
// path; a module's export names are read from its source (functions and constants only).
const LAZY_MODULES = [
  'src/core/secrets/scanText.ts',
  'src/core/shell/analyzeShellCommand.ts',
  'src/core/policy/loadPolicy.ts',
  'src/cli/hookProvenance.ts',
  'src/core/decide/gitReach.ts',
  'src/core/decide/scopeScan.ts',
  'src/core/provenance/annotationStore.ts',
  'src/core/provenance/reanchor.ts',
  // JSON with comments: policy validation, the secrets baseline, provenance records.
  'node_modules/jsonc-parser/lib/esm/main.js',
  // Searches only (a search's pattern check, glob operands: minimatch), and the sandbox spec a
  // hook builds only to verify `airlock run` around it.
  'src/core/search/contentSearch.ts',
  'src/core/shell/expandGlobOperand.ts',
  'src/core/decide/searchRelaxation.ts',
  'src/core/sandbox/workspaceSandbox.ts',
  'src/core/sandbox/verifyConfinement.ts',
  'src/core/workspace/gitignoreStack.ts',
];
const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    const targets = new Set(LAZY_MODULES.map((m) => fileURLToPath(new URL(m, import.meta.url))));
    const seen = new Set();
    build.onResolve({ filter: /^(\.\.?\/|jsonc-parser$)/ }, async (args) => {
      if (args.namespace === 'lazy-module' || args.pluginData === 'lazy-module') return undefined;
      const real = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'lazy-module' });
      if (real.errors.length > 0 || !targets.has(real.path)) return undefined;
      seen.add(real.path);
      return { path: real.path, namespace: 'lazy-module' };
    });
    // A listed module no import reached (moved, renamed) would silently load eagerly again.
    build.onEnd((result) => {
      for (const t of targets) if (!seen.has(t)) result.errors.push({ text: `LAZY_MODULES: no import in this bundle reaches ${t}` });
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      // Export forms the stand-in does not copy would be undefined at a call: refuse them.
      if (/^export (?:\{|\*|default)/m.test(source)) return { errors: [{ text: `LAZY_MODULES: ${args.path} uses export lists, re-exports or a default export` }] };
      // A constant that is a plain string or number literal is copied: reading it loads nothing.
      const literals = new Map([...source.matchAll(/^export const ([A-Za-z_$][\w$]*)(?:: \w+)? = ('[^'\\\n]*'|[\d_.]+);$/gm)].map((m) => [m[1], m[2].startsWith("'") ? m[2] : m[2].replace(/_/g, '')]));
      const names = [...source.matchAll(/^export (?:async )?(?:function\*?|const|let|var|class) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
      const getters = names.map((n) => (literals.has(n) ? `  ${n}: ${literals.get(n)},` : `  get ${n}() { return load().${n}; },`)).join('\n');
      return { contents: `let real;\nconst load = () => (real ??= require(${JSON.stringify(args.path)}));\nmodule.exports = {\n${getters}\n};\n`, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// Runs project sources at build time (bundled in memory): what the build computes comes from the
// same functions the bundles run.
async function loadSources(contents) {
  const { outputFiles } = await esbuild.build({ stdin: { contents, resolveDir: '.', loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], write: false, logLevel: 'warning' });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(mod, mod.exports, require);
  return mod.exports;
}

// V8 code caches beside dist/hook.js, exec.js and commands.js, made by this Node after real primed
// runs (the launcher's own maker, core/launcher/launcherCodeCache.ts, run from an in-memory
// bundle); cli.js is then built with their SHA-256 and this Node's version, and uses a cache only
// while both still match. Null (no caches) when the maker cannot run: cli.js compiles as before.
async function makeDistCodeCaches() {
  const { makeCodeCaches, LAUNCHER_BUNDLES, sha256 } = await loadSources("export { makeCodeCaches } from './src/core/launcher/launcherCodeCache';\nexport { LAUNCHER_BUNDLES, sha256 } from './src/core/launcher/launcherScript';\n");
  const hashes = Object.fromEntries(LAUNCHER_BUNDLES.map((name) => [name, sha256(readFileSync(join('dist', name)))]));
  return makeCodeCaches(resolve('dist'), hashes, process.env);
}

async function buildProduct() {
  // Airlock's guard patterns, compiled once here (core/policy/guardSet.ts).
  const { compileGuardSet } = await loadSources("export { compileGuardSet } from './src/core/policy/guardSet';\n");
  common.define.AIRLOCK_GUARD_SET = JSON.stringify(compileGuardSet());
  await esbuild.build({
    ...common,
    entryPoints: { extension: 'src/extension/main.ts' },
    outdir: 'dist',
    external: ['vscode'],
  });
  // The hook runs once per assistant tool call: its own bundle, nothing it does not need.
  await esbuild.build({
    ...common,
    entryPoints: { hook: 'src/cli/hookMain.ts' },
    outdir: 'dist',
    minify: true,
    plugins: [lazyModules, lazyBuiltins, sharedBuiltins, lazyRe2js],
  });
  await esbuild.build({
    ...common,
    entryPoints: { commands: 'src/cli/commandsMain.ts' },
    outdir: 'dist',
    minify: true,
    plugins: [sharedBuiltins, lazyRe2js],
  });
  // `airlock exec` starts every rewritten shell call: its own bundle, only what the sandbox needs.
  await esbuild.build({
    ...common,
    entryPoints: { exec: 'src/cli/execMain.ts' },
    outdir: 'dist',
    minify: true,
    plugins: [lazyBuiltins, sharedBuiltins, lazyRe2js],
  });
  const caches = await makeDistCodeCaches();
  await esbuild.build({
    ...common,
    define: { ...common.define, AIRLOCK_DIST_CODE_CACHE: JSON.stringify(caches) },
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
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
