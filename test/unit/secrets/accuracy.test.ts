import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/secrets/scanText';
import { secretRules } from '../../../src/core/secrets/secretRules';
import { KEYED_RULES } from '../../../src/core/secrets/keyedRules';
import { evaluate, negatives, positives } from './accuracySuite';
import { KINDS } from './accuracyKinds';

describe('secrets: labelled accuracy suite', function () {
  this.timeout(60_000);
  const scan = (text: string, file: string) => scanText(text, file, { genericBlockConfidence: 0.9 });

  it('spans at least 100 provider kinds', () => {
    assert.ok(new Set(KINDS.map((k) => k.rule)).size >= 100, String(new Set(KINDS.map((k) => k.rule)).size));
  });

  it('finds at least 95% of the held-out samples, with at least 97% precision against the hard negatives', () => {
    const report = evaluate(positives('held-out'), negatives(), scan);
    const missed = report.missed.map((m) => `${m.kind} in ${m.file}`);
    assert.ok(report.recall >= 0.95, `recall ${report.recall}: missed ${missed.slice(0, 10).join(', ')}`);
    assert.ok(report.precision >= 0.97, `precision ${report.precision}: ${report.falseAlarms.slice(0, 5).map((f) => `${f.finding.rule} on ${f.sample.kind} ${f.sample.file}`).join(', ')}`);
    assert.ok(report.negatives >= 250);
    // Every kind is found in most of its settings, not just on average.
    for (const [kind, s] of report.perKind) assert.ok(s.found / s.samples >= 0.8, `${kind}: ${s.found}/${s.samples}`);
  });

  it('finds every tuning sample and flags no hard negative', () => {
    const report = evaluate(positives('tuning'), negatives(), scan);
    assert.deepEqual(report.missed.map((m) => m.kind), []);
    assert.deepEqual(report.falseAlarms.map((f) => `${f.finding.rule} on ${f.sample.kind}`), []);
  });

  it('has a sample for every blocking rule id the scanner can report', () => {
    const sampled = new Set(KINDS.map((k) => k.rule));
    const ids = new Set<string>(KEYED_RULES.map((k) => k.rule));
    for (const r of secretRules) if (r.prefixes !== undefined || r.anchor !== undefined) ids.add(r.family);
    const unsampled = [...ids].filter((id) => !sampled.has(id) && !/^(?:github|slack|google|stripe|openai-anthropic|twilio|aws|connection-url|jwt|azure-sas-token|telegram-bot-token-keyed|easypost-test-key|pypi-test-token|new-relic-browser-token|alibaba-access-key-id)$/.test(id));
    assert.deepEqual(unsampled, []);
  });
});
