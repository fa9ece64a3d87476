// `airlock provenance …` and the `airlock check` gate, in-process, in real temp git repositories.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';
import { resolveAuditDir } from '../../../src/core/audit/auditLocation';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { parseAiTrailers } from '../../../src/core/provenance/importTrailers';
import { git, initRepo } from './provenanceTestKit';

const POLICY = `{
  "version": 1,
  "classes": {
    "reviewed": { "read": "allow", "edit": "allow", "review": "required", "risk": "medium" },
    "public": { "read": "allow", "edit": "allow", "risk": "low" }
  },
  "default": "public",
  "rules": [{ "paths": ["/src/auth/"], "class": "reviewed" }]
}`;

function repo(): string {
  const root = fs.realpathSync(initRepo('airlock-prov-cli-'));
  fs.mkdirSync(path.join(root, '.airlock'), { recursive: true });
  fs.mkdirSync(path.join(root, 'src/auth'), { recursive: true });
  fs.writeFileSync(path.join(root, '.airlock/policy.json'), POLICY);
  fs.writeFileSync(path.join(root, 'src/auth/login.ts'), 'export function login(): void {\n  check();\n  grant();\n}\n');
  fs.writeFileSync(path.join(root, 'src/app.ts'), 'a\nb\nc\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'start');
  return root;
}

const NOW = new Date('2026-11-25T10:00:00.000Z');
const run = (root: string, ...args: string[]): ReturnType<typeof runAirlock> => runAirlock(args, { cwd: root, now: NOW });

describe('airlock provenance (CLI)', () => {
  it('mark → summary → check fails on unreviewed lines in a review-required class → review → check passes', async () => {
    const root = repo();
    let r = await run(root, 'provenance', 'mark', 'src/auth/login.ts', '--lines', '2-3', '--tool', 'chatgpt-web', '--model', 'gpt-6');
    assert.equal(r.code, 0, r.stderr);
    r = await run(root, 'provenance', 'mark', 'src/app.ts', '--lines', '1', '--tool', 'cursor');
    assert.equal(r.code, 0, r.stderr);
    const ranges = new AnnotationStore(root).load('src/auth/login.ts')?.ranges ?? [];
    assert.deepEqual(ranges.map((x) => [x.startLine, x.endLine, x.tool, x.model, x.session]), [[2, 3, 'chatgpt-web', 'gpt-6', 'manual']]);

    r = await run(root, 'provenance', 'summary', '--format', 'json');
    const summary = JSON.parse(r.stdout) as { aiLines: number; reviewedLines: number; files: Array<{ file: string; className: string }>; requiredUnreviewed: Array<{ file: string; lines: number }> };
    assert.equal(summary.aiLines, 3);
    assert.equal(summary.reviewedLines, 0);
    assert.deepEqual(summary.files.map((f) => [f.file, f.className]), [['src/app.ts', 'public'], ['src/auth/login.ts', 'reviewed']]);
    assert.deepEqual(summary.requiredUnreviewed.map((u) => [u.file, u.lines]), [['src/auth/login.ts', 2]]);

    r = await run(root, 'check', '--json');
    assert.equal(r.code, 1);
    const check = JSON.parse(r.stdout) as { violations: Array<{ kind: string; file?: string }>; provenance: { requiredUnreviewed: unknown[] } };
    assert.deepEqual(check.violations.filter((v) => v.kind === 'unreviewed-ai-lines').map((v) => v.file), ['src/auth/login.ts']);
    assert.equal(check.provenance.requiredUnreviewed.length, 1);

    r = await run(root, 'provenance', 'review', 'src/auth/login.ts', '--lines', '2');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 AI line\(s\) reviewed by Dev <dev@example\.com>; 1 unreviewed left/);
    assert.equal((await run(root, 'check')).code, 1);
    await run(root, 'provenance', 'review', 'src/auth/login.ts');
    r = await run(root, 'check', '--json');
    assert.equal(r.code, 0, r.stdout);

    r = await run(root, 'provenance', 'summary');
    assert.match(r.stdout, /\*\*3\*\* AI-written line\(s\) in 2 file\(s\); \*\*67%\*\* reviewed/);
    assert.match(r.stdout, /\| `src\/auth\/login\.ts` \| reviewed \(review required\) \| 2 \| 2 \| 0 \|/);
  });

  it('a review is written to the audit log as a `review` event, with the lines and the reviewer', async () => {
    const root = repo();
    assert.equal((await run(root, 'provenance', 'mark', 'src/auth/login.ts', '--lines', '2-3', '--tool', 'cursor')).code, 0);
    const r = await run(root, 'provenance', 'review', 'src/auth/login.ts', '--lines', '2');
    assert.equal(r.code, 0, r.stderr);
    const log = fs.readFileSync(path.join(resolveAuditDir(root).dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; client: string; paths: string[]; ranges: unknown[]; reason: string });
    const reviews = log.filter((e) => e.kind === 'review');
    assert.equal(reviews.length, 1);
    assert.equal(reviews[0].client, 'cli');
    assert.deepEqual(reviews[0].paths, ['src/auth/login.ts']);
    assert.deepEqual(reviews[0].ranges, [{ path: 'src/auth/login.ts', start: 2, end: 2 }]);
    assert.match(reviews[0].reason, /reviewed by Dev <dev@example\.com>/);
    assert.equal((await run(root, 'audit', 'verify')).code, 0, 'the review event keeps the chain valid');
  });

  it('summary --base counts only AI lines added on the branch', async () => {
    const root = repo();
    await run(root, 'provenance', 'mark', 'src/app.ts', '--lines', '1-3', '--tool', 't');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'ai on main');
    git(root, 'checkout', '-q', '-b', 'feature');
    fs.writeFileSync(path.join(root, 'src/app.ts'), 'a\nb\nc\nd\ne\n');
    await run(root, 'provenance', 'mark', 'src/app.ts', '--lines', '4-5', '--tool', 't');
    const r = await run(root, 'provenance', 'summary', '--base', 'main', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { aiLines: number }).aiLines, 2);
  });

  it('usage errors exit 2 with one line', async () => {
    const root = repo();
    assert.equal((await run(root, 'provenance', 'mark', 'src/app.ts', '--lines', '9', '--tool', 't')).code, 2);
    assert.equal((await run(root, 'provenance', 'mark', 'src/app.ts', '--lines', '3-1', '--tool', 't')).code, 2);
    assert.equal((await run(root, 'provenance', 'nope')).code, 2);
    assert.equal((await run(root, 'provenance', 'summary', '--format', 'xml')).code, 2);
  });

  it('import: commits with AI trailers annotate the lines they introduced that still exist', async () => {
    const root = repo();
    fs.writeFileSync(path.join(root, 'src/app.ts'), 'a\nb\nc\nai1\nai2\n');
    git(root, 'commit', '-q', '-am', 'feat: x\n\nCo-authored-by: Claude <noreply@anthropic.com>');
    fs.writeFileSync(path.join(root, 'src/app.ts'), 'a\nhuman\nb\nc\nai1\nai2\n');
    git(root, 'commit', '-q', '-am', 'human change\n\nCo-authored-by: Alice <alice@example.com>');
    fs.writeFileSync(path.join(root, 'src/auth/login.ts'), 'export function login(): void {\n  check();\n  grant();\n  audit();\n}\n');
    git(root, 'commit', '-q', '-am', 'feat: audit\n\nAssisted-by: GitHub Copilot (gpt-5)');
    fs.writeFileSync(path.join(root, 'src/app.ts'), 'a\nhuman\nb\nc\nai1\nedited\n'); // uncommitted human edit
    const r = await run(root, 'provenance', 'import');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2 commit\(s\) with AI trailers; 2 line\(s\) annotated in 2 file\(s\)/);
    const store = new AnnotationStore(root);
    assert.deepEqual(store.load('src/app.ts')?.ranges.map((x) => [x.startLine, x.endLine, x.tool, x.model]), [[5, 5, 'claude-code', 'unknown']]);
    assert.deepEqual(store.load('src/auth/login.ts')?.ranges.map((x) => [x.startLine, x.endLine, x.tool, x.model]), [[4, 4, 'GitHub Copilot', 'gpt-5']]);
    // Importing again adds nothing.
    assert.match((await run(root, 'provenance', 'import')).stdout, /0 line\(s\) annotated/);
  });

  it('parseAiTrailers: AI co-authors by their bot / no-reply identity, never by a first name', () => {
    const vendors = [
      ['Claude <noreply@anthropic.com>', 'claude-code'],
      ['Claude Opus 4.5 <noreply@anthropic.com>', 'claude-code'],
      ['Copilot <175728472+Copilot@users.noreply.github.com>', 'github-copilot'],
      ['copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>', 'github-copilot'],
      ['Cursor Agent <cursoragent@cursor.com>', 'cursor'],
      ['chatgpt-codex-connector[bot] <199175422+chatgpt-codex-connector[bot]@users.noreply.github.com>', 'codex'],
      ['aider (gpt-5) <noreply@aider.chat>', 'aider'],
      ['Amp <amp@ampcode.com>', 'amp'],
      ['devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>', 'devin'],
      ['gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>', 'gemini'],
      ['google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>', 'jules'],
    ];
    for (const [identity, tool] of vendors) {
      assert.deepEqual(parseAiTrailers(`x\n\nCo-authored-by: ${identity}\n`).map((t) => t.tool), [tool], identity);
    }
    const humans = ['Claude Monet <claude@monet.fr>', 'Devin Booker <devin@suns.com>', 'Cody Rhodes <cody@example.org>', 'Jules Verne <jules@verne.fr>', 'Gemini Ortiz <gemini.ortiz@gmail.com>', 'Bob <bob@x.org>', 'Copilot Fan <copilot@github.com>', 'Claude <claude@users.noreply.github.com>'];
    for (const human of humans) assert.deepEqual(parseAiTrailers(`x\n\nCo-authored-by: ${human}\n`), [], human);
    assert.deepEqual(parseAiTrailers('x\n\nAssisted-by: Cursor (gpt-5.1)\n'), [{ tool: 'Cursor', model: 'gpt-5.1' }]);
    assert.deepEqual(parseAiTrailers('x\n\nCo-authored-by: aider (gpt-5) <noreply@aider.chat>\n'), [{ tool: 'aider', model: 'gpt-5' }]);
  });

  it('export: git-ai note on HEAD and an Agent Trace record', async () => {
    const root = repo();
    fs.writeFileSync(path.join(root, 'src/app.ts'), 'a\nb\nc\nd\ne\n');
    await run(root, 'provenance', 'mark', 'src/app.ts', '--lines', '4-5', '--tool', 'claude-code', '--model', 'claude-opus-5-5');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'ai');
    let r = await run(root, 'provenance', 'export', '--format', 'git-ai');
    assert.equal(r.code, 0, r.stderr);
    const note = git(root, 'notes', '--ref=ai', 'show', 'HEAD');
    assert.match(note, /^src\/app\.ts\n {2}s_[0-9a-f]{14}::t_[0-9a-f]{14} 4-5$/m);
    assert.match(note, /"schema_version": "authorship\/3\.0\.0"/);
    r = await run(root, 'provenance', 'export', '--format', 'agent-trace');
    const record = JSON.parse(r.stdout) as { version: string; files: Array<{ path: string }> };
    assert.equal(record.version, '1.0');
    assert.deepEqual(record.files.map((f) => f.path), ['src/app.ts']);
  });
});
