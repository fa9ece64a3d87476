import * as assert from 'node:assert/strict';
import { extractPromptMentions } from '../../../src/core/hook/promptMentions';

describe('hook: extractPromptMentions', () => {
  it('finds plain, nested, dot-relative and parent mentions', () => {
    assert.deepEqual(extractPromptMentions('Summarize @.env and @secrets/api.key please'), ['.env', 'secrets/api.key']);
    assert.deepEqual(extractPromptMentions('look at @src/auth/x.ts, then @./x and @../other/y.ts'), ['src/auth/x.ts', './x', '../other/y.ts']);
    assert.deepEqual(extractPromptMentions('@/etc/passwd at the start'), ['/etc/passwd']);
  });

  it('reads quoted paths and escaped spaces', () => {
    assert.deepEqual(extractPromptMentions('open @"docs/my notes.md" and @\'infra/prod/main file.tf\''), ['docs/my notes.md', 'infra/prod/main file.tf']);
    assert.deepEqual(extractPromptMentions('see @docs/my\\ notes.md now'), ['docs/my notes.md']);
  });

  it('drops sentence punctuation and line ranges but keeps dots that belong to the path', () => {
    assert.deepEqual(extractPromptMentions('Check @config/.env.local. Then (@src/a.ts) and @b.ts: done'), ['config/.env.local', 'src/a.ts', 'b.ts']);
    assert.deepEqual(extractPromptMentions('lines @src/app.ts#L10-20 and @x.py#5'), ['src/app.ts', 'x.py']);
    assert.deepEqual(extractPromptMentions('the folder @.'), ['.']);
  });

  it('ignores e-mail addresses, package versions and MCP resources', () => {
    assert.deepEqual(extractPromptMentions('mail alice@example.com or run npm i left-pad@1.3.0'), []);
    assert.deepEqual(extractPromptMentions('read @github:repos/acme/issues please'), []);
    assert.deepEqual(extractPromptMentions('a lone @ sign, and @@double'), []);
  });

  it('keeps Windows drive paths and returns each path once', () => {
    assert.deepEqual(extractPromptMentions('@C:\\work\\.env and again @C:\\work\\.env'), ['C:\\work\\.env']);
  });

  it("reads VS Code's #file: references", () => {
    assert.deepEqual(extractPromptMentions('explain #file:src/auth/x.ts and #file:"docs/a b.md", not #fileX'), ['src/auth/x.ts', 'docs/a b.md']);
  });

  it('finds mentions after newlines and brackets', () => {
    assert.deepEqual(extractPromptMentions('first line\n@secrets/a.key\n[@b.txt]'), ['secrets/a.key', 'b.txt']);
  });

  it('finds mentions inside quotes and backticks, without the quote (a quoted mention is judged, never missed)', () => {
    assert.deepEqual(extractPromptMentions('read "#file:.env" then `#file:secrets/a.key` and #file:`config/.env.local`'), ['.env', 'secrets/a.key', 'config/.env.local']);
    assert.deepEqual(extractPromptMentions("look at '@.env' and `@server.pem`"), ['.env', 'server.pem']);
  });

  it('still ignores @ inside a quoted word (e-mail, package version)', () => {
    assert.deepEqual(extractPromptMentions('"mail ops@example.com" `npm i left-pad@1.3.0`'), []);
  });
});
