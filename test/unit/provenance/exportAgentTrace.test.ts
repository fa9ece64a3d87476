// Agent Trace export, checked with the reference implementation's own JSON Schema
// (test/fixtures/interop/agent-trace/trace-record.schema.json, vendored from cursor/agent-trace).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { runAirlock } from '../../helpers/runCliInProcess';
import { providerModelId } from '../../../src/core/provenance/exportAgentTrace';
import { aiText, claudeEdit, read, write } from './scenarioKit';
import { git, initRepo } from './provenanceTestKit';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'interop', 'agent-trace');
const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'trace-record.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

describe('provenance/export: Agent Trace against the reference schema', function () {
  this.timeout(60_000);

  it('the vendored schema accepts the spec\'s minimal record and rejects the shape Airlock used to write', () => {
    assert.ok(validate(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'example-minimal.json'), 'utf8'))), JSON.stringify(validate.errors));
    const old = { version: '0.1.0', id: '550e8400-e29b-41d4-a716-446655440000', timestamp: '2026-01-25T10:00:00Z', tool: { name: 'airlock' }, files: [] };
    assert.equal(validate(old), false);
    assert.deepEqual(new Set((validate.errors ?? []).map((e) => e.instancePath)), new Set(['/version', '/tool']));
  });

  it('a real export validates, names provider/model, and uses the line numbers of the named revision', async () => {
    const root = fs.realpathSync(initRepo('airlock-trace-'));
    write(root, 'src/a.ts', 'export const a = 1;\nexport const b = 2;\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    await claudeEdit(root, 'src/a.ts', 'export const b = 2;', aiText(['export const b = 2;', 'export function sum(): number {', '  return a + b;', '}']).replace(/^export const b = 2; /, 'export const b = 2;'), 'toolu_t1');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'ai');
    // The work tree moves on: three lines above the AI code, not committed.
    write(root, 'src/a.ts', `// one\n// two\n// three\n${read(root, 'src/a.ts')}`);
    const r = await runAirlock(['provenance', 'export', '--format', 'agent-trace'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    const record = JSON.parse(r.stdout) as { vcs: { revision: string }; tool: { version: string }; files: Array<{ path: string; conversations: Array<{ contributor: { model_id?: string }; ranges: Array<{ start_line: number; end_line: number }> }> }> };
    assert.ok(validate(record), JSON.stringify(validate.errors));
    assert.equal(record.vcs.revision, git(root, 'rev-parse', 'HEAD'));
    assert.ok(record.tool.version.length > 0);
    const [conversation] = record.files[0].conversations;
    assert.equal(conversation.contributor.model_id, 'anthropic/claude-opus-5-5');
    assert.deepEqual(conversation.ranges.map((x) => [x.start_line, x.end_line]), [[3, 5]], 'lines of HEAD, not of the work tree (6-8)');
  });

  it('provider prefixes only where the provider is certain', () => {
    assert.equal(providerModelId('claude-opus-5-5'), 'anthropic/claude-opus-5-5');
    assert.equal(providerModelId('gpt-5.1'), 'openai/gpt-5.1');
    assert.equal(providerModelId('gemini-3-pro'), 'google/gemini-3-pro');
    assert.equal(providerModelId('openrouter/some-model'), 'openrouter/some-model');
    assert.equal(providerModelId('in-house-model'), undefined);
    assert.equal(providerModelId('unknown'), undefined);
  });
});
