import * as assert from 'node:assert/strict';
import { addAiRanges, emptyAnnotations, markReviewed } from '../../../src/core/provenance/annotationOps';
import { AnnotationStore } from '../../../src/core/provenance/annotationStore';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { aiLineStats } from '../../../src/core/risk/aiLineStats';
import { computeFileRisk, daysUntilExpiry, RuleNumbers } from '../../../src/core/risk/fileRisk';
import { NO_AI_LINES, type AiLineStats } from '../../../src/core/risk/riskTypes';
import { scanText } from '../../../src/core/secrets/scanText';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';
import { NOW, RISK_POLICY } from './riskFixture';

describe('risk: computeFileRisk', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace();
    ws.policy(RISK_POLICY);
  });
  afterEach(() => ws.dispose());

  function risk(rel: string, ai: AiLineStats = NO_AI_LINES, secrets = scanText('', rel)): ReturnType<typeof computeFileRisk> {
    const engine = loadPolicy(ws.root, { env: {}, now: NOW });
    return computeFileRisk({ engine, rules: new RuleNumbers(engine), rel, ai, secrets, now: NOW });
  }

  it('rates a secret-class file critical and names the rule and file', () => {
    const r = risk('config/.env');
    assert.equal(r.level, 'critical');
    assert.equal(r.className, 'secret');
    assert.equal(r.read, 'deny');
    assert.equal(r.ruleNumber, 3);
    assert.equal(r.reasons[0].text, 'secret class: rule 3 in policy.json (AI read deny, edit deny)');
  });

  it('rates a default-class file by its class risk and says it is the default', () => {
    const r = risk('src/app.ts');
    assert.equal(r.level, 'low');
    assert.equal(r.rule, null);
    assert.match(r.reasons[0].text, /^public class: the default class/);
  });

  it('reports a live exception with the days left, and warns when it is close', () => {
    const r = risk('infra/prod/dashboards/latency.json');
    assert.equal(r.className, 'reviewed');
    assert.equal(r.exception?.daysLeft, 4);
    assert.equal(r.exception?.owner, 'alice@example.com');
    assert.ok(r.reasons.some((x) => x.text === 'exception for alice@example.com expires in 4 days (2026-06-14)' && x.level === 'medium'));
    assert.equal(r.level, 'medium');
  });

  it('counts days to expiry through the end of the last day (UTC)', () => {
    assert.equal(daysUntilExpiry('2026-06-10', NOW), 0);
    assert.equal(daysUntilExpiry('2026-06-11', NOW), 1);
    assert.equal(daysUntilExpiry('2026-06-01', NOW), 0);
  });

  it('raises a reviewed-class file with unreviewed AI lines to high: review missing', () => {
    const r = risk('src/auth/session.ts', { total: 12, unreviewed: 12, modified: 0 });
    assert.equal(r.reviewMissing, true);
    assert.equal(r.level, 'high');
    assert.equal(r.reasons[0].text, '12 AI lines unreviewed; the reviewed class requires review');
  });

  it('rates unreviewed AI lines medium where review is not required, and reviewed ones low', () => {
    const open = risk('src/app.ts', { total: 3, unreviewed: 2, modified: 1 });
    assert.equal(open.reviewMissing, false);
    assert.equal(open.level, 'medium');
    assert.deepEqual(
      open.reasons.map((x) => x.text),
      ['2 AI lines unreviewed', 'public class: the default class (AI read allow, edit allow)', '1 AI line changed by hand since'],
    );
    const done = risk('src/app.ts', { total: 3, unreviewed: 0, modified: 0 });
    assert.equal(done.level, 'low');
    assert.ok(done.reasons.some((x) => x.text === '3 AI lines, all reviewed'));
  });

  it('makes a file with a blocking secret finding critical, naming the rule and line', () => {
    const token = new FakeTokens().github();
    const findings = scanText(`const a = 1;\nconst token = "${token}";\n`, 'src/app.ts');
    assert.ok(findings.length > 0 && findings[0].blocking);
    const r = risk('src/app.ts', NO_AI_LINES, findings);
    assert.equal(r.level, 'critical');
    assert.equal(r.reasons[0].text, `secret: ${findings[0].rule} at line 2`);
  });

  it('denies everything and rates high while the policy is invalid', () => {
    ws.policy('{ "version": 1, "rules": [ { "paths": ["x"], "class": "nope" } ] }');
    const r = risk('src/app.ts');
    assert.equal(r.read, 'deny');
    assert.equal(r.level, 'high');
    assert.match(r.reasons[0].text, /policy invalid/);
  });

  it('derives AI-line counts from real provenance annotations on disk', () => {
    const text = 'a\nb\nc\nd\n';
    ws.write('src/app.ts', text);
    const origin = { tool: 'claude-code', model: 'm', session: 's', time: '2026-06-01T00:00:00Z' };
    let ann = addAiRanges(emptyAnnotations('src/app.ts'), text, [{ startLine: 1, endLine: 2 }, { startLine: 4, endLine: 4 }], origin);
    ann = markReviewed(ann, { startLine: 4, endLine: 4 }, 'bob', '2026-06-02T00:00:00Z', text);
    const store = new AnnotationStore(ws.root);
    store.save(ann, text);
    assert.deepEqual(aiLineStats(new AnnotationStore(ws.root).load('src/app.ts')), { total: 3, unreviewed: 2, modified: 0 });
    assert.deepEqual(aiLineStats(undefined), NO_AI_LINES);
  });
});
