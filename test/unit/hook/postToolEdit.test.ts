import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientId } from '../../../src/core/words/clientTypes';
import { parseHookEvent } from '../../../src/core/hook/parseHookEvent';
import { parsePostToolEdit } from '../../../src/core/hook/postToolEdit';
import type { PostToolEditFacts } from '../../../src/core/hook/postToolEditTypes';
import { FIXTURE_ROOTS, loadPayloadFixtures } from './hookFixtures';

const SESSIONS = FIXTURE_ROOTS[1] ?? '';
const ROOT = '/home/dev/acme';

function facts(folder: string, file: string, client: ClientId): PostToolEditFacts | null {
  const payload = JSON.parse(fs.readFileSync(path.join(SESSIONS, folder, file), 'utf8')) as unknown;
  return parsePostToolEdit(parseHookEvent(payload, client), payload);
}

function must(f: PostToolEditFacts | null): PostToolEditFacts {
  assert.ok(f, 'expected post-tool edit facts');
  return f;
}

describe('hook: parsePostToolEdit on real sessions', () => {
  const claude = 'claude-code-2.1.331';

  it('Claude Write: created, whole content, no original', () => {
    const f = must(facts(claude, '11-PostToolUse-Write-write-new.json', 'claude-code'));
    assert.equal(f.kind, 'write');
    assert.equal(f.success, true);
    assert.equal(f.toolUseId, 'toolu_fake_001');
    assert.equal(f.files.length, 1);
    assert.equal(f.files[0]?.path, `${ROOT}/src/new.ts`);
    assert.equal(f.files[0]?.created, true);
    assert.equal(f.files[0]?.originalContent, null);
    assert.match(f.files[0]?.content ?? '', /^import \{ config \}/);
  });

  it('Claude Edit: structuredPatch hunks, originalFile and the replacement', () => {
    const f = must(facts(claude, '14-PostToolUse-Edit-edit-app.json', 'claude-code'));
    const file = f.files[0];
    assert.equal(file?.path, `${ROOT}/src/app.ts`);
    assert.deepEqual(file?.hunks?.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines, h.lines.length]), [[2, 7, 2, 9, 10]]);
    assert.match(file?.originalContent ?? '', /console\.log\(greet\(name\)\);/);
    assert.deepEqual(file?.replacements, [{ oldText: '  console.log(greet(name));', newText: '  const message = greet(name);\n  console.log(message);\n  console.log(message.length);', replaceAll: false }]);
  });

  it('Claude Bash with bashEditDiff: the changed files and their hunks', () => {
    const gen = must(facts(claude, '23-PostToolUse-Bash-bash-create-gen.json', 'claude-code'));
    assert.equal(gen.kind, 'shell');
    assert.equal(gen.command, `printf 'export const generated = 1;\\nexport const by = "shell";\\n' > src/gen.ts`);
    assert.deepEqual(gen.files.map((x) => [x.path, x.created ?? false, x.hunks?.length]), [[`${ROOT}/src/gen.ts`, true, 1]]);
    const sed = must(facts(claude, '26-PostToolUse-Bash-bash-sed-util.json', 'claude-code'));
    assert.deepEqual(sed.files.map((x) => [x.path, x.created ?? false]), [[`${ROOT}/src/util.ts`, false]]);
  });

  it('Claude Bash without a diff, and a failed Bash: facts with no files (compare the tree)', () => {
    const sleep = must(facts(claude, '33-PostToolUse-Bash-bash-sleep.json', 'claude-code'));
    assert.deepEqual(sleep.files, []);
    assert.equal(sleep.success, true);
    const failed = must(facts(claude, '29-PostToolUseFailure-Bash-bash-write-then-fail.json', 'claude-code'));
    assert.equal(failed.success, false);
    assert.equal(failed.error, 'Exit code 3');
    assert.deepEqual(failed.files, []);
  });

  it('reads and batches are not edits', () => {
    assert.equal(facts(claude, '06-PostToolUse-Read-read-util.json', 'claude-code'), null);
    assert.equal(facts(claude, '09-PostToolBatch.json', 'claude-code'), null);
    assert.equal(facts(claude, '13-PreToolUse-Edit-edit-app.json', 'claude-code'), null);
  });

  for (const [folder, client] of [['copilot-cli-1.0.102-camelCase', 'copilot-cli'], ['copilot-cli-1.0.102-PascalCase', 'copilot-cli-vscode']] as const) {
    const pre = client === 'copilot-cli' ? 'postToolUse' : 'PostToolUse';
    const create = client === 'copilot-cli' ? `04-${pre}-create-create-new.json` : `04-${pre}-Write-create-new.json`;
    const tool = client === 'copilot-cli' ? 'edit' : 'Edit';
    const bash = client === 'copilot-cli' ? 'bash' : 'Bash';

    it(`${client}: create gives the file_text; edits give old_str/new_str`, () => {
      const c = must(facts(folder, create, client));
      assert.equal(c.kind, 'write');
      assert.equal(c.files[0]?.path, `${ROOT}/src/new.ts`);
      assert.match(c.files[0]?.content ?? '', /^import \{ config \}/);
      const e1 = must(facts(folder, `09-${pre}-${tool}-parallel-edit-config-1.json`, client));
      const e2 = must(facts(folder, `10-${pre}-${tool}-parallel-edit-config-2.json`, client));
      assert.deepEqual(e1.files[0]?.replacements, [{ oldText: '  port: 3000,', newText: '  port: 8080,' }]);
      assert.deepEqual(e2.files[0]?.replacements, [{ oldText: '  debug: false,', newText: '  debug: true,' }]);
    });

    it(`${client}: shell success is as reported, with the exit code from the result text`, () => {
      const f = must(facts(folder, `16-${pre}-${bash}-bash-write-then-fail.json`, client));
      assert.equal(f.success, true); // Copilot reports success even though the command failed
      assert.equal(f.shellExitCode, 3);
      assert.deepEqual(f.files, []);
    });

    it(`${client}: a failed edit`, () => {
      const failure = client === 'copilot-cli' ? '18-postToolUseFailure-edit-edit-fails.json' : '18-PostToolUseFailure-Edit-edit-fails.json';
      const f = must(facts(folder, failure, client));
      assert.equal(f.success, false);
      assert.equal(f.error, 'No match found');
      assert.equal(f.files[0]?.path, `${ROOT}/src/app.ts`);
    });
  }

  it('every post-tool fixture of a file-changing tool yields facts with a path or a shell command', () => {
    const { payloads } = loadPayloadFixtures();
    let seen = 0;
    for (const fx of payloads) {
      const ev = parseHookEvent(fx.payload, fx.client);
      const f = parsePostToolEdit(ev, fx.payload);
      if (ev.event !== 'post-tool' && ev.event !== 'post-tool-failure') {
        assert.equal(f, null, fx.file);
        continue;
      }
      if (f === null) continue;
      seen++;
      assert.ok(f.kind === 'shell' ? (f.command ?? '') !== '' : f.files.length > 0, fx.file);
    }
    assert.ok(seen >= 20, `only ${seen} post-tool edit fixtures`);
  });
});

