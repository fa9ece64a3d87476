// Builds the npm package of the CLI, `@airlock-dev/airlock`, from dist/ (run after a production
// build: `npm run pack:cli`). The repository's own package.json is the VS Code extension's manifest
// (vsce refuses scoped names), so the npm manifest is written here into a staging folder that holds
// only the allow-listed files, and `npm pack` runs there. Prints the tarball's path.
// Usage: node scripts/packCli.mjs [--out DIR]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : repo);
const ext = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

export const CLI_FILES = ['dist/cli.js', 'dist/hook.js', 'dist/commands.js', 'dist/exec.js', 'README.md', 'LICENSE', 'CHANGELOG.md'];
// The build's V8 code caches, pinned by SHA-256 in cli.js: used only on the Node version that made
// them (elsewhere cli.js compiles as without them); absent when the build could not make them.
// commands.js has none in the package: cli.js loads it with require (it uses dynamic import()).
const CODE_CACHES = ['dist/hook.js.v8cache', 'dist/exec.js.v8cache'].filter((f) => existsSync(join(repo, f)));

const manifest = {
  name: '@airlock-dev/airlock',
  version: ext.version,
  description: 'Airlock CLI: one policy keeps protected paths out of every AI coding assistant (hooks, CI gate, audit log, AI-edit provenance).',
  license: ext.license,
  repository: ext.repository,
  homepage: ext.homepage,
  bugs: ext.bugs,
  keywords: ['ai', 'security', 'policy', 'claude-code', 'copilot', 'codex', 'hooks'],
  bin: { airlock: 'dist/cli.js' },
  files: [...CLI_FILES, ...CODE_CACHES],
  engines: { node: ext.engines.node },
  // Everything is bundled: no dependency is fetched when the package is installed.
  dependencies: {},
};

const stage = join(repo, 'out', 'npm-cli');
rmSync(stage, { recursive: true, force: true });
mkdirSync(join(stage, 'dist'), { recursive: true });
for (const f of [...CLI_FILES, ...CODE_CACHES]) copyFileSync(join(repo, f), join(stage, f));
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
mkdirSync(out, { recursive: true });
const result = execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: stage, encoding: 'utf8' });
const [{ filename }] = JSON.parse(result);
console.log(join(out, filename));
