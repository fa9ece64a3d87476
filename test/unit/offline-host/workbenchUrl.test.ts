import * as assert from 'node:assert/strict';
import { remoteUri, workbenchUrl } from '../../offline-host/workbenchUrl';

describe('offline host workbench URL', () => {
  it('puts development and test paths in the payload as vscode-remote URIs of the server', () => {
    const url = new URL(
      workbenchUrl('http://127.0.0.1:4567/', '/work/ws dir', {
        extensionDevelopmentPath: '/work/main',
        extensionTestsPath: '/work/main/out/test/integration/index',
        disableExtensions: true,
      }),
    );
    assert.equal(url.searchParams.get('folder'), '/work/ws dir');
    const payload = new Map(JSON.parse(url.searchParams.get('payload') ?? '[]') as [string, string][]);
    assert.equal(payload.get('extensionDevelopmentPath'), 'vscode-remote://127.0.0.1:4567/work/main');
    assert.equal(payload.get('extensionTestsPath'), 'vscode-remote://127.0.0.1:4567/work/main/out/test/integration/index');
    assert.equal(payload.get('disableExtensions'), 'true');
  });

  it('has no payload when only a folder is opened (serve mode)', () => {
    const url = new URL(workbenchUrl('http://127.0.0.1:4567/', '/w'));
    assert.equal(url.searchParams.get('payload'), null);
  });

  it('escapes characters that would break a URI path', () => {
    assert.equal(remoteUri('h:1', '/a b/c#d?e'), 'vscode-remote://h:1/a%20b/c%23d%3Fe');
  });
});
