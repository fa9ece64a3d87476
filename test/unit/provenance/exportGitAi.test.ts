// git-ai interop against the Git AI Standard v3.0.0's own examples (vendored in
// test/fixtures/interop/git-ai): notes Airlock writes, merging with a note git-ai wrote, and
// importing git-ai notes, in real repositories.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { agentOfKey, formatAuthorshipLog, gitAiSessionId, parseAuthorshipLog } from '../../../src/core/provenance/exportGitAi';
import { aiText, claudeEdit, copilotEdit, read, write } from './scenarioKit';
import { git, initRepo } from './provenanceTestKit';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'interop', 'git-ai');
const example = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

function commitAll(root: string, message: string): string {
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
  return git(root, 'rev-parse', 'HEAD');
}

function note(root: string, rev = 'HEAD'): ReturnType<typeof parseAuthorshipLog> & { text: string } {
  const text = git(root, 'notes', '--ref=ai', 'show', rev);
  return { ...parseAuthorshipLog(text), text };
}

describe('provenance/git-ai: authorship/3.0.0 notes', function () {
  this.timeout(60_000);

  it('reads the spec\'s three complete examples and writes them back byte for byte', () => {
    for (const name of ['example-sessions.note', 'example-legacy.note', 'example-mixed.note']) {
      const text = example(name);
      const log = parseAuthorshipLog(text);
      assert.equal(formatAuthorshipLog(log), text, name);
    }
    const mixed = parseAuthorshipLog(example('example-mixed.note'));
    assert.equal(agentOfKey(mixed.metadata, 's_c9883b05a2487d::t_9f8e7d6c5b4a32')?.agent.tool, 'claude');
    assert.equal(agentOfKey(mixed.metadata, 'abcd1234abcd1234')?.agent.model, 'gpt-4');
    assert.equal(agentOfKey(mixed.metadata, 'h_31dce776f88375'), undefined, 'a known human is not an AI session');
  });

  it('export: git-ai tool ids, session keys, no messages, only the commit\'s own lines', async () => {
    const root = fs.realpathSync(initRepo('airlock-gitai-'));
    write(root, 'src/a.ts', 'export const a = 1;\n\nexport const z = 26;\n');
    const base = commitAll(root, 'base');
    await claudeEdit(root, 'src/a.ts', 'export const a = 1;', 'export const a = 1;\n' + aiText(['export const b = 2;', 'export const c = 3;']), 'toolu_g1');
    const first = commitAll(root, 'ai one');
    assert.equal((await runAirlock(['provenance', 'export', '--format', 'git-ai'], { cwd: root })).code, 0);
    let log = note(root);
    assert.equal(log.metadata.schema_version, 'authorship/3.0.0');
    assert.equal(log.metadata.base_commit_sha, base);
    assert.deepEqual(log.metadata.prompts, {});
    assert.ok(!log.text.includes('"messages"'), 'messages MUST NOT appear');
    const [session] = Object.keys(log.metadata.sessions ?? {});
    assert.equal(session, gitAiSessionId('claude', '47e7036c-6829-41b8-851f-df8f18da6102'));
    assert.equal(log.metadata.sessions?.[session].agent_id.tool, 'claude');
    assert.deepEqual(log.attestations.map((a) => [a.path, a.entries.map((e) => [/^s_[0-9a-f]{14}::t_[0-9a-f]{14}$/.test(e.key), e.lines])]), [['src/a.ts', [[true, [{ startLine: 2, endLine: 3 }]]]]]);

    // A second commit: the Copilot CLI adds a line; its note attests that line only.
    await copilotEdit(root, 'src/a.ts', 'export const z = 26;', aiText(['export const y = 25;']) + '\nexport const z = 26;');
    commitAll(root, 'ai two');
    await runAirlock(['provenance', 'export', '--format', 'git-ai'], { cwd: root });
    log = note(root);
    assert.equal(log.metadata.base_commit_sha, first);
    assert.deepEqual(log.attestations.flatMap((a) => a.entries.map((e) => e.lines)), [[{ startLine: 5, endLine: 5 }]]);
    assert.deepEqual(Object.values(log.metadata.sessions ?? {}).map((s) => s.agent_id.tool), ['github-copilot-cli']);
  });

  it('export merges with a note git-ai already wrote: its attestations stay, ours fill the rest', async () => {
    const root = fs.realpathSync(initRepo('airlock-gitai-'));
    write(root, 'src/a.ts', 'export const a = 1;\n');
    commitAll(root, 'base');
    await claudeEdit(root, 'src/a.ts', 'export const a = 1;', 'export const a = 1;\n' + aiText(['export const b = 2;', 'export const c = 3;', 'export const d = 4;']), 'toolu_g2');
    const head = commitAll(root, 'ai');
    // git-ai's own note: the spec's sessions example, pointed at this commit and file.
    const theirs = example('example-sessions.note').replace(/src\/main\.rs\n( {2}.*\n)+/, 'src/a.ts\n  s_c9883b05a2487d::t_9f8e7d6c5b4a32 2\n').replace(/src\/lib\.rs\n( {2}.*\n)+/, '');
    git(root, 'notes', '--ref=ai', 'add', '-m', theirs.trimEnd(), head);
    assert.equal((await runAirlock(['provenance', 'export', '--format', 'git-ai'], { cwd: root })).code, 0);
    const log = note(root);
    const entries = log.attestations[0].entries;
    assert.deepEqual(entries[0], { key: 's_c9883b05a2487d::t_9f8e7d6c5b4a32', lines: [{ startLine: 2, endLine: 2 }] }, 'git-ai\'s entry untouched');
    assert.deepEqual(entries.slice(1).flatMap((e) => e.lines), [{ startLine: 3, endLine: 4 }], 'ours only where git-ai said nothing');
    assert.equal(log.metadata.git_ai_version, '1.4.5');
    assert.ok(log.metadata.sessions?.['s_c9883b05a2487d'] && log.metadata.sessions['s_e7f2a90b31cc48'], 'git-ai\'s sessions kept');
    assert.equal(Object.keys(log.metadata.sessions ?? {}).length, 3);
  });

  it('import --format git-ai: a team\'s git-ai history becomes records that follow later changes', async () => {
    const root = fs.realpathSync(initRepo('airlock-gitai-'));
    write(root, 'src/lib.rs', 'fn one() {}\nfn two() {}\nfn three() {}\nfn four() {}\n');
    const sha = commitAll(root, 'code written with git-ai');
    const theirs = example('example-mixed.note').replace('src/main.rs\n  s_c9883b05a2487d::t_9f8e7d6c5b4a32 1-10\n  h_31dce776f88375 15-20\n', 'src/lib.rs\n  s_c9883b05a2487d::t_9f8e7d6c5b4a32 2-3\n  h_31dce776f88375 4\n').replace('src/lib.rs\n  abcd1234abcd1234 1-50\n', '');
    git(root, 'notes', '--ref=ai', 'add', '-m', theirs.trimEnd(), sha);
    write(root, 'src/lib.rs', `// header\n${read(root, 'src/lib.rs')}`);
    commitAll(root, 'later human change');
    let r = await runAirlock(['provenance', 'import', '--format', 'git-ai'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 git-ai note\(s\) read; 2 AI line\(s\) recorded in 1 record\(s\)/);
    const ranges = new AnnotationStore(root).load('src/lib.rs')?.ranges ?? [];
    assert.deepEqual(ranges.map((x) => [x.startLine, x.endLine, x.tool, x.model, x.session]), [[3, 4, 'claude-code', 'claude-sonnet-4-5-20250514', 'conv_abc123']]);
    r = await runAirlock(['provenance', 'import', '--format', 'git-ai'], { cwd: root });
    assert.match(r.stdout, /0 AI line\(s\) recorded/);
  });
});
