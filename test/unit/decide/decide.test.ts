import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide } from '../../../src/core/decide/decide';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = `{
  // a comment, as team leads write them
  "version": 1,
  "rules": [
    { "paths": ["**/.env", "**/.env.*", "*.pem", "secrets/"], "class": "secret" },
    { "paths": [".env.example"], "class": "public" },
    { "paths": ["/infra/prod/"], "class": "restricted", "reason": "Production infrastructure" },
    { "paths": ["/src/auth/"], "class": "reviewed" }
  ],
  "exceptions": [
    { "paths": ["/infra/prod/dashboards/"], "class": "reviewed", "owner": "alice@example.com",
      "reason": "Dashboard refactor", "approvedBy": "security", "expires": "2099-12-31" },
    { "paths": ["/infra/prod/old/"], "class": "public", "owner": "bob@example.com",
      "reason": "Old", "approvedBy": "security", "expires": "2020-01-01" }
  ]
}`;

describe('decide()', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace({
      '.env': 'SECRET=1',
      '.env.example': 'SECRET=',
      'app/.env.local': 'X=1',
      'certs/server.pem': 'k',
      'secrets/db.txt': 'pw',
      'infra/prod/main.tf': 'x',
      'infra/prod/dashboards/a.json': '{}',
      'infra/prod/old/b.tf': 'x',
      'src/auth/login.ts': 'x',
      'src/app.ts': 'x',
    });
    ws.policy(POLICY);
  });
  afterEach(() => ws.dispose());

  const verdict = (action: 'read' | 'edit' | 'search', path: string, cwd?: string): string =>
    decide(loadPolicy(ws.root), { action, paths: [path], cwd }).verdict;

  it('applies classes with the last matching rule winning', () => {
    assert.equal(verdict('read', '.env'), 'deny');
    assert.equal(verdict('read', '.env.example'), 'allow');
    assert.equal(verdict('read', 'app/.env.local'), 'deny');
    assert.equal(verdict('read', 'certs/server.pem'), 'deny');
    assert.equal(verdict('read', 'secrets/db.txt'), 'deny');
    assert.equal(verdict('read', 'infra/prod/main.tf'), 'ask');
    assert.equal(verdict('edit', 'infra/prod/main.tf'), 'deny');
    assert.equal(verdict('edit', 'src/auth/login.ts'), 'allow');
    assert.equal(verdict('read', 'src/app.ts'), 'allow');
  });

  it('names the deciding rule by file and line, and explains why', () => {
    const d = decide(loadPolicy(ws.root), { action: 'read', paths: ['infra/prod/main.tf'] });
    assert.equal(d.paths[0].className, 'restricted');
    assert.equal(d.paths[0].rule?.line, 7);
    assert.match(d.paths[0].rule?.source ?? '', /\.airlock\/policy\.json$/);
    assert.match(d.reason, /Production infrastructure/);
  });

  it('applies live exceptions and ignores expired ones', () => {
    const live = decide(loadPolicy(ws.root), { action: 'edit', paths: ['infra/prod/dashboards/a.json'] });
    assert.equal(live.verdict, 'allow');
    assert.equal(live.paths[0].exception?.owner, 'alice@example.com');
    assert.equal(verdict('edit', 'infra/prod/old/b.tf'), 'deny');
    const engine = loadPolicy(ws.root);
    assert.ok(engine.problems.some((p) => p.code === 'expired-exception' && p.severity === 'warning'));
  });

  describe('never gives a weaker verdict to another spelling of a protected path', () => {
    for (const spelling of ['.ENV', './.env', 'src/../.env', 'src/auth/../../.env', `.\\.env`, 'SECRETS/db.txt', 'secrets//db.txt', 'certs/SERVER.PEM', 'Secrets\\db.txt']) {
      it(spelling, () => assert.equal(verdict('read', spelling), 'deny'));
    }
    it('an absolute path inside the workspace', () => assert.equal(verdict('read', join(ws.root, '.env')), 'deny'));
    it('a file:// URI', () => assert.equal(verdict('read', `file://${join(ws.root, 'secrets/db.txt')}`), 'deny'));
    it('a path relative to another cwd', () => assert.equal(verdict('read', '../../.env', join(ws.root, 'src/auth')), 'deny'));
    it('a symlink to a protected file', () => {
      symlinkSync(join(ws.root, '.env'), join(ws.root, 'src/config.txt'));
      assert.equal(verdict('read', 'src/config.txt'), 'deny');
    });
    it('a symlinked directory on the way', () => {
      symlinkSync(join(ws.root, 'secrets'), join(ws.root, 'src/s'));
      assert.equal(verdict('read', 'src/s/db.txt'), 'deny');
    });
    it('`link/..` resolved the way the OS does', () => {
      // lexically "src/deep/../.env" is "src/.env" (no rule); really it is secrets/../.env = .env
      symlinkSync(join(ws.root, 'secrets'), join(ws.root, 'src/deep'));
      assert.equal(verdict('read', 'src/deep/../.env'), 'deny');
    });
    it('a symlink pointing outside the workspace gets the outside verdict', () => {
      symlinkSync('/etc/hostname', join(ws.root, 'src/host'));
      assert.equal(verdict('read', 'src/host'), 'ask');
    });
  });

  it('treats paths outside the workspace with the policy\'s "outside" verdict', () => {
    const d = decide(loadPolicy(ws.root), { action: 'read', paths: ['/etc/passwd'] });
    assert.equal(d.verdict, 'ask');
    assert.equal(d.paths[0].outside, true);
    assert.equal(verdict('read', '../outside.txt'), 'ask');
  });

  it('a search over a folder gets the verdict of the protected files inside it', () => {
    assert.equal(verdict('search', '.'), 'deny');
    assert.equal(verdict('search', 'infra'), 'ask');
    assert.equal(verdict('search', 'src'), 'allow');
    const d = decide(loadPolicy(ws.root), { action: 'search', paths: ['infra'] });
    assert.match(d.reason, /infra\/prod/);
  });

  it('a search over a folder reaching a symlink to a protected file is denied', () => {
    symlinkSync(join(ws.root, '.env'), join(ws.root, 'src/cfg'));
    assert.equal(verdict('search', 'src'), 'deny');
  });

  it("protects Airlock's own files from AI edits, whatever the rules say", () => {
    ws.policy(POLICY.replace('"rules": [', '"rules": [ { "paths": [".airlock/", ".claude/"], "class": "public" },'));
    for (const p of ['.airlock/policy.json', '.AIRLOCK/policy.json', '.claude/settings.json', '.github/hooks/airlock.json', 'sub/.cursorignore', '.aiexclude']) {
      assert.equal(verdict('edit', p), 'deny', p);
    }
    assert.equal(verdict('read', '.airlock/policy.json'), 'allow');
  });

  it('takes the strictest verdict over several paths', () => {
    const d = decide(loadPolicy(ws.root), { action: 'read', paths: ['src/app.ts', 'infra/prod/main.tf', '.env'] });
    assert.equal(d.verdict, 'deny');
    assert.deepEqual(d.paths.map((p) => p.verdict), ['allow', 'ask', 'deny']);
  });

  it('"ai": "off" denies everything', () => {
    ws.policy('{ "version": 1, "ai": "off" }');
    assert.equal(verdict('read', 'src/app.ts'), 'deny');
  });

  it('monitor mode allows but records what enforcement would do', () => {
    ws.policy(POLICY.replace('"version": 1,', '"version": 1, "mode": "monitor",'));
    const d = decide(loadPolicy(ws.root), { action: 'read', paths: ['.env'] });
    assert.equal(d.verdict, 'allow');
    assert.equal(d.enforcedVerdict, 'deny');
    assert.match(d.reason, /monitor/);
  });

  it('fails closed with the error location while the policy is invalid, and recovers when fixed', () => {
    ws.policy('{ "version": 1, "rules": [ { "paths": ["src/"], "class": "secrte" } ] }');
    const d = decide(loadPolicy(ws.root), { action: 'read', paths: ['src/app.ts'] });
    assert.equal(d.verdict, 'deny');
    assert.match(d.reason, /policy\.json:1:\d+.*unknown class "secrte".*did you mean "secret"/);
    assert.equal(d.location?.line, 1);
    ws.policy('{ "version": 1, "rules": [ { "paths": ["src/"], "class": "secret" } ] }');
    assert.equal(verdict('read', 'README.md'), 'allow');
  });

  it('a missing policy fails closed', () => {
    const d = decide(loadPolicy(join(ws.root, 'nowhere')), { action: 'read', paths: ['a'] });
    assert.equal(d.verdict, 'deny');
    assert.match(d.reason, /cannot read the policy/);
  });

  describe('layering: baselines can be tightened, never loosened', () => {
    it('extends: the strictest verdict of all layers wins', () => {
      ws.write('.airlock/org.json', '{ "version": 1, "rules": [ { "paths": ["/src/auth/"], "class": "secret" } ] }');
      ws.policy(POLICY.replace('"version": 1,', '"version": 1, "extends": "org.json",'));
      assert.equal(verdict('read', 'src/auth/login.ts'), 'deny');
      assert.equal(verdict('read', '.env.example'), 'allow');
    });
    it('a repository cannot loosen a baseline by redefining a class', () => {
      const base = ws.write('../org-baseline.json', '{ "version": 1, "rules": [ { "paths": ["*.pem"], "class": "secret" } ] }');
      ws.policy('{ "version": 1, "classes": { "secret": { "read": "allow", "edit": "allow" } }, "mode": "monitor" }');
      const engine = loadPolicy(ws.root, { env: { AIRLOCK_BASELINE: base } });
      const d = decide(engine, { action: 'read', paths: ['certs/server.pem'] });
      assert.equal(d.verdict, 'deny', 'baseline still denies; monitor needs every layer');
      assert.equal(engine.layers.length, 2);
    });
    it('a broken baseline fails closed', () => {
      const base = ws.write('../broken.json', '{ "version": 1, ');
      const d = decide(loadPolicy(ws.root, { env: { AIRLOCK_BASELINE: base } }), { action: 'read', paths: ['src/app.ts'] });
      assert.equal(d.verdict, 'deny');
      assert.match(d.reason, /broken\.json:1:\d+/);
    });
    it('an extends cycle is reported', () => {
      ws.write('.airlock/a.json', '{ "version": 1, "extends": "policy.json" }');
      ws.policy('{ "version": 1, "extends": "a.json" }');
      const engine = loadPolicy(ws.root);
      assert.ok(engine.problems.some((p) => p.code === 'extends-cycle'));
      assert.equal(engine.valid, false);
    });
  });

  it('decides many paths in one request, each with its own verdict', () => {
    mkdirSync(join(ws.root, 'many'));
    for (let i = 0; i < 50; i++) writeFileSync(join(ws.root, 'many', `f${i}.txt`), '');
    const engine = loadPolicy(ws.root);
    const d = decide(engine, { action: 'read', paths: Array.from({ length: 50 }, (_, i) => `many/f${i}.txt`) });
    assert.equal(d.verdict, 'allow');
    assert.equal(d.paths.length, 50);
  });
});

describe('decide(): search scopes narrowed by a file-name glob', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace({ '.env': 'X=1', 'src/a.ts': 'x', 'src/b.md': 'y', 'secrets/k.ts': 'k' });
    ws.policy('{ "version": 1, "rules": [ { "paths": ["**/.env", "secrets/"], "class": "secret" } ] }');
  });
  afterEach(() => ws.dispose());
  const search = (glob: string | undefined): string => decide(loadPolicy(ws.root), { action: 'search', paths: ['.'], searchGlob: glob }).verdict;

  it('a glob that cannot select a protected file lets the search run', () => {
    assert.equal(search('*.md'), 'allow');
    assert.equal(search('src/**/*.md'), 'allow');
  });
  it('a glob that selects a protected file keeps the protected verdict', () => {
    assert.equal(search('**/*.ts'), 'deny', 'secrets/k.ts');
    assert.equal(search('*.ts'), 'deny', 'by name at any depth');
    assert.equal(search('**/.env*'), 'deny');
    assert.equal(search('.ENV'), 'deny', 'ignoring case');
    assert.equal(search('{*.md,.env}'), 'deny', 'braces');
  });
  it('no glob: the whole scope counts', () => assert.equal(search(undefined), 'deny'));
});
