import assert from 'node:assert/strict';
import { ModelRules } from '../../../src/core/models/modelRules';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { validatePolicyText } from '../../../src/core/policy/validatePolicy';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace } from '../../helpers/tempWorkspace';
import { MODELS_POLICY } from './modelsFixture';

const NOW = new Date('2026-11-24T12:00:00Z');
const errorsOf = (text: string): string[] =>
  validatePolicyText('/ws/.airlock/policy.json', text, NOW)
    .problems.filter((p) => p.severity === 'error')
    .map((p) => `${p.line}:${p.column} ${p.code} ${p.message}`);


describe('policy: models section', () => {
  it('accepts endpoints and per-class allow-lists', () => {
    const r = validatePolicyText('p.json', MODELS_POLICY, NOW);
    assert.deepEqual(r.problems, []);
    const m = r.document?.models;
    assert.ok(m);
    assert.deepEqual([...m.endpoints.keys()], ['internal', 'cloud']);
    assert.equal(m.endpoints.get('internal')?.api, 'openai');
    assert.equal(m.endpoints.get('cloud')?.keyEnv, 'ANTHROPIC_API_KEY');
    assert.deepEqual(m.classes.get('restricted')?.endpoints, ['internal']);
    assert.equal(m.classes.get('restricted')?.onMatch, 'refuse');
    assert.equal(m.classes.get('secret')?.onMatch, 'refuse');
    assert.deepEqual(m.classes.get('secret')?.endpoints, []);
    assert.equal(m.auditText, false);
  });

  it('"gateway": a fixed port, a default endpoint, run and sync switches; bad values at their place', () => {
    const ok = MODELS_POLICY.replace('"classes": {', '"gateway": { "port": 8788, "endpoint": "cloud", "run": true, "sync": true },\n    "classes": {');
    const r = validatePolicyText('p.json', ok, NOW);
    assert.deepEqual(r.problems, []);
    const g = r.document?.models?.gateway;
    assert.deepEqual({ port: g?.port, endpoint: g?.endpoint, run: g?.run, sync: g?.sync }, { port: 8788, endpoint: 'cloud', run: true, sync: true });
    const bad = MODELS_POLICY.replace('"classes": {', '"gateway": { "port": 80, "endpoint": "nowhere", "run": "yes", "sync": true, "token": "x" },\n    "classes": {');
    const errors = errorsOf(bad).join('\n');
    assert.match(errors, /invalid-value "port" of "gateway" must be a whole number from 1024/);
    assert.match(errors, /unknown-endpoint unknown endpoint "nowhere" for "gateway"/);
    assert.match(errors, /wrong-type "run" of "gateway" must be true or false/);
    assert.match(errors, /unknown-key unknown key "token"/);
    // Written settings need a port to name.
    assert.match(errorsOf(MODELS_POLICY.replace('"classes": {', '"gateway": { "sync": true },\n    "classes": {')).join('\n'), /"sync": true in "gateway" needs "port"/);
  });

  it('rejects a key written as a literal, wherever it is put, at its line and column', () => {
    const text = [
      '{ "version": 1, "models": {',
      '  "endpoints": {',
      '    "a": { "api": "openai", "url": "https://x.example/v1", "apiKey": "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789" },',
      '    "b": { "api": "openai", "url": "https://x.example/v1", "keyEnv": "AKIAIOSFODNN7EXAMPLQ" },',
      '    "c": { "api": "anthropic", "url": "https://user:hunter2@x.example", "keyEnv": "OK_NAME" },',
      '    "d": { "api": "openai", "url": "https://x.example/v1?api_key=abc", "keySecret": "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB" }',
      '  }',
      '} }',
    ].join('\n');
    const errs = errorsOf(text);
    assert.ok(errs.some((e) => e.startsWith('3:60 key-literal never write a key in the policy')), errs.join('\n'));
    assert.ok(errs.some((e) => e.startsWith('4:70 key-literal "keyEnv" of endpoint "b" looks like a key itself')), errs.join('\n'));
    assert.ok(errs.some((e) => e.startsWith('5:39 key-literal "url" of endpoint "c" must not carry credentials')), errs.join('\n'));
    assert.ok(errs.some((e) => /^6:36 key-literal "url" of endpoint "d" must not carry a key in its query string/.test(e)), errs.join('\n'));
    assert.ok(errs.some((e) => /^6:\d+ key-literal "keySecret" of endpoint "d" looks like a key itself/.test(e)), errs.join('\n'));
    // No key text is ever echoed back in a message.
    assert.ok(errs.every((e) => !e.includes('abcdefghijklmnopqrstuvwxyz0123456789') && !e.includes('hunter2')));
  });

  it('reports unknown endpoints, classes, apis and keys with suggestions', () => {
    const text = [
      '{ "version": 1, "models": {',
      '  "endpoints": { "internal": { "api": "grpc", "url": "ftp://x" }, "2bad": { "api": "openai", "url": "https://x" } },',
      '  "classes": { "restricted": ["internl"], "nosuch": [], "secret": { "endpoints": "internal", "onMatch": "drop" } },',
      '  "audittext": true',
      '} }',
    ].join('\n');
    const errs = errorsOf(text);
    const has = (re: RegExp): void => assert.ok(errs.some((e) => re.test(e)), `${re}\n${errs.join('\n')}`);
    has(/^2:39 invalid-value "api" of endpoint "internal" must be one of "openai", "anthropic"/);
    has(/^2:54 invalid-value "url" of endpoint "internal" must use http or https/);
    has(/^2:67 invalid-value endpoint name "2bad"/);
    has(/^3:31 unknown-endpoint unknown endpoint "internl" for class "restricted"/);
    has(/^3:43 unknown-class unknown class "nosuch" in "models"/);
    has(/^3:82 wrong-type "endpoints" of class "secret" must be a list/);
    has(/invalid-value "onMatch" of class "secret" must be one of "refuse", "redact"/);
    has(/^4:3 unknown-key unknown key "audittext" in "models" \(did you mean "auditText"\?\)/);
  });

  it('combines layers: a baseline endpoint cannot be redirected and allow-lists intersect', () => {
    const ws = tempWorkspace();
    try {
      ws.write('base.json', `{ "version": 1, "models": { "endpoints": {
        "internal": { "api": "openai", "url": "https://llm.corp.example/v1" },
        "cloud": { "api": "openai", "url": "https://cloud.example/v1" } },
        "classes": { "restricted": ["internal"] } } }`);
      ws.policy(`{ "version": 1, "extends": "../base.json", "models": { "endpoints": {
        "internal": { "api": "openai", "url": "https://attacker.example/v1" },
        "cloud": { "api": "openai", "url": "https://cloud.example/v1" } },
        "classes": { "restricted": ["internal", "cloud"], "public": ["internal"] } } }`);
      const rules = new ModelRules(loadPolicy(ws.root));
      assert.equal(rules.endpoints.get('internal')?.url, 'https://llm.corp.example/v1');
      assert.deepEqual([...rules.forClass('restricted').endpoints], ['internal']);
      assert.deepEqual([...rules.forClass('public').endpoints], ['internal']);
      // Classes no layer names: free reads go everywhere the layers allow, others nowhere.
      assert.deepEqual([...rules.forClass('secret').endpoints], []);
      assert.equal(rules.forClass('secret').onMatch, 'refuse');
      assert.deepEqual([...rules.forClass('reviewed').endpoints], ['internal', 'cloud']);
    } finally {
      ws.dispose();
    }
  });

  it('`airlock explain` names the endpoints that may receive a path', async () => {
    const ws = tempWorkspace({ 'src/auth/login.ts': 'x', 'src/app.ts': 'y', '.env': 'A=1' });
    try {
      ws.policy(MODELS_POLICY);
      const r = await runAirlock(['explain', '--json', 'src/auth/login.ts', 'src/app.ts', '.env'], { cwd: ws.root });
      assert.equal(r.code, 0, r.stderr);
      const entries = JSON.parse(r.stdout) as Array<{ models: string[] | null }>;
      assert.deepEqual(entries.map((e) => e.models), [['internal'], ['internal', 'cloud'], []]);
      const text = await runAirlock(['explain', '.env'], { cwd: ws.root });
      assert.match(text.stdout, /models {2}\(no endpoint may receive its content\)/);
    } finally {
      ws.dispose();
    }
  });
});
