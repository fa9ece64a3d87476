import * as assert from 'node:assert/strict';
import { toSarif } from '../../../src/core/secrets/sarif';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeTokens } from './fakeTokens';

describe('secrets: SARIF', () => {
  const gen = new FakeTokens(59);

  it('produces a SARIF 2.1.0 log with rules, regions, levels and fingerprints', () => {
    const findings = [
      ...scanText(`a = "${gen.github()}"\nb = "${gen.github()}"\n`, 'src/my app.py'),
      ...scanText(`id = "${gen.awsKeyId()}"\n`, 'src/aws.py'),
      ...scanText(`API_TOKEN=${gen.password(24)}\n`, '.env'),
    ];
    const log = toSarif(findings, '1.2.3');
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const [run] = log.runs;
    assert.equal(run.tool.driver.name, 'Airlock');
    assert.equal(run.tool.driver.version, '1.2.3');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['github-pat', 'aws-access-key-id', 'generic-secret']);
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.ruleIndex, r.level]),
      [['github-pat', 0, 'error'], ['github-pat', 0, 'error'], ['aws-access-key-id', 1, 'note'], ['generic-secret', 2, 'warning']]);
    const first = run.results[0];
    assert.equal(first.locations[0].physicalLocation.artifactLocation.uri, 'src/my%20app.py');
    assert.deepEqual(first.locations[0].physicalLocation.region, { startLine: 1, startColumn: 6, endLine: 1, endColumn: 46 });
    assert.equal(first.partialFingerprints['airlockSecret/v1'], findings[0].fingerprint);
    assert.ok(run.tool.driver.rules.every((r) => Number(r.properties['security-severity']) > 0));
    // Round-trips through JSON (what CI uploads).
    assert.deepEqual(JSON.parse(JSON.stringify(log)), log);
  });

  it('reports whole files the scanner cannot judge under rule unscanned-file at the level given, accepted ones suppressed externally', () => {
    const findings = scanText(`a = "${gen.github()}"\n`, 'a.py');
    const log = toSarif(findings, '0.0.0', [
      { file: 'vendor/x.zip', level: 'error', message: 'Not scanned for secrets: compressed', properties: { reason: 'compressed' } },
      { file: 'gradle/wrapper.jar', level: 'warning', message: 'accepted', properties: { sha256: 'a'.repeat(64) }, accepted: { justification: 'Vendored (by Ann)', properties: { acceptedBy: 'Ann' } } },
    ]);
    const [run] = log.runs;
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['github-pat', 'unscanned-file']);
    const [secret, open, accepted] = run.results;
    assert.equal(secret.suppressions, undefined);
    assert.deepEqual([open.ruleId, open.ruleIndex, open.level, open.suppressions], ['unscanned-file', 1, 'error', undefined]);
    assert.equal(accepted.level, 'warning');
    assert.equal(run.tool.driver.rules[1].defaultConfiguration.level, 'error', 'an open file that fails the run makes the rule an error');
    assert.deepEqual(open.locations[0].physicalLocation.region, { startLine: 1 });
    assert.deepEqual(accepted.suppressions, [{ kind: 'external', status: 'accepted', justification: 'Vendored (by Ann)', properties: { acceptedBy: 'Ann' } }]);
    assert.notEqual(open.partialFingerprints['airlockUnscanned/v1'], accepted.partialFingerprints['airlockUnscanned/v1']);
    // Tracked by path, not content: the same file gives the same fingerprint whatever it holds.
    const warned = toSarif([], '0.0.0', [{ file: 'gradle/wrapper.jar', level: 'warning', message: 'changed', properties: {} }]).runs[0];
    assert.equal(warned.tool.driver.rules[0].defaultConfiguration.level, 'warning');
    const again = warned.results[0];
    assert.equal(again.partialFingerprints['airlockUnscanned/v1'], accepted.partialFingerprints['airlockUnscanned/v1']);
    assert.equal(again.ruleIndex, 0);
  });

  it('marks suppressed findings as suppressions instead of dropping them', () => {
    const findings = scanText(`a = "${gen.github()}" # airlock:allow\n`, 'a.py', { includeSuppressed: true });
    assert.deepEqual(toSarif(findings, '0.0.0').runs[0].results[0].suppressions, [{ kind: 'inSource' }]);
  });
});
