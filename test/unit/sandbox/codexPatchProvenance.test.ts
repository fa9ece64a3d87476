// Codex 0.169.0 sends no PostToolUse for an `apply_patch` call (the real events are the fixtures
// used here): the session's next hook event records the patch's lines instead. Real built CLI,
// real git workspace; the patch is applied between the events as Codex applies it, by itself.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { runCli } from '../../helpers/builtCli';
import { outcome } from '../../helpers/hookAnswers';
import { sandboxSuite } from '../../helpers/sandboxWorkspace';

const FIXTURES = path.resolve(__dirname, '../../fixtures/hook-events/codex-0.169.0');
const BEFORE = "// ALLOWED_MARKER\nexport const greeting = 'hello';\n";
const PATCHED = "// ALLOWED_MARKER\nexport const greeting = 'hello, e2e';\n";

/** A captured Codex event with the fixture workspace moved to `ws` (and, optionally, fields changed). */
function event(ws: string, file: string, change: Record<string, unknown> = {}): string {
  const text = readFileSync(path.join(FIXTURES, file), 'utf8').split('/home/dev/acme').join(ws);
  return JSON.stringify({ ...(JSON.parse(text) as object), ...change });
}

function hook(ws: string, input: string): ReturnType<typeof runCli> {
  const r = runCli(['hook', '--client', 'codex'], { cwd: ws, input });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r;
}

const PRE_PATCH = 'PreToolUse-Bash-apply-patch-edit-app.json';
const PRE_NEXT = 'PreToolUse-Bash-after-apply-patch-git-status.json';
const POST_NEXT = 'PostToolUse-Bash-after-apply-patch-git-status.json';
const STOP = 'Stop-after-apply-patch.json';

function recordCount(ws: string): number {
  const dir = path.join(ws, '.airlock/provenance/records/src/app.ts');
  return existsSync(dir) ? readdirSync(dir).length : 0;
}

function aiLines(ws: string): number[][] | undefined {
  return new AnnotationStore(ws).load('src/app.ts')?.ranges.map((r) => [r.startLine, r.endLine]);
}

function kept(ws: string): string[] {
  const dir = path.join(ws, '.airlock/cache/provenance');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('unanswered-')) : [];
}

describe("Codex apply_patch: provenance without a PostToolUse (Codex 0.169.0 sends none)", function () {
  const template = sandboxSuite(this, 300_000);

  function workspace(): string {
    const ws = template.fresh();
    writeFileSync(path.join(ws, 'src/app.ts'), BEFORE);
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qam', 'app'], { cwd: ws });
    return ws;
  }

  it("the session's next tool call records the patch's line as Codex's, with its model, and only once", () => {
    const ws = workspace();
    const pre = hook(ws, event(ws, PRE_PATCH));
    assert.equal(outcome('codex', pre), 'proceed', pre.stdout);
    assert.equal(kept(ws).length, 1, 'the unanswered call is kept');
    assert.equal(recordCount(ws), 0, 'nothing is recorded before Codex applies the patch');
    writeFileSync(path.join(ws, 'src/app.ts'), PATCHED);

    hook(ws, event(ws, PRE_NEXT));
    assert.deepEqual(aiLines(ws), [[2, 2]]);
    const store = new AnnotationStore(ws).load('src/app.ts');
    assert.equal(store?.ranges[0]?.tool, 'codex');
    assert.equal(store?.ranges[0]?.model, 'fake-model');
    assert.deepEqual(kept(ws), [], 'taken once');

    hook(ws, event(ws, POST_NEXT));
    hook(ws, event(ws, STOP));
    assert.equal(recordCount(ws), 1, 'the later events add no second record');
  });

  it('a patch that was the last call is recorded at Stop', () => {
    const ws = workspace();
    hook(ws, event(ws, PRE_PATCH));
    writeFileSync(path.join(ws, 'src/app.ts'), PATCHED);
    hook(ws, event(ws, STOP));
    assert.deepEqual(aiLines(ws), [[2, 2]]);
  });

  it("a person's edit of the same file before the next event is not attributed to Codex", () => {
    const ws = workspace();
    hook(ws, event(ws, PRE_PATCH));
    // Codex's patch, then a person adds a line of their own before Codex calls anything else.
    writeFileSync(path.join(ws, 'src/app.ts'), `${PATCHED}export const mine = 'human';\n`);
    hook(ws, event(ws, STOP));
    assert.deepEqual(aiLines(ws), [[2, 2]], "only the patch's own line is Codex's");
  });

  it('a patch Codex did not apply (it failed) records nothing', () => {
    const ws = workspace();
    hook(ws, event(ws, PRE_PATCH));
    const stop = hook(ws, event(ws, STOP));
    assert.equal(recordCount(ws), 0);
    assert.match(stop.stderr, /src\/app\.ts: the new text is no longer in the file; not attributed/);
    assert.deepEqual(kept(ws), []);
  });

  it("another session's events do not take this session's patch", () => {
    const ws = workspace();
    hook(ws, event(ws, PRE_PATCH));
    writeFileSync(path.join(ws, 'src/app.ts'), PATCHED);
    hook(ws, event(ws, STOP, { session_id: 'another-session' }));
    assert.equal(recordCount(ws), 0);
    assert.equal(kept(ws).length, 1);
    hook(ws, event(ws, STOP));
    assert.deepEqual(aiLines(ws), [[2, 2]]);
  });

  it('a PostToolUse for the patch itself (a later Codex) is the one record: the kept call is dropped', () => {
    const ws = workspace();
    const pre = JSON.parse(event(ws, PRE_PATCH)) as Record<string, unknown>;
    hook(ws, JSON.stringify(pre));
    writeFileSync(path.join(ws, 'src/app.ts'), PATCHED);
    hook(ws, JSON.stringify({ ...pre, hook_event_name: 'PostToolUse', tool_response: 'Success. Updated the following files:\nM src/app.ts\n' }));
    assert.deepEqual(aiLines(ws), [[2, 2]]);
    assert.deepEqual(kept(ws), []);
    hook(ws, event(ws, STOP));
    assert.equal(recordCount(ws), 1);
  });

  it("a patch after `cd src &&` with a relative path lands on the file it names", () => {
    const ws = workspace();
    const pre = JSON.parse(event(ws, PRE_PATCH)) as { tool_input: { command: string } };
    const command = `cd src && ${pre.tool_input.command.replace(`${ws}/src/app.ts`, 'app.ts')}`;
    hook(ws, JSON.stringify({ ...pre, tool_input: { command } }));
    writeFileSync(path.join(ws, 'src/app.ts'), PATCHED);
    hook(ws, event(ws, STOP));
    assert.deepEqual(aiLines(ws), [[2, 2]]);
  });

  it('a denied apply_patch (a protected file) keeps nothing to replay', () => {
    const ws = workspace();
    const pre = JSON.parse(event(ws, PRE_PATCH)) as { tool_input: { command: string } };
    const command = pre.tool_input.command.replace(`${ws}/src/app.ts`, `${ws}/.env`);
    const r = runCli(['hook', '--client', 'codex'], { cwd: ws, input: JSON.stringify({ ...pre, tool_input: { command }, tool_use_id: 'call_env' }) });
    assert.equal(outcome('codex', r), 'deny', r.stdout);
    assert.deepEqual(kept(ws), []);
  });
});
