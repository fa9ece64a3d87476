// Bundles the extension, the CLI and (with --tests) the integration suite.
// esbuild does not type-check: `tsc --noEmit` is the type gate.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

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
    entryPoints: { hook: 'src/cli/hookMain.ts', commands: 'src/cli/commandsMain.ts' },
    outdir: 'dist',
    minify: true,
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
}

if (tests) await buildTests();
else await buildProduct();
