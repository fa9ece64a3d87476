// A shell call rewritten into `airlock exec` leaves `git status` for its provenance snapshot to
// that exec, which runs it just before the command starts: the hook answers without waiting for
// git, and the post hook still knows what every file held before. Real CLI, bubblewrap and git.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { runCli } from '../../helpers/builtCli';
import { rewrittenCommand } from '../../helpers/hookAnswers';
import { sandboxSuite } from '../../helpers/sandboxWorkspace';

const git = (ws: string, ...args: string[]): string => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], { cwd: ws, encoding: 'utf8' });

function claudeBash(ws: string, event: 'PreToolUse' | 'PostToolUse', command: string, id: string): string {
  return JSON.stringify({ session_id: 's-exec', transcript_path: path.join(ws, 'none.jsonl'), cwd: ws, hook_event_name: event, tool_name: 'Bash', tool_input: { command }, tool_use_id: id, ...(event === 'PostToolUse' ? { tool_response: { stdout: '', stderr: '', interrupted: false } } : {}) });
}

function cacheFiles(ws: string): string[] {
  return readdirSync(path.join(ws, '.airlock/cache/provenance'));
}

function snapshot(ws: string): { gitDirty?: string[]; files: Record<string, { content?: string }> } {
  const name = cacheFiles(ws).find((f) => f.startsWith('snap-')) as string;
  return JSON.parse(readFileSync(path.join(ws, '.airlock/cache/provenance', name), 'utf8')) as { gitDirty?: string[]; files: Record<string, { content?: string }> };
}

describe('a rewritten shell call: airlock exec completes the provenance snapshot', function () {
  const template = sandboxSuite(this, 300_000);

  it("attributes only the command's own lines to the AI, in a file a person had already changed and that the command line never names", () => {
    const ws = template.fresh();
    const settings = path.join(ws, '.claude/settings.json');
    writeFileSync(settings, JSON.stringify({ ...(JSON.parse(readFileSync(settings, 'utf8')) as object), sandbox: { enabled: false } }));
    writeFileSync(path.join(ws, 'src/tally.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(ws, 'gen.sh'), "printf 'export const ai = 3;\\n' >> src/tally.ts\n");
    git(ws, 'add', 'src/tally.ts', 'gen.sh');
    git(ws, 'commit', '-qm', 'tally');
    // A person's uncommitted change and a person's untracked file: the index knows neither.
    writeFileSync(path.join(ws, 'src/tally.ts'), 'export const a = 1;\nexport const human = 2;\n');
    writeFileSync(path.join(ws, 'notes.txt'), 'my own notes\n');

    const command = 'bash gen.sh';
    const pre = runCli(['hook', '--client', 'claude-code'], { cwd: ws, input: claudeBash(ws, 'PreToolUse', command, 'toolu_exec_1') });
    const v = rewrittenCommand('claude-code', pre);
    assert.equal(v.kind, 'rewrite', pre.stdout + pre.stderr);
    // The hook did not run git: its snapshot waits for the exec.
    assert.equal(snapshot(ws).gitDirty, undefined);
    assert.equal(cacheFiles(ws).filter((f) => f.startsWith('defer-')).length, 1);

    const ran = spawnSync('/bin/bash', ['-c', v.kind === 'rewrite' ? v.command : 'false'], { cwd: ws, encoding: 'utf8', env: { ...process.env } });
    assert.equal(ran.status, 0, ran.stderr);
    const before = snapshot(ws);
    assert.deepEqual([...(before.gitDirty ?? [])].sort(), ['.claude/settings.json', 'notes.txt', 'src/tally.ts']);
    assert.equal(before.files['src/tally.ts']?.content, 'export const a = 1;\nexport const human = 2;\n', 'the state before the command, not after it');
    assert.deepEqual(cacheFiles(ws).filter((f) => f.startsWith('defer-')), [], 'the mark is taken');

    const post = runCli(['hook', '--client', 'claude-code'], { cwd: ws, input: claudeBash(ws, 'PostToolUse', command, 'toolu_exec_1') });
    assert.equal(post.status, 0, post.stderr);
    const tally = new AnnotationStore(ws).load('src/tally.ts');
    assert.deepEqual(tally?.ranges.map((r) => [r.startLine, r.endLine]), [[3, 3]], 'the AI wrote line 3 only');
    assert.equal(new AnnotationStore(ws).load('notes.txt'), undefined, "the person's untracked file is not the AI's");
  });

  it('an exec nobody asked to snapshot runs no git and writes no snapshot', () => {
    const ws = template.fresh();
    const r = runCli(['exec', '--root', ws, '--', '/bin/bash', '-c', 'echo ok'], { cwd: ws, env: { ...process.env } });
    assert.equal(r.stdout, 'ok\n', r.stderr);
    let names: string[] = [];
    try {
      names = cacheFiles(ws);
    } catch {
      // no cache folder at all
    }
    assert.deepEqual(names.filter((f) => f.startsWith('snap-')), []);
  });
});