describe('hook: parsePostToolEdit for Codex apply_patch and opencode', () => {
  it('Codex apply_patch: the patch text and its files', () => {
    const patch = '*** Begin Patch\n*** Update File: src/app.ts\n@@\n-a\n+b\n*** Add File: src/new.ts\n+x\n*** End Patch';
    const payload = { session_id: 's', turn_id: 't', transcript_path: null, cwd: ROOT, hook_event_name: 'PostToolUse', model: 'gpt-5.4', permission_mode: 'default', tool_name: 'apply_patch', tool_input: { command: patch }, tool_response: 'Success. Updated the following files:\nM src/app.ts\nA src/new.ts', tool_use_id: 'call_9' };
    const f = must(parsePostToolEdit(parseHookEvent(payload, 'codex'), payload));
    assert.equal(f.kind, 'patch');
    assert.equal(f.patchText, patch);
    assert.deepEqual(f.files.map((x) => [x.path, x.created ?? false, x.patchBody]), [['src/app.ts', false, '@@\n-a\n+b'], ['src/new.ts', true, '+x']]);
  });

  it('opencode tool.execute.after from the generated plugin: args and metadata', () => {
    const payload = {
      event: 'tool.execute.after',
      directory: ROOT,
      input: { tool: 'edit', sessionID: 'ses_1', callID: 'c1', args: { filePath: `${ROOT}/src/app.ts`, oldString: 'a', newString: 'b' } },
      output: { title: 'src/app.ts', metadata: { diff: '--- a\n+++ b\n' } },
    };
    const f = must(parsePostToolEdit(parseHookEvent(payload, 'opencode'), payload));
    assert.equal(f.toolUseId, 'c1');
    assert.equal(f.files[0]?.path, `${ROOT}/src/app.ts`);
    assert.deepEqual(f.files[0]?.replacements, [{ oldText: 'a', newText: 'b' }]);
    assert.deepEqual(f.metadata, { diff: '--- a\n+++ b\n' });
  });
});
