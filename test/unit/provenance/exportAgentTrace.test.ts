import * as assert from 'node:assert/strict';
import { addAiRanges, emptyAnnotations, markReviewed } from '../../../src/core/provenance/annotationOps';
import { buildAgentTraceRecord, validateAgentTraceRecord } from '../../../src/core/provenance/exportAgentTrace';

// Section 6.2 "Example Trace Record" of the Agent Trace v0.1.0 specification
// (cursor/agent-trace, README.md), copied verbatim as test data.
const SPEC_EXAMPLE = {
  version: '0.1.0',
  id: '550e8400-e29b-41d4-a716-446655440000',
  timestamp: '2026-01-23T14:30:00Z',
  vcs: { type: 'git', revision: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0' },
  tool: { name: 'cursor', version: '2.4.0' },
  files: [
    {
      path: 'src/utils/parser.ts',
      conversations: [
        {
          url: 'https://api.cursor.com/v1/conversations/12345',
          contributor: { type: 'ai', model_id: 'anthropic/claude-opus-4-5-20251101' },
          ranges: [{ start_line: 42, end_line: 67, content_hash: 'murmur3:9f2e8a1b' }],
          related: [{ type: 'session', url: 'https://api.cursor.com/v1/sessions/67890' }],
        },
      ],
    },
    {
      path: 'src/utils/helpers.ts',
      conversations: [
        {
          url: 'https://api.cursor.com/v1/conversations/12345',
          contributor: { type: 'ai', model_id: 'openai/gpt-4o' },
          ranges: [{ start_line: 10, end_line: 25 }],
        },
      ],
    },
  ],
  metadata: { confidence: 0.95, 'dev.cursor': { workspace_id: 'ws-abc123' } },
};

// Appendix A "Minimal Valid Trace Record" of the same specification.
const SPEC_MINIMAL = {
  version: '0.1.0',
  id: '550e8400-e29b-41d4-a716-446655440000',
  timestamp: '2026-01-25T10:00:00Z',
  files: [{ path: 'src/app.ts', conversations: [{ contributor: { type: 'ai' }, ranges: [{ start_line: 1, end_line: 50 }] }] }],
};

describe('provenance/exportAgentTrace', () => {
  it('accepts the specification\'s own examples and rejects broken records', () => {
    assert.deepEqual(validateAgentTraceRecord(SPEC_EXAMPLE), []);
    assert.deepEqual(validateAgentTraceRecord(SPEC_MINIMAL), []);
    const broken = { ...SPEC_MINIMAL, id: 'nope', files: [{ path: 'a', conversations: [{ ranges: [{ start_line: 0, end_line: 1 }], contributor: { type: 'robot' } }] }] };
    assert.equal(validateAgentTraceRecord(broken).length, 3);
  });

  it('exports annotations as a valid record shaped like the example', () => {
    const text = Array.from({ length: 30 }, (_, k) => `line ${k + 1}`).join('\n') + '\n';
    let a = addAiRanges(emptyAnnotations('src/utils/parser.ts'), text, [{ startLine: 5, endLine: 9 }], {
      tool: 'claude-code',
      model: 'claude-opus-5-5',
      session: 'sess-1',
      time: '2026-11-24T21:35:42.813Z',
    });
    a = addAiRanges(a, text, [{ startLine: 20, endLine: 21 }], { tool: 'copilot-cli', model: 'unknown', session: 'sess-2', time: '2026-11-24T22:00:00.000Z' });
    a = { ...a, ranges: [...a.ranges, { ...a.ranges[0], id: 'mod', startLine: 12, endLine: 12, state: 'ai-modified' }] };
    a = markReviewed(a, { startLine: 20, endLine: 21 }, 'rev@example.com', '2026-12-01T00:00:00Z', text);
    const record = buildAgentTraceRecord([a], { id: SPEC_MINIMAL.id, timestamp: '2026-12-01T00:00:00Z', revision: 'a'.repeat(40) });
    assert.deepEqual(validateAgentTraceRecord(record), []);
    assert.equal(record.version, '0.1.0');
    const [claude, copilot] = record.files[0].conversations;
    assert.deepEqual(claude.contributor, { type: 'ai', model_id: 'claude-opus-5-5' });
    assert.equal(claude.url, 'urn:airlock:session:claude-code:sess-1');
    assert.deepEqual(claude.ranges.map((r) => [r.start_line, r.end_line, r.contributor?.type ?? 'ai']), [[5, 9, 'ai'], [12, 12, 'mixed']]);
    assert.match(claude.ranges[0].content_hash ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(copilot.contributor, { type: 'ai' }, 'no model_id is invented when the client gave none');
    assert.deepEqual(record.metadata, { 'dev.airlock': { reviewed: [{ path: 'src/utils/parser.ts', start_line: 20, end_line: 21, by: 'rev@example.com', at: '2026-12-01T00:00:00Z' }] } });
    assert.deepEqual(JSON.parse(JSON.stringify(record)), record, 'plain JSON');
  });
});
