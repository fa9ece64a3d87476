// The prepare-commit-msg hook, run by real `git commit`: trailer when staged lines are AI lines,
// none otherwise; an existing hook is chained, not clobbered.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';
import { git, initRepo, tempDir } from './provenanceTestKit';

const REPO = path.resolve(__dirname, '../../..');

/** A command that runs this checkout's CLI from source (the built one may be older). */
function cliCommand(): string {
  const runner = path.join(tempDir('airlock-runner-'), 'airlock.cjs');
  fs.writeFileSync(runner, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(path.join(REPO, 'src/cli/commandsMain.ts'))}).main(process.argv.slice(2));\n`);
  return `node ${runner}`;
}

function lastMessage(root: string): string {
  return git(root, 'log', '-1', '--format=%B');
}

describe('airlock provenance install-git-hook', () => {
  it('adds Assisted-by only when staged lines are AI lines, and chains an existing hook', async () => {
    const root = fs.realpathSync(initRepo('airlock-githook-'));
    fs.writeFileSync(path.join(root, 'a.txt'), 'one\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'start');
    const existing = path.join(root, '.git/hooks/prepare-commit-msg');
    fs.writeFileSync(existing, '#!/bin/sh\necho "Existing-hook: ran" >> "$1"\n', { mode: 0o755 });

    const r = await runAirlock(['provenance', 'install-git-hook', '--command', cliCommand()], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /runs the previous hook first/);
    assert.ok(fs.existsSync(`${existing}.pre-airlock`));
    // Installing again is an update and keeps the chain.
    assert.match((await runAirlock(['provenance', 'install-git-hook', '--command', cliCommand()], { cwd: root })).stdout, /Updated/);

    fs.writeFileSync(path.join(root, 'a.txt'), 'one\ntwo\n');
    await runAirlock(['provenance', 'mark', 'a.txt', '--lines', '2', '--tool', 'claude-code', '--model', 'claude-opus-5-5'], { cwd: root });
    git(root, 'add', 'a.txt');
    git(root, 'commit', '-q', '-m', 'ai change');
    assert.match(lastMessage(root), /Existing-hook: ran/);
    assert.match(lastMessage(root), /^Assisted-by: claude-code \(claude-opus-5-5\)$/m);

    // A human-only change in another file: no trailer.
    fs.writeFileSync(path.join(root, 'b.txt'), 'human\n');
    git(root, 'add', 'b.txt');
    git(root, 'commit', '-q', '-m', 'human change');
    assert.doesNotMatch(lastMessage(root), /Assisted-by/);
    assert.match(lastMessage(root), /Existing-hook: ran/);
  });

  it('a failing chained hook still stops the commit', async () => {
    const root = fs.realpathSync(initRepo('airlock-githook-'));
    fs.writeFileSync(path.join(root, '.git/hooks/prepare-commit-msg'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    await runAirlock(['provenance', 'install-git-hook', '--command', 'false'], { cwd: root });
    fs.writeFileSync(path.join(root, 'x'), 'x\n');
    git(root, 'add', 'x');
    assert.throws(() => git(root, 'commit', '-q', '-m', 'x'));
  });
});
