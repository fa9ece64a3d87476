import * as assert from 'node:assert/strict';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { excludeGlobs } from '../../../src/core/workspace/excludeGlobs';
import { policyNamedPaths } from '../../../src/core/policy/policyNamedPaths';
import { walkAdmits, walkWorkspace } from '../../../src/core/workspace/walkWorkspace';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = `{ "version": 1, "rules": [
  { "paths": ["**/.env", "*.pem"], "class": "secret" },
  { "paths": ["/build/keys/"], "class": "secret" }
] }`;

describe('workspace: the one walk', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace({
      '.gitignore': 'node_modules/\n.env\nbuild/\n*.log\n',
      'src/app.ts': '',
      'src/.env': 'A=1',
      '.env': 'B=2',
      'debug.log': '',
      'node_modules/pkg/index.js': '',
      'node_modules/pkg/test/server.pem': '',
      'build/out.js': '',
      'build/keys/deploy.pem': '',
      'lib/.gitignore': 'generated/\n',
      'lib/generated/x.ts': '',
      'lib/keep.ts': '',
    });
    ws.policy(POLICY);
    ws.git('init', '-q');
  });
  afterEach(() => ws.dispose());

  const files = (opts: Parameters<typeof walkWorkspace>[1]): string[] => [...walkWorkspace(ws.root, opts)].filter((e) => !e.isDir).map((e) => e.rel);

  it('walks what git walks: the same files as `git ls-files --others --exclude-standard`', () => {
    const ours = files({}).filter((f) => !f.startsWith('.airlock/')).sort();
    const git = ws.git('ls-files', '--others', '--exclude-standard').trim().split('\n').filter((f) => !f.startsWith('.airlock/')).sort();
    assert.deepEqual(ours, git);
  });

  it('keeps ignored paths a policy rule names, and nothing else that is ignored', () => {
    const engine = loadPolicy(ws.root, { env: {} });
    const walked = [...walkWorkspace(ws.root, { keepIgnored: policyNamedPaths(engine) })];
    const rels = walked.filter((e) => !e.isDir).map((e) => e.rel);
    assert.ok(rels.includes('.env'));
    assert.ok(rels.includes('src/.env'));
    assert.ok(rels.includes('build/keys/deploy.pem'), 'an anchored rule reaches into an ignored folder');
    assert.ok(!rels.some((r) => r.startsWith('node_modules/')), 'node_modules stays out even where a file matches *.pem');
    assert.ok(!rels.includes('build/out.js'));
    assert.ok(!rels.includes('debug.log'));
    assert.ok(!rels.includes('lib/generated/x.ts'));
    assert.equal(walked.find((e) => e.rel === '.env')?.ignored, true);
    assert.equal(walked.find((e) => e.rel === 'src/app.ts')?.ignored, false);
  });

  it('honours exclusions (files.exclude) over everything, and walks below a folder alone', () => {
    const exclude = excludeGlobs({ '**/lib': true, '**/*.ts': false });
    assert.ok(!files({ exclude }).some((f) => f.startsWith('lib/')));
    assert.deepEqual(files({ under: 'lib' }), ['lib/.gitignore', 'lib/keep.ts']);
  });

  it('judges a path that appears later like the walk does', () => {
    const engine = loadPolicy(ws.root, { env: {} });
    const keepIgnored = policyNamedPaths(engine);
    assert.equal(walkAdmits(ws.root, 'node_modules/pkg/new.js', false, { keepIgnored }), false);
    assert.equal(walkAdmits(ws.root, 'lib/generated/y.ts', false, { keepIgnored }), false);
    assert.equal(walkAdmits(ws.root, 'config/.env', false, { keepIgnored }), true);
    assert.equal(walkAdmits(ws.root, 'build/keys/new.pem', false, { keepIgnored }), true);
    assert.equal(walkAdmits(ws.root, 'src/new.ts', false, { keepIgnored }), true);
  });
});
