import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isWorkbenchChatter, LogRelay } from '../../offline-host/logRelay';

describe('offline host log relay', () => {
  it('tells workbench chatter from test output', () => {
    assert.equal(isWorkbenchChatter('Creating a socket (renderer-Management-1234)...'), true);
    assert.equal(isWorkbenchChatter('[AccountPolicyGate] apply: state=inactive'), true);
    assert.equal(isWorkbenchChatter('getaddrinfo ENOTFOUND open-vsx.org: Failed\n    at x (y.js:1:2)'), true);
    assert.equal(isWorkbenchChatter('    ✔ activates and returns its API object'), false);
    assert.equal(isWorkbenchChatter('3 passed, 0 failed'), false);
    assert.equal(isWorkbenchChatter('  1) activation\n     open-vsx.org mentioned later'), false);
  });

  it('formats printf-style entries, keeps everything in the file and prints only non-chatter', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-'));
    try {
      const file = path.join(dir, 'automation.log');
      const printed: string[] = [];
      const relay = new LogRelay(file, false, (line) => printed.push(line));
      relay.entry('info', ['%d passing (%s)', 3, '85ms']);
      relay.entry('info', ['Resolving connection token (127.0.0.1:1)...']);
      relay.close();
      assert.deepEqual(printed, ['3 passing (85ms)']);
      assert.equal(
        fs.readFileSync(file, 'utf8'),
        '[info] 3 passing (85ms)\n[info] Resolving connection token (127.0.0.1:1)...\n',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
