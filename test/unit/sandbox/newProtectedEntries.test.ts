// New names the policy protects from AI edits, created inside `airlock exec` / `airlock run` in a
// folder that stays writable: no mount can stop them (a name that does not exist cannot be
// frozen), so they are moved aside when the command ends. Real bubblewrap, the real built CLI.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { auditDirFor } from '../../../src/core/audit/auditLocation';
import { buildCli, runCli } from '../../helpers/builtCli';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = JSON.stringify({
  version: 1,
  classes: {
    secret: { read: 'deny', edit: 'deny', risk: 'critical' },
    guarded: { read: 'allow', edit: 'ask', risk: 'high' },
    public: { read: 'allow', edit: 'allow', risk: 'low' },
  },
  default: 'public',
  rules: [
    { paths: ['*.sql'], class: 'guarded', reason: 'Migrations' },
    { paths: ['*.pem', 'secrets/', '**/.env', '**/.env.*'], class: 'secret', reason: 'Keys' },
    { paths: ['.env.example'], class: 'public', reason: 'Template', carveOut: true },
  ],
});

describe('new names the policy protects, created inside the sandbox (bubblewrap, built CLI)', function () {
  this.timeout(300_000);
  let ws: TempWorkspace;
  before(() => buildCli());
  beforeEach(() => {
    ws = tempWorkspace({ 'certs/README.md': 'certs\n', 'notes.txt': 'n\n', 'db/README.md': 'db\n', 'src/app.ts': 'x\n' });
    ws.policy(POLICY);
    ws.git('init', '-q');
  });
  afterEach(() => ws.dispose());

  const sandboxed = (cmd: 'exec' | 'run', script: string): ReturnType<typeof runCli> => runCli([cmd, '--root', ws.root, '--', '/bin/bash', '-c', script], { cwd: ws.root });
  const aside = (rel: string): string[] => readdirSync(path.join(ws.root, path.dirname(rel))).filter((n) => n.startsWith(`${path.basename(rel)}.airlock-quarantined-`));
  const audited = (): string[] => {
    const file = path.join(auditDirFor(ws.root), 'audit.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { tool: string; paths: string[]; reason: string }).filter((r) => r.reason.includes('protects from AI edits')).map((r) => `${r.tool} ${r.paths.join(',')}`);
  };

  it('exec: a new file of a deny class is moved aside when the command ends (content kept, warned, audited, exit status kept); ordinary new files stay', () => {
    const r = sandboxed('exec', 'echo KEY > certs/new.pem; echo y > src/new.ts; echo t > .env.example; exit 3');
    assert.equal(r.status, 3, r.stderr);
    assert.equal(existsSync(path.join(ws.root, 'certs/new.pem')), false);
    const [moved] = aside('certs/new.pem');
    assert.ok(moved);
    assert.equal(readFileSync(path.join(ws.root, 'certs', moved), 'utf8'), 'KEY\n', 'nothing lost');
    assert.match(r.stderr, /airlock exec: warning: the command created certs\/new\.pem \(a new file\), which the policy protects from AI edits \(edit deny: .*Keys.*\); no mount can stop a new name in a folder that stays writable; it was moved aside to certs\/new\.pem\.airlock-quarantined-/);
    assert.equal(readFileSync(path.join(ws.root, 'src/new.ts'), 'utf8'), 'y\n');
    assert.equal(readFileSync(path.join(ws.root, '.env.example'), 'utf8'), 't\n', 'a carve-out is not protected');
    assert.deepEqual(audited(), ['exec certs/new.pem']);
  });

  it('exec: other ways to make the name — a rename, a hard link, a symbolic link, a new folder of the class with files in it (moved once, as a whole), a nested .env', () => {
    const r = sandboxed('exec', 'mv notes.txt leaked.pem; ln src/app.ts app.pem; ln -s src/app.ts link.pem; mkdir -p lib/secrets/deep && echo s > lib/secrets/deep/a && echo s > lib/secrets/b; mkdir -p svc && echo E > svc/.env');
    assert.equal(r.status, 0, r.stderr);
    for (const rel of ['leaked.pem', 'app.pem', 'link.pem', 'lib/secrets', 'svc/.env']) {
      assert.equal(existsSync(path.join(ws.root, rel)), false, `${rel} is still there`);
      assert.equal(aside(rel).length, 1, `${rel} moved aside`);
    }
    const warnings = r.stderr.split('\n').filter((l) => l.includes('lib/secrets'));
    assert.equal(warnings.length, 1, 'the folder is reported once, not file by file');
    assert.match(warnings[0] ?? '', /the command created lib\/secrets \(a new folder\)/);
    assert.equal(readFileSync(path.join(ws.root, 'src/app.ts'), 'utf8'), 'x\n', "a hard link's other name is untouched");
    assert.deepEqual(audited().sort(), ['exec app.pem', 'exec leaked.pem', 'exec lib/secrets', 'exec link.pem', 'exec svc/.env']);
  });

  it("exec: the controls a command could create where they do not exist yet are moved aside too (.vscode/tasks.json runs commands for the user, opencode.json configures an assistant)", () => {
    const r = sandboxed('exec', 'mkdir -p .vscode && echo {} > .vscode/tasks.json; echo {} > opencode.json; echo {} > team.code-workspace');
    assert.equal(r.status, 0, r.stderr);
    for (const rel of ['.vscode/tasks.json', 'opencode.json', 'team.code-workspace']) {
      assert.equal(existsSync(path.join(ws.root, rel)), false, rel);
      assert.equal(aside(rel).length, 1, rel);
    }
  });

  it('an edit: ask class — exec moves a new file aside (a shell cannot ask); run leaves it (its file tools ask through the hooks)', () => {
    const exec = sandboxed('exec', 'echo n > db/001.sql');
    assert.equal(exec.status, 0, exec.stderr);
    assert.equal(existsSync(path.join(ws.root, 'db/001.sql')), false);
    assert.match(exec.stderr, /db\/001\.sql \(a new file\), which the policy protects from AI edits \(edit ask: /);
    const run = sandboxed('run', 'echo n > db/002.sql');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(path.join(ws.root, 'db/002.sql'), 'utf8'), 'n\n');
    assert.equal(run.stderr, '');
  });

  it('run: a deny-class file is moved aside during the session, without waiting for it to end', () => {
    const r = sandboxed('run', 'echo KEY > certs/live.pem; for i in $(seq 600); do test -e certs/live.pem || exit 4; sleep 0.1; done; exit 9');
    assert.equal(r.status, 4, r.stderr);
    assert.equal(aside('certs/live.pem').length, 1);
    assert.deepEqual(audited(), ['run certs/live.pem']);
  });

  it('`exec --explain` says what is checked when the command ends', () => {
    const r = runCli(['exec', '--root', ws.root, '--explain'], { cwd: ws.root });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Also checked when it ends .*new names the policy protects from AI edits/s);
  });
});
