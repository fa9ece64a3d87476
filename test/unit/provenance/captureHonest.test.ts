// Honest capture through the real `airlock hook` command: a shell write approved after an `ask`
// is attributed; an AI-run formatter that only re-spaces or re-quotes human lines does not make
// them AI-written; binary files are never annotated.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { runAirlock } from '../../helpers/runCliInProcess';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { readAllRecords } from '../../../src/core/provenance/recordStore';
import { read, write } from './scenarioKit';
import { git, initRepo } from './provenanceTestKit';

const SESSION = '7ccd70a4-a16b-4ba1-aaa0-7719b2e647eb';

function repo(): string {
  const root = fs.realpathSync(initRepo('airlock-honest-'));
  write(root, '.airlock/policy.json', '{ "version": 1, "classes": { "gated": { "read": "allow", "edit": "ask", "risk": "medium" } }, "rules": [{ "paths": ["/src/cfg/"], "class": "gated" }] }\n');
  write(root, 'src/cfg/flags.ts', "export const flags = {\n  beta: false,\n  audit: true,\n};\n");
  write(root, 'src/human.ts', "export function add(a: number, b: number): number {\n    return a+b;\n}\nexport const name = \"human\";\n");
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  return root;
}

/** The Copilot CLI's shell tool: pre hook, the command really runs, post hook. */
async function copilotShell(root: string, command: string): Promise<string> {
  const base = { session_id: SESSION, timestamp: '2026-11-24T21:36:12.863Z', cwd: root, tool_name: 'Bash', tool_input: { command, description: 'run' } };
  const pre = await runAirlock(['hook'], { cwd: root, stdin: JSON.stringify({ hook_event_name: 'PreToolUse', ...base }) });
  execFileSync('bash', ['-c', command], { cwd: root });
  const post = await runAirlock(['hook'], { cwd: root, stdin: JSON.stringify({ hook_event_name: 'PostToolUse', ...base, tool_result: { result_type: 'success', text_result_for_llm: '\n<shellId: 1 completed with exit code 0>' } }) });
  assert.equal(post.code, 0, post.stderr);
  return pre.stdout;
}

describe('provenance/capture: honest attribution through airlock hook', () => {
  it('a shell write approved after an ask is attributed', async () => {
    const root = repo();
    const answer = await copilotShell(root, "sed -i 's/beta: false/beta: true/' src/cfg/flags.ts");
    assert.match(answer, /"ask"/, 'the hook asked');
    const ranges = new AnnotationStore(root).load('src/cfg/flags.ts')?.ranges ?? [];
    assert.deepEqual(ranges.map((r) => [r.startLine, r.endLine]), [[2, 2]]);
    assert.match(ranges[0].tool, /^copilot-cli/);
  });

  it('an AI-run formatter that only changes whitespace and quotes tags nothing; its real edits are tagged', async () => {
    const root = repo();
    await copilotShell(root, `sed -i -e 's/^    return a+b;/  return a + b;/' -e "s/\\"human\\"/'human'/" src/human.ts`);
    assert.equal(read(root, 'src/human.ts'), "export function add(a: number, b: number): number {\n  return a + b;\n}\nexport const name = 'human';\n");
    assert.equal(new AnnotationStore(root).load('src/human.ts'), undefined, 'no line became AI-written');
    await copilotShell(root, "sed -i \"s/'human'/'robot'/\" src/human.ts");
    assert.deepEqual(new AnnotationStore(root).load('src/human.ts')?.ranges.map((r) => [r.startLine, r.endLine]), [[4, 4]]);
  });

  it('binary files are not annotated', async () => {
    const root = repo();
    await copilotShell(root, "printf 'PNG\\000\\001\\002\\nmore\\n' > src/logo.bin && printf 'export const x = 1;\\n' > src/x.ts");
    const files = readAllRecords(root).records.map((r) => r.file);
    assert.deepEqual(files, ['src/x.ts']);
  });
});
