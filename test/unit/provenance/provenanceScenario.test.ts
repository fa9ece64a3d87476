// The retention measurement: AI edits, human edits, a rebase onto an upstream that inserted and
// deleted lines above, a merge and a squash, in a real git repository. Every line is unique, so
// the script knows the truth by content: a line is the AI's if its text is one the AI wrote.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyAnnotations, recordAiEdit } from '../../../src/core/provenance/annotationOps';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import type { AiOrigin } from '../../../src/core/provenance/annotationTypes';
import { locateReplacement, rangesFromEdit } from '../../../src/core/provenance/captureRanges';
import { splitLines } from '../../../src/core/provenance/contentHash';
import { gitBlobReader } from '../../../src/core/provenance/gitBlobs';
import { reanchor } from '../../../src/core/provenance/reanchor';
import { git, initRepo } from './provenanceTestKit';

interface StepFigures {
  step: string;
  aiLines: number;
  kept: number;
  wrong: number;
}

describe('provenance/scenario (retention through rebase, merge, squash)', () => {
  it('keeps >= 99% of surviving AI lines tagged and never tags a human line', () => {
    const repo = initRepo('airlock-scenario-');
    const store = new AnnotationStore(repo);
    const readBlob = gitBlobReader(repo);
    const aiText = new Set<string>();
    const figures: StepFigures[] = [];
    const file = (rel: string): string => path.join(repo, rel);
    const read = (rel: string): string => fs.readFileSync(file(rel), 'utf8');
    const write = (rel: string, lines: string[]): void => {
      fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
      fs.writeFileSync(file(rel), lines.join('\n') + '\n');
    };
    const commit = (message: string): void => {
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', message);
    };
    const aiLines = (tag: string, n: number): string[] => {
      const out = Array.from({ length: n }, (_, k) => `  const ${tag}_${k} = compute('${tag}', ${k});`);
      out.forEach((line) => aiText.add(line));
      return out;
    };
    const aiEdit = (rel: string, after: string[], origin: AiOrigin): void => {
      const before = fs.existsSync(file(rel)) ? read(rel) : '';
      write(rel, after);
      const afterText = read(rel);
      const existing = store.load(rel) ?? emptyAnnotations(rel);
      store.save(recordAiEdit(existing, { before, after: afterText, ranges: rangesFromEdit(before, afterText), origin }, readBlob));
    };
    /** What a checkout/rebase/merge leaves: re-anchor every annotated file against the disk. */
    const settle = (step: string): void => {
      let aiTotal = 0;
      let keptTotal = 0;
      let wrongTotal = 0;
      for (const rel of store.list()) {
        const current = read(rel);
        const annotations = store.load(rel);
        assert.ok(annotations, `${step}: ${rel} annotations load`);
        const result = reanchor(annotations, current, { readBlob });
        store.save(result.annotations);
        const lines = splitLines(current);
        const tagged = new Set<number>();
        for (const r of result.annotations.ranges) {
          for (let line = r.startLine; line <= r.endLine; line++) {
            tagged.add(line);
          }
        }
        lines.forEach((text, i) => {
          const isAi = aiText.has(text);
          aiTotal += isAi ? 1 : 0;
          keptTotal += isAi && tagged.has(i + 1) ? 1 : 0;
          wrongTotal += !isAi && tagged.has(i + 1) ? 1 : 0;
        });
      }
      assert.deepEqual(store.problems, [], `${step}: no store problems`);
      figures.push({ step, aiLines: aiTotal, kept: keptTotal, wrong: wrongTotal });
    };

    const claude: AiOrigin = { tool: 'claude-code', model: 'claude-opus-5-5', session: 'session-a', time: '2026-11-24T21:35:42.813Z' };
    const copilot: AiOrigin = { tool: 'copilot-cli', model: 'unknown', session: 'session-b', time: '2026-11-24T22:10:00.000Z' };
    let human = 0;
    const humanLines = (n: number): string[] => Array.from({ length: n }, () => `let human_${human++} = ${human};`);

    // Base: two human files.
    write('src/app.ts', humanLines(300));
    write('src/util.ts', humanLines(80));
    commit('base');
    git(repo, 'switch', '-q', '-c', 'feature');

    // 1. AI edits: a new block inside app.ts, a rewrite of five lines, a new file.
    let app = splitLines(read('src/app.ts'));
    app = [...app.slice(0, 120), ...aiLines('block', 40), ...app.slice(120, 200), ...aiLines('rewrite', 8), ...app.slice(205)];
    aiEdit('src/app.ts', app, claude);
    aiEdit('src/gen.ts', aiLines('gen', 25), claude);
    commit('ai edits');
    settle('1 AI edits');

    // 2. Human edits outside the editor: change two AI lines, insert lines inside the AI block,
    // delete one AI line.
    app = splitLines(read('src/app.ts'));
    const blockStart = app.indexOf("  const block_0 = compute('block', 0);");
    app[blockStart + 3] = '  const block_3 = compute("edited by a human");';
    app[blockStart + 10] = '  // human rewrote this line';
    app.splice(blockStart + 20, 0, ...humanLines(4));
    app.splice(blockStart + 30, 1);
    write('src/app.ts', app);
    commit('human edits');
    settle('2 human edits');

    // 3. A Copilot-style edit located by new_str, then a second AI session appending lines.
    const before = read('src/app.ts');
    const oldStr = splitLines(before)[270];
    const newStr = aiLines('copilot', 3).join('\n');
    fs.writeFileSync(file('src/app.ts'), before.replace(oldStr, newStr));
    const located = locateReplacement(read('src/app.ts'), oldStr, newStr);
    assert.equal(located.kind, 'found');
    const existing = store.load('src/app.ts') ?? emptyAnnotations('src/app.ts');
    store.save(recordAiEdit(existing, { before, after: read('src/app.ts'), ranges: located.kind === 'found' ? located.ranges : [], origin: copilot }, readBlob));
    aiEdit('src/app.ts', [...splitLines(read('src/app.ts')), ...aiLines('tail', 12)], copilot);
    commit('more ai');
    settle('3 second session');

    // 4. Upstream inserts and deletes lines above everything, then the feature is rebased on it.
    git(repo, 'switch', '-q', 'main');
    let upstream = splitLines(read('src/app.ts'));
    upstream = [...humanLines(15), ...upstream.slice(0, 5), ...upstream.slice(12, 60), ...upstream.slice(70)];
    write('src/app.ts', upstream);
    commit('upstream: header, removals');
    git(repo, 'switch', '-q', 'feature');
    git(repo, 'rebase', '-q', 'main');
    settle('4 rebase');
    commit('re-anchor after rebase');

    // 5. Merge a branch (from main) that edited human lines between the AI blocks of app.ts
    // and had an AI write into util.ts.
    git(repo, 'switch', '-q', '-c', 'other', 'main');
    let other = splitLines(read('src/app.ts'));
    other.splice(100, 2, 'let merged_change_1 = 1;', 'let merged_change_2 = 2;');
    write('src/app.ts', other);
    other = splitLines(read('src/util.ts'));
    aiEdit('src/util.ts', [...other.slice(0, 30), ...aiLines('util', 10), ...other.slice(30)], copilot);
    commit('other: human and AI work');
    git(repo, 'switch', '-q', 'feature');
    git(repo, '-c', 'core.editor=true', 'merge', '-q', '--no-ff', '--no-edit', 'other');
    settle('5 merge');
    commit('re-anchor after merge');

    // 6. Upstream moves on again, then the feature is squash-merged into main.
    git(repo, 'switch', '-q', 'main');
    upstream = splitLines(read('src/app.ts'));
    write('src/app.ts', [...humanLines(7), ...upstream.slice(3)]);
    commit('upstream: more header');
    git(repo, 'merge', '-q', '--squash', 'feature');
    commit('squash feature');
    settle('6 squash');

    // 7. An uncommitted AI file (its content never reached git) is rewritten by another tool:
    // no old text to diff against, so only the content hash can find the range.
    aiEdit('src/fresh.ts', aiLines('fresh', 6), claude);
    write('src/fresh.ts', ['// header added by a tool', ...splitLines(read('src/fresh.ts'))]);
    assert.equal(reanchor(store.load('src/fresh.ts') ?? emptyAnnotations('x'), read('src/fresh.ts'), { readBlob }).method, 'hash-only');
    settle('7 tool rewrite');

    for (const f of figures) {
      const share = f.aiLines === 0 ? 100 : (100 * f.kept) / f.aiLines;
      console.log(`      ${f.step.padEnd(18)} AI lines ${String(f.aiLines).padStart(4)}  tagged ${String(f.kept).padStart(4)} (${share.toFixed(1)}%)  wrongly tagged ${f.wrong}`);
    }
    for (const f of figures) {
      assert.equal(f.wrong, 0, `${f.step}: no human line tagged`);
      assert.ok(f.aiLines > 0 && f.kept / f.aiLines >= 0.99, `${f.step}: kept ${f.kept} of ${f.aiLines}`);
    }
  });
});
