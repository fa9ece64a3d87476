// Provenance capture benchmark: the PostToolUse capture path for a realistic Claude Code Edit
// (snapshot at the pre hook + annotation at the post hook, store with existing annotations,
// model read from a 2 MB transcript), beside the PreToolUse answer of the same run.
// Both run the built CLI (`node dist/cli.js hook`) as an assistant does: wall time per call,
// process start-up included, interleaved in one run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';

const CLI = path.join(__dirname, '../../dist/cli.js');

function hookWallMs(cwd: string, stdin: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, 'hook', '--client', 'claude-code'], { cwd, input: stdin });
  if (r.status !== 0) throw new Error(`airlock hook exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function workspace(): { root: string; file: string; transcript: string } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-capture-bench-')));
  const file = path.join(root, 'src/app.ts');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
  fs.writeFileSync(path.join(root, '.airlock/policy.json'), '{ "version": 1, "rules": [{ "paths": ["**/.env"], "class": "secret" }] }');
  const lines = Array.from({ length: 400 }, (_, k) => `export const value${k} = ${k};`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  execFileSync('git', ['init', '-q'], { cwd: root });
  const transcript = path.join(root, 'transcript.jsonl');
  const filler = JSON.stringify({ type: 'user', message: { role: 'user', content: 'x'.repeat(2000) } });
  fs.writeFileSync(transcript, Array.from({ length: 1000 }, () => filler).join('\n') + '\n');
  return { root, file, transcript };
}

export async function runCaptureBench(): Promise<Record<string, number>> {
  const { root, file, transcript } = workspace();
  const base = { session_id: 'bench', transcript_path: transcript, cwd: root, tool_name: 'Edit' };
  const preTimes: number[] = [];
  const postTimes: number[] = [];
  const rounds = 40;
  for (let n = 0; n < rounds; n++) {
    const id = `toolu_bench_${n}`;
    const original = fs.readFileSync(file, 'utf8');
    const line = 10 + ((n * 7) % 300);
    const oldString = `export const value${line} = ${line};`;
    const newString = `export const value${line} = ${line}; // ${n}\nexport const extra${n} = ${n};`;
    const input = { file_path: file, old_string: oldString, new_string: newString, replace_all: false };
    const pre = { ...base, hook_event_name: 'PreToolUse', tool_input: input, tool_use_id: id };

    preTimes.push(hookWallMs(root, JSON.stringify(pre)));

    const updated = original.replace(oldString, newString);
    fs.writeFileSync(file, updated);
    fs.appendFileSync(transcript, JSON.stringify({ type: 'assistant', message: { model: 'claude-opus-5-5', content: [{ type: 'tool_use', id, name: 'Edit', input }] } }) + '\n');
    const at = original.split('\n').indexOf(oldString) + 1;
    const post = {
      ...base,
      hook_event_name: 'PostToolUse',
      tool_input: input,
      tool_use_id: id,
      tool_response: { filePath: file, oldString, newString, originalFile: original, structuredPatch: [{ oldStart: at, oldLines: 1, newStart: at, newLines: 2, lines: [`-${oldString}`, ...newString.split('\n').map((l) => `+${l}`)] }] },
    };
    postTimes.push(hookWallMs(root, JSON.stringify(post)));
  }
  // The first rounds warm the module caches.
  const pre = median(preTimes.slice(5));
  const post = median(postTimes.slice(5));
  const ratio = post / pre;
  console.log(`capture: PostToolUse capture of a Claude Edit (airlock hook): median ${post.toFixed(2)} ms`);
  console.log(`capture: PreToolUse answer of the same run (airlock hook):     median ${pre.toFixed(2)} ms`);
  console.log(`capture: post/pre ratio ${ratio.toFixed(2)}x (target <= 1.2x)`);
  fs.rmSync(root, { recursive: true, force: true });
  return { capturePostMedianMs: post, capturePreMedianMs: pre, capturePostToPreRatio: ratio };
}

if (require.main === module) {
  void runCaptureBench();
}
