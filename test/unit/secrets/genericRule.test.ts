import * as assert from 'node:assert/strict';
import { isConfigLikePath } from '../../../src/core/secrets/configFiles';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeTokens } from './fakeTokens';

describe('secrets: generic key=value rule', () => {
  const gen = new FakeTokens(11);

  it('applies only to configuration-like files', () => {
    for (const p of ['.env', '.env.production', 'config/app.env', 'gradle.properties', 'prod.tfvars', 'setup.cfg', 'php.ini',
      'nginx.conf', '.github/workflows/ci.yml', '.gitlab-ci.yml', 'docker-compose.override.yml', 'src/main/resources/application-prod.yaml']) {
      assert.ok(isConfigLikePath(p), p);
    }
    for (const p of ['src/index.ts', 'app.py', 'main.go', 'package.json', 'README.md', 'values.json', '.github/CODEOWNERS']) {
      assert.ok(!isConfigLikePath(p), p);
    }
  });

  it('finds a random value under a secret-named key, non-blocking, in several config syntaxes', () => {
    const v = gen.password(24);
    const cases: [string, string][] = [
      ['.env', `DB_HOST=db.internal\nDB_PASSWORD=${v}\n`],
      ['.env', `export API_KEY="${v}" # prod\n`],
      ['config/app.properties', `spring.datasource.password = ${v}\n`],
      ['application.yml', `spring:\n  datasource:\n    password: '${v}'\n`],
      ['docker-compose.yml', `services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${v}\n`],
      ['.github/workflows/deploy.yml', `env:\n  DEPLOY_TOKEN: ${v}\n`],
      ['infra/prod.tfvars', `client_secret = "${v}"\n`],
    ];
    for (const [file, text] of cases) {
      const findings = scanText(text, file);
      assert.equal(findings.length, 1, `${file}: ${text}`);
      assert.equal(findings[0].rule, 'generic-secret');
      assert.equal(findings[0].blocking, false);
      assert.equal(findings[0].column, text.split('\n')[findings[0].line - 1].indexOf(v) + 1);
    }
  });

  it('runs on source code too, with less confidence there and least in tests; never blocking by default', () => {
    const v = gen.password(24);
    const [inSource] = scanText(`const password = "${v}";`, 'src/login.ts');
    const [inTest] = scanText(`const password = "${v}";`, 'src/login.test.ts');
    const [inConfig] = scanText(`PASSWORD=${v}\n`, '.env');
    assert.equal(inSource.rule, 'generic-secret');
    assert.equal(inSource.blocking, false);
    assert.ok((inTest.confidence ?? 1) < (inSource.confidence ?? 0), JSON.stringify([inTest, inSource]));
    assert.ok((inSource.confidence ?? 1) < (inConfig.confidence ?? 0));
  });

  it('blocks at or above the confidence the caller (the policy) sets', () => {
    const text = `CLIENT_SECRET=${gen.password(40)}\n`;
    const [f] = scanText(text, '.env');
    const c = f.confidence ?? 0;
    assert.equal(scanText(text, '.env', { genericBlockConfidence: c })[0].blocking, true);
    assert.equal(scanText(text, '.env', { genericBlockConfidence: c + 0.01 })[0].blocking, false);
  });

  it('ignores placeholders, references and non-secret keys', () => {
    const values = ['changeme', '${DB_PASSWORD}', '{{ vault_password }}', '<token>', 'xxxxxxxxxxxxxxxx', 'your-api-key-here',
      'example-secret-123', 'dummy', 'test1234567', '********', "${{ secrets.DEPLOY_TOKEN }}", 'ENC[AES256_GCM,data:abc]',
      '/run/secrets/db_password', 'production-database', 'true', '3600'];
    for (const v of values) assert.deepEqual(scanText(`SECRET_KEY=${v}\n`, '.env'), [], v);
    const random = gen.password(24);
    for (const key of ['TOKEN_URL', 'PASSWORD_FILE', 'SECRET_NAME', 'client_id', 'OAUTH_TOKEN_ENDPOINT', 'PUBLIC_KEY']) {
      assert.deepEqual(scanText(`${key}=${random}\n`, '.env'), [], key);
    }
  });

  it('yields to a provider rule on the same value', () => {
    const token = gen.github();
    const findings = scanText(`GITHUB_TOKEN=${token}\n`, '.env');
    assert.deepEqual(findings.map((f) => [f.rule, f.blocking]), [['github-pat', true]]);
  });
});
