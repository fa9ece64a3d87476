import * as assert from 'node:assert/strict';
import { HookPayloadError } from '../../../src/core/hook/hookEventTypes';
import { discoverPaths, fileUriToPath, isPathKey } from '../../../src/core/hook/pathDiscovery';
import { mapToolCall } from '../../../src/core/hook/toolAccess';

const CWD = '/home/dev/acme';

describe('hook: mapToolCall for known tools', () => {
  it('Claude Code NotebookEdit and MultiEdit are edits of their file', () => {
    assert.deepEqual(mapToolCall('NotebookEdit', { notebook_path: 'nb/secret.ipynb', new_source: 'x = 1', cell_id: 'c1' }, CWD).requests, [
      { action: 'edit', paths: ['nb/secret.ipynb'], cwd: CWD },
    ]);
    assert.deepEqual(mapToolCall('MultiEdit', { file_path: '/home/dev/acme/src/a.ts', edits: [{ old_string: '/etc/passwd', new_string: 'b' }] }, CWD).requests, [
      { action: 'edit', paths: ['/home/dev/acme/src/a.ts'], cwd: CWD },
    ]);
  });

  it('VS Code multi-file edits and internal tool ids', () => {
    const r = mapToolCall('multi_replace_string_in_file', { explanation: 'x', replacements: [{ filePath: '/home/dev/acme/.env', oldString: 'a', newString: 'b' }, { filePath: 'src/b.ts', oldString: '/etc/x', newString: 'c' }] }, CWD);
    assert.deepEqual(r.requests, [{ action: 'edit', paths: ['/home/dev/acme/.env', 'src/b.ts'], cwd: CWD }]);
    assert.deepEqual(mapToolCall('copilot_readFile', { filePath: 'x' }, CWD).requests, [{ action: 'read', paths: ['x'], cwd: CWD }]);
    assert.deepEqual(mapToolCall('editFiles', { files: ['src/main.ts'] }, CWD).requests, [{ action: 'edit', paths: ['src/main.ts'], cwd: CWD }]);
  });

  it('file content is never mistaken for a path', () => {
    const r = mapToolCall('Write', { file_path: 'src/x.ts', content: '/etc/passwd\n~/.ssh/id_rsa' }, CWD).requests;
    assert.deepEqual(r, [{ action: 'edit', paths: ['src/x.ts'], cwd: CWD }]);
  });

  it('keeps paths as given: relative, with .., absolute; decodes file:// URIs', () => {
    assert.deepEqual(mapToolCall('view', { path: '../acme/./.env' }, CWD).requests[0]?.paths, ['../acme/./.env']);
    assert.deepEqual(mapToolCall('read_file', { filePath: 'file:///home/dev/acme/my%20dir/.env' }, CWD).requests[0]?.paths, ['/home/dev/acme/my dir/.env']);
  });

  it('directory listings read the directory (default: cwd); opencode list (a tree of names) too', () => {
    assert.deepEqual(mapToolCall('LS', { path: '/home/dev/acme/secrets' }, CWD).requests, [{ action: 'read', paths: ['/home/dev/acme/secrets'], cwd: CWD }]);
    assert.deepEqual(mapToolCall('list_dir', {}, CWD).requests, [{ action: 'read', paths: [CWD], cwd: CWD }]);
    assert.deepEqual(mapToolCall('list', { path: 'infra' }, CWD).requests, [{ action: 'read', paths: ['infra'], cwd: CWD }]);
  });

  it('Grep searches its path (default cwd) and exposes its glob filter and content search', () => {
    const plain = { ignoreCase: false, word: false, wholeLine: false, multiline: false };
    assert.deepEqual(mapToolCall('Grep', { pattern: 'API_KEY', glob: '**/*.env' }, CWD).requests, [{ action: 'search', paths: [CWD], cwd: CWD, searchPattern: '**/*.env', contentSearch: { ...plain, patterns: ['API_KEY'], syntax: 'rust' } }]);
    assert.deepEqual(mapToolCall('grep', { pattern: 'x', include: '*.ts', path: 'src' }, CWD).requests, [{ action: 'search', paths: ['src'], cwd: CWD, searchPattern: '*.ts', contentSearch: { ...plain, patterns: ['x'], syntax: 'rust' } }]);
    assert.deepEqual(mapToolCall('grep_search', { query: 'x.y', includePattern: 'infra/**', isRegexp: false }, CWD).requests, [{ action: 'search', paths: [CWD], cwd: CWD, searchPattern: 'infra/**', contentSearch: { ...plain, ignoreCase: true, patterns: ['x.y'], syntax: 'fixed' } }]);
    // VS Code's default reading is not said: both readings count.
    assert.deepEqual(mapToolCall('grep_search', { query: 'x.y' }, CWD).requests[0]?.contentSearch?.patterns, ['x.y', 'x\\.y']);
    assert.equal(mapToolCall('Grep', { pattern: 'x', '-i': true, multiline: true }, CWD).requests[0]?.contentSearch?.multiline, true);
    // A field Airlock does not know may change what is printed.
    assert.match(mapToolCall('Grep', { pattern: 'x', invert: true }, CWD).requests[0]?.contentSearch?.opaque ?? '', /invert/);
    assert.equal(mapToolCall('semantic_search', { query: 'x' }, CWD).requests[0]?.contentSearch, undefined);
  });

  it('Copilot sends glob/grep paths as a string or a list', () => {
    assert.deepEqual(mapToolCall('glob', { pattern: '*.key', paths: ['a', 'b'] }, CWD).requests[0]?.paths, ['a', 'b']);
    assert.deepEqual(mapToolCall('glob', { pattern: '*.key', paths: 'secrets' }, CWD).requests[0]?.paths, ['secrets']);
  });

  it('a glob that escapes its scope adds the escaped prefix', () => {
    assert.deepEqual(mapToolCall('Glob', { pattern: '/etc/**/*.conf', path: CWD }, CWD).requests[0]?.paths, [CWD, '/etc']);
    assert.deepEqual(mapToolCall('Glob', { pattern: '../other/**' }, CWD).requests[0]?.paths, [CWD, '../other']);
    assert.deepEqual(mapToolCall('Glob', { pattern: 'src/**/*.ts' }, CWD).requests[0]?.paths, [CWD]);
  });

  it('shell tools: execute with the command; Codex argv arrays become one command line', () => {
    assert.deepEqual(mapToolCall('run_in_terminal', { command: 'cat .env', explanation: 'x', isBackground: false }, CWD), {
      requests: [{ action: 'execute', paths: [], cwd: CWD }],
      command: 'cat .env',
    });
    assert.equal(mapToolCall('Bash', { command: ['bash', '-lc', 'cat secrets/a key'] }, CWD).command, "bash -lc 'cat secrets/a key'");
    assert.deepEqual(mapToolCall('exec_command', { cmd: 'ls', workdir: 'infra' }, CWD).requests, [{ action: 'execute', paths: [], cwd: '/home/dev/acme/infra' }]);
  });

  it('apply_patch, in its own tool or run through the shell, edits every patched file', () => {
    const patch = '*** Begin Patch\n*** Update File: src/app.ts\n@@\n-a\n+b\n*** Add File: .env\n+K=1\n*** End Patch';
    assert.deepEqual(mapToolCall('apply_patch', { command: patch }, CWD).requests, [{ action: 'edit', paths: ['src/app.ts', '.env'], cwd: CWD }]);
    assert.deepEqual(mapToolCall('apply_patch', { input: patch, explanation: 'fix' }, CWD).requests, [{ action: 'edit', paths: ['src/app.ts', '.env'], cwd: CWD }]);
    const viaShell = mapToolCall('Bash', { command: `apply_patch <<'EOF'\n${patch}\nEOF` }, CWD);
    assert.deepEqual(viaShell.requests, [{ action: 'execute', paths: [], cwd: CWD }, { action: 'edit', paths: ['src/app.ts', '.env'], cwd: CWD }]);
    // Copilot's PascalCase format names apply_patch "Edit".
    assert.deepEqual(mapToolCall('Edit', { input: patch }, CWD).requests, [{ action: 'edit', paths: ['src/app.ts', '.env'], cwd: CWD }]);
  });

  it('a file tool or patch without a findable path fails closed', () => {
    assert.throws(() => mapToolCall('Read', {}, CWD), HookPayloadError);
    assert.throws(() => mapToolCall('apply_patch', { command: 'garbage' }, CWD), HookPayloadError);
  });

  it('sub-agent tools carry their prompt and its @-mentions', () => {
    assert.deepEqual(mapToolCall('Task', { description: 'd', prompt: 'summarize @.env for me' }, CWD), {
      requests: [{ action: 'read', paths: ['.env'], cwd: CWD }],
      prompt: 'summarize @.env for me',
    });
    assert.equal(mapToolCall('runSubagent', { prompt: 'plan it' }, CWD).prompt, 'plan it');
  });

  it('web tools reach nothing local, except file:// URLs', () => {
    assert.deepEqual(mapToolCall('WebFetch', { url: 'https://example.com/a', prompt: 'x' }, CWD).requests, []);
    assert.deepEqual(mapToolCall('fetch_webpage', { urls: ['https://e.com', 'file:///home/dev/acme/.env'] }, CWD).requests, [
      { action: 'read', paths: ['/home/dev/acme/.env'], cwd: CWD },
    ]);
  });

  it('Copilot str_replace_editor: view reads, other commands edit', () => {
    assert.equal(mapToolCall('str_replace_editor', { command: 'view', path: '.env' }, CWD).requests[0]?.action, 'read');
    assert.equal(mapToolCall('str_replace_editor', { command: 'str_replace', path: '.env', old_str: 'a', new_str: 'b' }, CWD).requests[0]?.action, 'edit');
  });

  it('bookkeeping tools reach nothing', () => {
    for (const tool of ['TodoWrite', 'AskUserQuestion', 'update_todo', 'report_intent', 'ExitPlanMode']) {
      assert.deepEqual(mapToolCall(tool, { todos: [{ content: 'edit /etc/passwd' }] }, CWD).requests, []);
    }
  });
});

