import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyPatch, parsePatch } from 'diff';
import type { PatchHunk } from '../../../src/core/hook/postToolEditTypes';
import { locateReplacement, rangesFromEdit, rangesFromStructuredPatch } from '../../../src/core/provenance/captureRanges';
import { FIXTURES, readFixture } from './provenanceTestKit';

interface ClaudePost {
  tool_input: Record<string, string>;
  tool_response: { originalFile?: string; structuredPatch?: PatchHunk[]; content?: string; bashEditDiff?: { files: { filePath: string; hunks: PatchHunk[] }[] } };
}

/** The workspace before the session, from Claude's Read results (line-numbered). */
function originals(): Record<string, string> {
  const results = readFixture('claude-code-2.1.331', 'tool-results.json') as { probe: string; content: string }[];
  const out: Record<string, string> = {};
  for (const probe of ['read-util', 'read-config', 'read-app']) {
    const content = results.find((r) => r.probe === probe)?.content ?? '';
    const text = content
      .split('\n')
      .map((line) => line.replace(/^\d+\t/, ''))
      .join('\n');
    // The Read output numbers an empty last line; the file ends with one newline.
    out[`src/${probe.slice(5)}.ts`] = text.replace(/\n$/, '');
  }
  return out;
}

/** The workspace after the session: originals with workspace-after.diff applied. */
function finals(client: string): { files: Record<string, string>; patches: ReturnType<typeof parsePatch> } {
  const diffText = fs.readFileSync(path.join(FIXTURES, client, 'workspace-after.diff'), 'utf8');
  const patches = parsePatch(diffText);
  const base = originals();
  const files: Record<string, string> = {};
  for (const patch of patches) {
    const name = (patch.newFileName ?? '').replace(/^b\//, '');
    const result = applyPatch(base[name] ?? '', patch);
    assert.ok(result !== false, `workspace-after.diff applies to ${name}`);
    files[name] = result;
  }
  return { files, patches };
}

describe('provenance/captureRanges', () => {
  const claude = (file: string): ClaudePost => readFixture('claude-code-2.1.331', file) as ClaudePost;

  it('reads the lines of a Claude Code Edit from its structuredPatch, matching the diff on disk', () => {
    const post = claude('14-PostToolUse-Edit-edit-app.json');
    const fromHook = rangesFromStructuredPatch(post.tool_response.structuredPatch ?? []);
    assert.deepEqual(fromHook, [{ startLine: 5, endLine: 7 }]);
    const { files, patches } = finals('claude-code-2.1.331');
    const appPatch = patches.find((p) => p.newFileName === 'b/src/app.ts');
    assert.deepEqual(rangesFromStructuredPatch(appPatch?.hunks ?? []), fromHook);
    assert.deepEqual(rangesFromEdit(post.tool_response.originalFile ?? '', files['src/app.ts']), fromHook);
  });

  it('reads two Claude Code Edits of one file in one turn, each against its own originalFile', () => {
    const first = claude('18-PostToolUse-Edit-parallel-edit-config-1.json');
    const second = claude('20-PostToolUse-Edit-parallel-edit-config-2.json');
    assert.deepEqual(rangesFromStructuredPatch(first.tool_response.structuredPatch ?? []), [{ startLine: 2, endLine: 2 }]);
    assert.deepEqual(rangesFromStructuredPatch(second.tool_response.structuredPatch ?? []), [{ startLine: 4, endLine: 4 }]);
    const { files } = finals('claude-code-2.1.331');
    assert.deepEqual(rangesFromEdit(originals()['src/config.ts'], files['src/config.ts']), [
      { startLine: 2, endLine: 2 },
      { startLine: 4, endLine: 4 },
    ]);
  });

  it('reads shell-made changes from bashEditDiff, including a created file', () => {
    const sed = claude('26-PostToolUse-Bash-bash-sed-util.json');
    assert.deepEqual(rangesFromStructuredPatch(sed.tool_response.bashEditDiff?.files[0].hunks ?? []), [{ startLine: 2, endLine: 2 }]);
    const gen = claude('23-PostToolUse-Bash-bash-create-gen.json');
    assert.deepEqual(rangesFromStructuredPatch(gen.tool_response.bashEditDiff?.files[0].hunks ?? []), [{ startLine: 1, endLine: 2 }]);
  });

  it('tags every line of a file the AI created', () => {
    const write = claude('11-PostToolUse-Write-write-new.json');
    assert.deepEqual(rangesFromEdit('', write.tool_response.content ?? ''), [{ startLine: 1, endLine: 5 }]);
    const { files } = finals('claude-code-2.1.331');
    assert.equal(files['src/new.ts'], write.tool_response.content);
  });

  for (const client of ['copilot-cli-1.0.102-PascalCase', 'copilot-cli-1.0.102-camelCase']) {
    it(`attributes ${client} edits by new_str on a disk that already holds the later edit`, () => {
      const { files } = finals(client);
      const dir = path.join(FIXTURES, client);
      const posts = fs
        .readdirSync(dir)
        .filter((name) => /^\d+-postToolUse-edit|^\d+-PostToolUse-Edit/.test(name))
        .map((name) => readFixture(client, name) as { tool_input?: Record<string, string>; toolArgs?: Record<string, string> });
      const located = posts.map((post) => {
        const args = post.tool_input ?? post.toolArgs ?? {};
        const file = args.path.replace('/home/dev/acme/', '');
        return [file, locateReplacement(files[file], args.old_str, args.new_str)];
      });
      assert.deepEqual(located, [
        ['src/app.ts', { kind: 'found', span: { startLine: 5, endLine: 7 }, ranges: [{ startLine: 5, endLine: 7 }] }],
        ['src/config.ts', { kind: 'found', span: { startLine: 2, endLine: 2 }, ranges: [{ startLine: 2, endLine: 2 }] }],
        ['src/config.ts', { kind: 'found', span: { startLine: 4, endLine: 4 }, ranges: [{ startLine: 4, endLine: 4 }] }],
      ]);
    });
  }

  it('does not guess when new_str occurs several times, unless the pre-hook file settles it', () => {
    const before = 'a();\nif (x) {\n  retry();\n}\nb();\nif (y) {\n  go();\n}\n';
    const after = 'a();\nif (x) {\n  retry();\n}\nb();\nif (y) {\n  retry();\n}\n';
    const result = locateReplacement(after, '  go();', '  retry();');
    assert.deepEqual(result, { kind: 'ambiguous', candidates: [{ startLine: 3, endLine: 3 }, { startLine: 7, endLine: 7 }] });
    assert.deepEqual(locateReplacement(after, '  go();', '  retry();', before), { kind: 'found', span: { startLine: 7, endLine: 7 }, ranges: [{ startLine: 7, endLine: 7 }] });
  });

  it('reports a fragment found on several lines as ambiguous, and absent or empty new_str as such', () => {
    const { files } = finals('copilot-cli-1.0.102-PascalCase');
    assert.deepEqual(locateReplacement(files['src/app.ts'], 'log', 'console.log'), {
      kind: 'ambiguous',
      candidates: [{ startLine: 6, endLine: 6 }, { startLine: 7, endLine: 7 }],
    });
    assert.deepEqual(locateReplacement(files['src/app.ts'], 'a', 'NOT THERE'), { kind: 'not-found' });
    assert.deepEqual(locateReplacement(files['src/app.ts'], 'a', ''), { kind: 'empty' });
  });

  it('does not attribute lines new_str only repeats from old_str', () => {
    const file = 'start\nfoo();\nbar();\nend\n';
    assert.deepEqual(locateReplacement(file, 'foo();', 'foo();\nbar();'), { kind: 'found', span: { startLine: 2, endLine: 3 }, ranges: [{ startLine: 3, endLine: 3 }] });
  });
});
