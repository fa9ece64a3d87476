// Environment values a program opens as files or runs as commands, through analyzeShellCommand:
// the value of every assignment a program can see counts as a possible file it reads (like the
// words a command is given), and the values of command-valued variables are judged as commands.
import * as assert from 'node:assert/strict';
import { analyzeShellCommand } from '../../../src/core/shell/analyzeShellCommand';

function reads(command: string): string[] {
  const r = analyzeShellCommand(command, { home: '/home/dev' });
  return [...r.operands, ...r.mentions].filter((o) => o.access === 'read').map((o) => o.path).sort();
}

describe('analyzeShellCommand: environment values', () => {
  it('a value a program may open is a read, however the variable reaches the environment', () => {
    for (const c of ['npm_config_userconfig=.env npm config list', 'export npm_config_userconfig=.env; npm config list', 'npm_config_userconfig=.env; export npm_config_userconfig; npm config list', 'set -a; npm_config_userconfig=.env; npm config list', 'HISTFILE=.env bash -ic history', 'NODE_OPTIONS="--require ./.env" node -e 1', 'env npm_config_userconfig=.env npm config list']) {
      assert.ok(reads(c).some((p) => p.endsWith('.env')), `${c}: ${reads(c).join(', ')}`);
    }
  });

  it('values that are folders to search or write in, locales and flags are not reads', () => {
    for (const c of ['TMPDIR=/tmp npm test', 'PATH=/usr/local/bin:/usr/bin npm test', 'LANG=C sort x', 'NODE_ENV=production npm start', 'DEBUG=* npm test', 'TS="$(date)" npm test']) {
      assert.deepEqual(reads(c), reads(c.slice(c.indexOf(' ') + 1)), c);
    }
    // Other values count only as the names they are: `production` is no file here.
    assert.deepEqual(reads('APP_MODE=production npm start'), ['production', 'start']);
  });

  it('a command-valued variable given through env is judged as a command', () => {
    const r = analyzeShellCommand("env EDITOR='cat .env' git commit --amend", { home: '/home/dev' });
    assert.ok(r.operands.some((o) => o.path === '.env' && o.command === 'cat'));
  });
});