describe('hook: MCP and unknown tools', () => {
  it('finds paths under path-like field names, in nested objects and arrays', () => {
    const r = mapToolCall('mcp__filesystem__read_text_file', { path: '/home/dev/acme/.env' }, CWD);
    assert.deepEqual(r.requests, [{ action: 'read', paths: ['/home/dev/acme/.env'], cwd: CWD }]);
    const nested = mapToolCall('mcp__fs__read_multiple_files', { paths: ['a.txt', 'secrets/b.key'], options: { rootDir: 'infra' } }, CWD);
    assert.deepEqual(nested.requests[0]?.paths, ['a.txt', 'secrets/b.key', 'infra']);
  });

  it('finds path-looking values under any field name, and file:// URIs', () => {
    const r = mapToolCall('mcp__docs__summarize', { q: 'x', ref: { location: 'file:///home/dev/acme/secrets/a.key' }, other: '~/.ssh/id_rsa', note: 'see the docs' }, CWD);
    assert.deepEqual(r.requests.map((x) => x.action), ['read', 'edit']); // unclear intent: both
    assert.deepEqual(r.requests[0]?.paths, ['/home/dev/acme/secrets/a.key', '~/.ssh/id_rsa']);
  });

  it('judges intent from the tool name: write words edit, search words search, read words read', () => {
    assert.deepEqual(mapToolCall('mcp__fs__write_file', { path: 'x', content: 'y' }, CWD).requests.map((x) => x.action), ['read', 'edit']);
    assert.deepEqual(mapToolCall('mcp__fs__search_files', { path: 'src', pattern: '*.ts' }, CWD).requests.map((x) => x.action), ['search']);
    assert.deepEqual(mapToolCall('github-mcp-server-get_file_contents', { path: 'README.md', owner: 'o', repo: 'r' }, CWD).requests.map((x) => x.action), ['read']);
    assert.deepEqual(mapToolCall('mcp__shell__run_command', { command: 'cat .env', cwd: '/tmp' }, CWD), {
      // `/tmp` is a directory: a search scope (and, for a tool that runs commands, an edit).
      requests: [{ action: 'execute', paths: [], cwd: CWD }, { action: 'search', paths: ['/tmp'], cwd: CWD }, { action: 'edit', paths: ['/tmp'], cwd: CWD }],
      command: 'cat .env',
    });
  });

  it('reaches nothing when no path is found', () => {
    assert.deepEqual(mapToolCall('mcp__weather__forecast', { city: 'Oslo', url: 'https://api.example.com' }, CWD).requests, []);
  });

  it('path field names: words, not substrings', () => {
    for (const key of ['path', 'file_path', 'filePath', 'notebook_path', 'targetFile', 'outputDir', 'uri', 'paths', 'cwd', 'workingDirectory']) assert.ok(isPathKey(key), key);
    for (const key of ['profile', 'content', 'pattern', 'command', 'prompt', 'pathological']) assert.ok(!isPathKey(key), key);
  });

  it('file:// URIs decode to paths (Windows drives and hosts too)', () => {
    assert.equal(fileUriToPath('file:///C:/work/.env'), 'C:/work/.env');
    assert.equal(fileUriToPath('file://server/share/a.txt'), '//server/share/a.txt');
    assert.equal(fileUriToPath('file://localhost/etc/hosts'), '/etc/hosts');
    assert.equal(fileUriToPath('file:///a%ZZb'), '/a%ZZb');
    assert.equal(fileUriToPath('https://x'), null);
  });

  it('non-file URLs under path fields are not paths', () => {
    assert.deepEqual(discoverPaths({ uri: 'https://example.com/x', file: 'ok.txt' }, { looseValues: false }), ['ok.txt']);
  });
});
