// Capture for shapes the recorded sessions do not cover: Codex apply_patch (with `model` in the
// payload), shell commands outside git, existing annotations carried over a new edit.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseHookEvent } from '../../../src/core/hook/parseHookEvent';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { captureAiEdit } from '../../../src/core/provenance/captureAiEdit';
import { makeWorkspace } from './captureKit';
import { tempDir } from './provenanceTestKit';

function lines(root: string, file: string): Array<[number, number, string]> {
  return (new AnnotationStore(root).load(file)?.ranges ?? []).map((r) => [r.startLine, r.endLine, r.model]);
}

describe('provenance capture: other clients and shapes', () => {
  it('Codex apply_patch: the + lines of each chunk, model from the payload', async () => {
    const root = makeWorkspace();
    const patch = "*** Begin Patch\n*** Update File: src/util.ts\n@@\n export function shout(s: string): string {\n-  return s.toUpperCase();\n+  const loud = s.toUpperCase();\n+  return loud + '!';\n }\n*** Add File: src/extra.ts\n+export const extra = 1;\n+export const more = 2;\n*** End Patch\n";
    const base = { session_id: 's-codex', cwd: root, tool_name: 'apply_patch', tool_input: { command: patch }, tool_use_id: 'call_1', model: 'gpt-6-codex', turn_id: 't1' };
    const pre = parseHookEvent({ ...base, hook_event_name: 'PreToolUse' }, 'codex');
    await captureAiEdit(root, pre);
    const util = path.join(root, 'src/util.ts');
    fs.writeFileSync(util, fs.readFileSync(util, 'utf8').replace('  return s.toUpperCase();', "  const loud = s.toUpperCase();\n  return loud + '!';"));
    fs.writeFileSync(path.join(root, 'src/extra.ts'), 'export const extra = 1;\nexport const more = 2;\n');
    const postPayload = { ...base, hook_event_name: 'PostToolUse', tool_response: 'Success' };
    const result = await captureAiEdit(root, parseHookEvent(postPayload, 'codex'));
    assert.equal(result.status, 'captured', result.notes.join('; '));
    assert.deepEqual(lines(root, 'src/util.ts'), [[6, 7, 'gpt-6-codex']]);
    assert.deepEqual(lines(root, 'src/extra.ts'), [[1, 2, 'gpt-6-codex']]);
  });

  it('a shell command outside git: the files it names, compared with the pre-hook snapshot', async () => {
    const root = fs.realpathSync(tempDir('airlock-nogit-'));
    fs.writeFileSync(path.join(root, 'notes.txt'), 'one\ntwo\n');
    const base = { session_id: 's1', cwd: root, tool_name: 'Bash', tool_input: { command: "printf 'three\\n' >> notes.txt" }, tool_use_id: 'toolu_1' };
    await captureAiEdit(root, parseHookEvent({ ...base, hook_event_name: 'PreToolUse' }, 'claude-code'));
    fs.appendFileSync(path.join(root, 'notes.txt'), 'three\n');
    const post = { ...base, hook_event_name: 'PostToolUse', tool_response: { stdout: '', stderr: '' } };
    const result = await captureAiEdit(root, parseHookEvent(post, 'claude-code'));
    assert.deepEqual(result.files.map((f) => [f.file, f.ranges, f.model]), [['notes.txt', [{ startLine: 3, endLine: 3 }], 'unknown']]);
  });

  it('a shell command without a pre-hook snapshot or client diff is not attributed', async () => {
    const root = makeWorkspace();
    fs.appendFileSync(path.join(root, 'src/app.ts'), '// human edit\n');
    const post = { session_id: 's1', cwd: root, tool_name: 'Bash', tool_input: { command: 'npm run gen' }, tool_use_id: 'toolu_2', hook_event_name: 'PostToolUse', tool_response: { stdout: '' } };
    const result = await captureAiEdit(root, parseHookEvent(post, 'claude-code'));
    assert.deepEqual(result.files, []);
    assert.match(result.notes.join(' '), /no pre-hook snapshot/);
    assert.deepEqual(new AnnotationStore(root).list(), []);
  });

  it('existing annotations follow a later edit above them', async () => {
    const root = makeWorkspace();
    const store = new AnnotationStore(root);
    const app = path.join(root, 'src/app.ts');
    const write = async (id: string, original: string, updated: string, hunks: unknown[]): Promise<void> => {
      fs.writeFileSync(app, updated);
      const payload = { session_id: 's', cwd: root, hook_event_name: 'PostToolUse', tool_name: 'Edit', tool_use_id: id, tool_input: { file_path: app }, tool_response: { filePath: app, originalFile: original, structuredPatch: hunks } };
      await captureAiEdit(root, parseHookEvent(payload, 'claude-code'), { transcriptRetries: 0 });
    };
    const v0 = fs.readFileSync(app, 'utf8');
    const v1 = v0.replace('main();\n', 'main();\nmain();\n');
    await write('t1', v0, v1, [{ oldStart: 9, oldLines: 1, newStart: 9, newLines: 2, lines: [' main();', '+main();'] }]);
    assert.deepEqual(lines(root, 'src/app.ts'), [[10, 10, 'unknown']]);
    const v2 = '// header\n' + v1;
    await write('t2', v1, v2, [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 2, lines: ['+// header', " import { greet } from './util';"] }]);
    assert.deepEqual(lines(root, 'src/app.ts'), [[1, 1, 'unknown'], [11, 11, 'unknown']]);
    assert.equal(store.load('src/app.ts')?.ranges.length, 2);
  });
});
