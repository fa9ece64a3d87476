// The workbench URL: the folder to open and the `payload` query parameter the web workbench reads for
// development/test runs (honoured by a built workbench only with enable-smoke-test-driver).

/**
 * A local path as seen by the remote (Node) extension host. vscode-remote:// is deliberate: a
 * development extension at a file:// or http:// URI would run in the browser's web-worker host,
 * which has no Node APIs.
 */
export function remoteUri(authority: string, fsPath: string): string {
  // Per segment: encodeURI would leave '#' and '?' in place and cut the path short.
  return `vscode-remote://${authority}${fsPath.split('/').map(encodeURIComponent).join('/')}`;
}

export interface WorkbenchPayload {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  disableExtensions: boolean;
}

export function workbenchUrl(baseUrl: string, folder: string, payload?: WorkbenchPayload): string {
  const url = new URL(baseUrl);
  url.searchParams.set('folder', folder);
  if (payload) {
    const authority = url.host;
    const entries: [string, string][] = [];
    if (payload.extensionDevelopmentPath) {
      entries.push(['extensionDevelopmentPath', remoteUri(authority, payload.extensionDevelopmentPath)]);
    }
    if (payload.extensionTestsPath) {
      entries.push(['extensionTestsPath', remoteUri(authority, payload.extensionTestsPath)]);
    }
    if (payload.disableExtensions) entries.push(['disableExtensions', 'true']);
    entries.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
    url.searchParams.set('payload', JSON.stringify(entries));
  }
  return url.toString();
}
