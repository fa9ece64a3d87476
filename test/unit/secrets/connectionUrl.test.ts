import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeTokens } from './fakeTokens';

describe('secrets: connection URLs', () => {
  const gen = new FakeTokens(7);

  it('finds inline passwords in database and broker URLs, locating the password', () => {
    const schemes = ['postgres', 'postgresql', 'mysql', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'amqp', 'amqps', 'postgresql+psycopg2'];
    for (const scheme of schemes) {
      const password = gen.password(14);
      const text = `DATABASE_URL = "${scheme}://app_user:${password}@db.prod.internal:5432/app"`;
      const findings = scanText(text, 'src/settings.py');
      assert.equal(findings.length, 1, scheme);
      assert.equal(findings[0].rule, 'connection-url-password');
      assert.equal(findings[0].blocking, true);
      assert.equal(findings[0].column, text.indexOf(password) + 1);
      assert.equal(findings[0].endColumn, text.indexOf(password) + password.length + 1);
    }
  });

  it('finds a redis URL with an empty user name', () => {
    const password = gen.password(20);
    assert.equal(scanText(`url: redis://:${password}@cache.internal:6379/0`, 'app.yaml').length, 1);
  });

  it('treats a password to a local host as non-blocking', () => {
    const [f] = scanText(`postgres://app:${gen.password(12)}@localhost:5432/dev`, 'README.md');
    assert.equal(f.blocking, false);
    assert.equal(f.severity, 'medium');
  });

  it('ignores placeholder and default passwords and URLs without a password', () => {
    const cases = [
      'postgres://user:password@localhost/db',
      'postgres://postgres:postgres@db:5432/app',
      'mysql://root:${MYSQL_PASSWORD}@db/app',
      'mongodb+srv://admin:<password>@cluster0.example.mongodb.net/test',
      'amqp://guest:guest@rabbit:5672/',
      'postgresql://app:changeme@db.internal/app',
      'redis://:****@cache:6379',
      'postgres://app:$DB_PASS@db/app',
      'postgres://app:%s@%s/%s',
      'postgres://app@db.internal/app',
      'postgres://db.internal:5432/app',
      'https://user:hunter2hunter2@example.com/path',
    ];
    for (const text of cases) assert.deepEqual(scanText(`url = "${text}"`, 'src/db.ts'), [], text);
  });
});
