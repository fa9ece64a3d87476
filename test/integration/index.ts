// The extensionTestsPath module: both launchers (test-electron on a laptop, the offline code-server host
// in CI) load this file inside a real extension host and await run().
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Reviews are signed with the git identity. A CI machine may have none (and the offline host moves
 * XDG_CONFIG_HOME, hiding ~/.config/git/config): give this process, and the git it spawns, one.
 */
function ensureGitIdentity(): void {
  const has = (key: string): boolean => {
    try {
      return execFileSync('git', ['config', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    } catch {
      return false;
    }
  };
  if (has('user.name') && has('user.email')) return;
  process.env.GIT_CONFIG_COUNT = '2';
  process.env.GIT_CONFIG_KEY_0 = 'user.name';
  process.env.GIT_CONFIG_VALUE_0 = 'Airlock Integration Test';
  process.env.GIT_CONFIG_KEY_1 = 'user.email';
  process.env.GIT_CONFIG_VALUE_1 = 'integration-test@airlock.invalid';
}

export function run(): Promise<void> {
  ensureGitIdentity();
  // Colours would reach the offline host's log relay as escape codes.
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  const grep = process.env.MOCHA_GREP;
  if (grep) mocha.grep(grep);

  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  // A suite that finds nothing must not look green.
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files found in ${__dirname}`));
  for (const name of files) mocha.addFile(path.join(__dirname, name));

  return new Promise<void>((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    try {
      const runner = mocha.run(() => {
        const summary = `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
        console.log(summary);
        if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
        else if (passed === 0) reject(new Error('no integration test ran (check MOCHA_GREP)'));
        else resolve();
      });
      runner.on('pass', () => passed++);
      // 'fail' also fires for failing hooks, which should fail the run too.
      runner.on('fail', () => failed++);
      runner.on('pending', () => skipped++);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
