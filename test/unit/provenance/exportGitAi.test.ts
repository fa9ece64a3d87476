import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addAiRanges, emptyAnnotations } from '../../../src/core/provenance/annotationOps';
import type { FileAnnotations } from '../../../src/core/provenance/annotationTypes';
import { addGitAiNote, buildAuthorshipLog, formatAuthorshipLog, gitAiSessionHash, parseAuthorshipLog } from '../../../src/core/provenance/exportGitAi';
import { git, initRepo } from './provenanceTestKit';

// The "Complete Example" of section 1.2.5 of the Git AI Standard v3.0.0
// (git-ai-project/git-ai, specs/git_ai_standard_v3.0.0.md), copied verbatim as test data.
const SPEC_EXAMPLE = `src/main.rs
  abcd1234abcd1234 1-10,15-20
  efgh5678efgh5678 25,30-35
src/lib.rs
  abcd1234abcd1234 1-50
---
{
  "schema_version": "authorship/3.0.0",
  "git_ai_version": "1.0.23",
  "base_commit_sha": "7734793b756b3921c88db5375a8c156e9532447b",
  "prompts": {
    "abcd1234abcd1234": {
      "agent_id": {
        "tool": "cursor",
        "id": "6ef2299e-a67f-432b-aa80-3d2fb4d28999",
        "model": "claude-4.5-opus"
      },
      "human_author": "Developer <dev@example.com>",
      "messages": [
        {
          "type": "user",
          "text": "Add error handling to the main function",
          "timestamp": "2025-12-05T01:22:13.211Z"
        },
        {
          "type": "assistant",
          "text": "I'll add comprehensive error handling...",
          "timestamp": "2025-12-05T01:22:38.724Z"
        }
      ],
      "total_additions": 25,
      "total_deletions": 5,
      "accepted_lines": 20,
      "overriden_lines": 0
    },
    "efgh5678efgh5678": {
      "agent_id": {
        "tool": "cursor",
        "id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        "model": "claude-3-sonnet"
      },
      "human_author": "Developer <dev@example.com>",
      "messages": [
        {
          "type": "user",
          "text": "Add logging",
          "timestamp": "2025-12-05T02:00:00.000Z"
        }
      ],
      "total_additions": 6,
      "total_deletions": 0,
      "accepted_lines": 6,
      "overriden_lines": 0
    }
  }
}`;

describe('provenance/exportGitAi', () => {
  it('reads and writes the standard\'s complete example byte for byte', () => {
    const log = parseAuthorshipLog(SPEC_EXAMPLE);
    assert.deepEqual(log.attestations.map((a) => a.path), ['src/main.rs', 'src/lib.rs']);
    assert.deepEqual(log.attestations[0].entries[1], { hash: 'efgh5678efgh5678', lines: [{ startLine: 25, endLine: 25 }, { startLine: 30, endLine: 35 }] });
    assert.equal(formatAuthorshipLog(log), SPEC_EXAMPLE);
  });

  it('quotes paths with spaces and uses 16-hex session hashes of "tool:session"', () => {
    assert.match(gitAiSessionHash('claude-code', 'abc'), /^[0-9a-f]{16}$/);
    assert.equal(gitAiSessionHash('claude-code', 'abc'), gitAiSessionHash('claude-code', 'abc'));
    assert.notEqual(gitAiSessionHash('claude-code', 'abc'), gitAiSessionHash('cursor', 'abc'));
    const text = formatAuthorshipLog({
      attestations: [{ path: 'src/my file.rs', entries: [{ hash: '0123456789abcdef', lines: [{ startLine: 3, endLine: 3 }] }] }],
      metadata: { schema_version: 'authorship/3.0.0', base_commit_sha: 'x', prompts: {} },
    });
    assert.ok(text.startsWith('"src/my file.rs"\n  0123456789abcdef 3\n---\n'));
    assert.equal(parseAuthorshipLog(text).attestations[0].path, 'src/my file.rs');
  });

  it('attaches the log of committed annotations as a note under refs/notes/ai with real git', () => {
    const repo = initRepo('airlock-gitai-');
    const content = Array.from({ length: 12 }, (_, k) => `line ${k + 1}`).join('\n') + '\n';
    fs.mkdirSync(path.join(repo, 'src'));
    fs.writeFileSync(path.join(repo, 'src/app.ts'), content);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'ai work');
    const head = git(repo, 'rev-parse', 'HEAD');
    const origin = { tool: 'claude-code', model: 'claude-opus-5-5', session: '47e7036c-6829-41b8-851f-df8f18da6102', time: '2026-11-24T21:35:42.813Z' };
    let app = addAiRanges(emptyAnnotations('src/app.ts'), content, [{ startLine: 2, endLine: 4 }, { startLine: 7, endLine: 7 }], origin);
    app = { ...app, ranges: [...app.ranges, { ...app.ranges[1], id: 'm', startLine: 9, endLine: 10, state: 'ai-modified' }] };
    const stale: FileAnnotations = { ...app, file: 'src/other.ts' };
    const result = addGitAiNote(repo, 'HEAD', [app, stale], { humanAuthor: 'Dev <dev@example.com>' });
    assert.deepEqual(result.skipped, ['src/other.ts']);
    const stored = git(repo, 'notes', '--ref=ai', 'show', head);
    assert.equal(stored, result.note);
    const hash = gitAiSessionHash('claude-code', origin.session);
    assert.ok(stored.startsWith(`src/app.ts\n  ${hash} 2-4,7\n---\n{\n  "schema_version": "authorship/3.0.0",\n  "base_commit_sha": "${head}",`));
    const parsed = parseAuthorshipLog(stored);
    assert.deepEqual(parsed.metadata.prompts[hash], {
      agent_id: { tool: 'claude-code', id: origin.session, model: 'claude-opus-5-5' },
      human_author: 'Dev <dev@example.com>',
      messages: [],
      total_additions: 6,
      total_deletions: 0,
      accepted_lines: 4,
      overriden_lines: 2,
    });
    assert.equal(git(repo, 'for-each-ref', '--format=%(refname)', 'refs/notes/'), 'refs/notes/ai');
  });

  it('builds an empty attestation section when nothing is attested', () => {
    const log = buildAuthorshipLog([], { baseCommitSha: 'abc' });
    assert.ok(formatAuthorshipLog(log).startsWith('---\n{'));
  });
});
