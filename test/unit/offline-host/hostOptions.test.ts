import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseHostOptions, UsageError } from '../../offline-host/hostOptions';

describe('offline host options', () => {
  const base = ['--repo', '/r', '--cache', '/c'];

  it('defaults to test mode on the host fixture workspace and the integration suite', () => {
    const o = parseHostOptions(base, '/cwd');
    assert.equal(o.mode, 'test');
    assert.equal(o.workspace, path.join('/r', 'test', 'fixtures', 'host-workspace'));
    assert.equal(o.testsPath, path.join('/r', 'out', 'test', 'integration', 'index'));
    assert.equal(o.extensionPath, '/r');
    assert.equal(o.artifacts, path.join('/r', 'artifacts', 'offline-host', 'test'));
    assert.equal(o.timeoutSeconds, 300);
  });

  it('resolves relative paths against the caller\'s cwd and strips .js from --tests', () => {
    const o = parseHostOptions([...base, '--workspace', 'ws', '--tests', 'out/x/index.js'], '/home/u');
    assert.equal(o.workspace, '/home/u/ws');
    assert.equal(o.testsPath, '/home/u/out/x/index');
  });

  it('selects serve mode with a port', () => {
    const o = parseHostOptions([...base, '--serve', '--port', '8080'], '/');
    assert.equal(o.mode, 'serve');
    assert.equal(o.port, 8080);
  });

  it('selects screenshot mode with commands in order and the screenshot driver', () => {
    const o = parseHostOptions(
      [...base, '--screenshot', 'a.png', '--command', 'x.one', '--command', 'x.two', '--size', '800x600',
        '--workspace', 'ws', '--open', 'src/a.ts'],
      '/w',
    );
    assert.deepEqual(o.openFiles, ['/w/ws/src/a.ts']);
    assert.equal(o.mode, 'screenshot');
    assert.equal(o.screenshotPath, '/w/a.png');
    assert.deepEqual(o.commands, ['x.one', 'x.two']);
    assert.deepEqual(o.viewport, { width: 800, height: 600 });
    assert.equal(o.testsPath, path.join('/r', 'out', 'offline-host', 'screenshotDriver'));
  });

  it('rejects unknown options, missing values and mixed modes', () => {
    assert.throws(() => parseHostOptions([...base, '--bogus'], '/'), UsageError);
    assert.throws(() => parseHostOptions([...base, '--workspace'], '/'), UsageError);
    assert.throws(() => parseHostOptions([...base, '--timeout', '0'], '/'), UsageError);
    assert.throws(() => parseHostOptions([...base, '--serve', '--screenshot', 'a.png'], '/'), UsageError);
    assert.throws(() => parseHostOptions([...base, '--port', '1'], '/'), UsageError);
    assert.throws(() => parseHostOptions([...base, '--command', 'x'], '/'), UsageError);
    assert.throws(() => parseHostOptions(['--workspace', 'w'], '/'), UsageError);
  });
});
