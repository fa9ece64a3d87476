// Capture against every recorded real session: the annotations must be exactly the lines that
// the session's workspace-after.diff shows as written by the assistant, with the right model.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePatch } from 'diff';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { rangesFromStructuredPatch } from '../../../src/core/provenance/captureRanges';
import { fileHashOf } from '../../../src/core/provenance/contentHash';
import { replaySession, SESSIONS } from './captureKit';
import { FIXTURES, git } from './provenanceTestKit';

function linesOf(ranges: ReadonlyArray<{ startLine: number; endLine: number }>): number[] {
  return ranges.flatMap((r) => Array.from({ length: r.endLine - r.startLine + 1 }, (_, k) => r.startLine + k));
}

/** File → AI-written line numbers, from a unified diff (the `+` lines). */
function addedLines(diffText: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const file of parsePatch(diffText)) {
    const name = (file.newFileName ?? '').replace(/^b\//, '');
    out.set(name, linesOf(rangesFromStructuredPatch(file.hunks)));
  }
  return out;
}

function annotatedLines(root: string): Map<string, number[]> {
  const store = new AnnotationStore(root);
  return new Map(store.list().map((file) => [file, linesOf(store.load(file)?.ranges ?? [])]));
}

describe('provenance capture: recorded sessions', () => {
  assert.ok(SESSIONS.length >= 3, 'edit-session fixtures present');
  for (const session of SESSIONS) {
    describe(session, () => {
      it('annotates exactly the lines workspace-after.diff shows as AI-written, with the model', async () => {
        const { root, results } = await replaySession(session);
        const expected = addedLines(fs.readFileSync(path.join(FIXTURES, session, 'workspace-after.diff'), 'utf8'));
        // The replay really produced the recorded workspace.
        git(root, 'add', '-N', 'src');
        assert.deepEqual(addedLines(git(root, 'diff', '--', 'src') + '\n'), expected);
        // Blank lines say nothing and are never attributed: the AI's lines are the non-blank `+` lines.
        const nonBlank = new Map([...expected].map(([file, lines]) => {
          const text = fs.readFileSync(path.join(root, file), 'utf8').split(/\r?\n/);
          return [file, lines.filter((l) => text[l - 1].trim() !== '')];
        }));
        assert.deepEqual(annotatedLines(root), nonBlank);

        const model = session.startsWith('claude') ? 'claude-opus-5-5' : 'claude-sonnet-4.5';
        const store = new AnnotationStore(root);
        for (const file of store.list()) {
          const annotations = store.load(file);
          assert.ok(annotations);
          assert.equal(annotations.fileHash, fileHashOf(fs.readFileSync(path.join(root, file), 'utf8')), `${file} store describes the disk`);
          for (const r of annotations.ranges) {
            assert.equal(r.model, model, `${file}:${r.startLine} model`);
            assert.equal(r.state, 'ai');
            assert.ok(r.session.length > 8);
            assert.ok(r.tool === 'claude-code' || r.tool.startsWith('copilot-cli'), r.tool);
          }
        }
        assert.ok(results.every((r) => r.result.status !== 'error'), JSON.stringify(results.filter((r) => r.result.status === 'error').map((r) => r.result.notes)));
        // Every snapshot was used or cleaned up; the pending-model list was settled.
        const cache = path.join(root, '.airlock/cache/provenance');
        assert.deepEqual(fs.readdirSync(cache).filter((n) => n.startsWith('pending-')), []);
        assert.equal(fs.readFileSync(path.join(root, '.airlock/cache/.gitignore'), 'utf8').includes('*'), true);
        assert.ok(!git(root, 'status', '--porcelain').includes('.airlock/cache'), 'cache is git-ignored');
      });
    });
  }

  it('Claude Code: a model missing from the transcript at post time is unknown, then settled at Stop', async () => {
    const { root, results } = await replaySession('claude-code-2.1.331', { transcriptBeforePost: false });
    const edit = results.find((r) => r.step.startsWith('14-'));
    assert.equal(edit?.result.files[0]?.model, 'unknown');
    const stop = results.find((r) => r.step.startsWith('35-'));
    assert.equal(stop?.result.status, 'settled');
    assert.ok((stop?.result.settledRanges ?? 0) >= 6);
    const store = new AnnotationStore(root);
    for (const file of store.list()) for (const r of store.load(file)?.ranges ?? []) assert.equal(r.model, 'claude-opus-5-5');
  });

  it('Copilot CLI: without an events file the model stays unknown (never invented)', async () => {
    const { root } = await replaySession('copilot-cli-1.0.102-camelCase', { transcriptBeforeStop: false });
    const store = new AnnotationStore(root);
    const models = new Set(store.list().flatMap((f) => (store.load(f)?.ranges ?? []).map((r) => r.model)));
    assert.deepEqual([...models], ['unknown']);
    assert.equal(fs.readdirSync(path.join(root, '.airlock/cache/provenance')).filter((n) => n.startsWith('pending-')).length, 1);
  });

  it('the two parallel Copilot edits of one file are attributed by their own text, not the disk diff', async () => {
    const { results } = await replaySession('copilot-cli-1.0.102-PascalCase');
    const first = results.find((r) => r.step.startsWith('09-'));
    const second = results.find((r) => r.step.startsWith('10-'));
    assert.deepEqual(first?.result.files.map((f) => [f.file, f.ranges]), [['src/config.ts', [{ startLine: 2, endLine: 2 }]]]);
    assert.deepEqual(second?.result.files.map((f) => [f.file, f.ranges]), [['src/config.ts', [{ startLine: 4, endLine: 4 }]]]);
  });

  it('a failed edit is not attributed', async () => {
    const { results } = await replaySession('copilot-cli-1.0.102-camelCase');
    const failed = results.find((r) => r.step.startsWith('18-'));
    assert.equal(failed?.result.status, 'captured');
    assert.deepEqual(failed?.result.files, []);
    assert.match(failed?.result.notes.join(' ') ?? '', /failed/);
  });
});
