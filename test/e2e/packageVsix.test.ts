// `npm run package` builds the .vsix offline with no extra flags (gated on typecheck and lint by
// vscode:prepublish), and the package carries the CLI bundles the launcher installs — nothing else.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

describe('npm run package', function () {
  this.timeout(300_000);

  it('builds the .vsix with exactly the extension, the CLI bundles, media and the docs', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
    const vsix = path.join(REPO, `${manifest.name}-${manifest.version}.vsix`);
    fs.rmSync(vsix, { force: true });
    try {
      execFileSync('npm', ['run', 'package'], { cwd: REPO, stdio: 'pipe', env: { ...process.env, npm_config_offline: 'true' } });
      const list = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n').sort();
      const media = fs.readdirSync(path.join(REPO, 'media'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => `extension/${path.relative(REPO, path.join(e.parentPath, e.name))}`);
      assert.deepEqual(list, [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/LICENSE.txt',
        'extension/changelog.md',
        'extension/dist/cli.js',
        'extension/dist/commands.js',
        'extension/dist/exec.js',
        'extension/dist/extension.js',
        'extension/dist/hook.js',
        ...media,
        'extension/package.json',
        'extension/readme.md',
      ].sort());
    } finally {
      fs.rmSync(vsix, { force: true });
    }
  });
});
