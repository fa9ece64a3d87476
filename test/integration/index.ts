// The extensionTestsPath module: both launchers (test-electron on a laptop, the offline code-server host
// in CI) load this file inside a real extension host and await run().
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
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
