// Classes that may be read but not edited (vendored or generated code, migrations) are read-only
// inside `airlock exec` / `airlock run`: a shell cannot ask, so whatever writes by itself there
// (an interpreter, `sed -i` through a variable, a build recipe) must meet the kernel. Real
// bubblewrap, real files: every way to change a frozen file is tried, and the files are compared
// byte for byte (and mode) before and after.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildCli, CLI } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const EDIT_POLICY = JSON.stringify({
  version: 1,
  classes: {
    generated: { read: 'allow', edit: 'deny' },
    migrations: { read: 'allow', edit: 'ask' },
    secret: { read: 'deny', edit: 'deny' },
  },
  rules: [
    // A folder the policy classifies as a whole, and names matched file by file.
    { paths: ['/vendor/', '/third_party/'], class: 'generated' },
    { paths: ['/db/migrations/*.sql', '*.gen.ts'], class: 'migrations' },
    // A carve-out: `third_party/` stays classified, but is frozen file by file.
    { paths: ['/third_party/patches/'], class: 'public', carveOut: true },
    { paths: ['**/.env'], class: 'secret' },
  ],
  outside: 'allow',
});

const FILES: Record<string, string> = {
  'vendor/lib.js': 'module.exports = 1;\n',
  'vendor/deep/util.js': 'exports.u = 2;\n',
  'third_party/zlib.c': 'int z;\n',
  'third_party/patches/fix.diff': 'patch\n',
  'db/migrations/001_init.sql': 'create table t (id int);\n',
  'db/migrations/README.md': 'how to add a migration\n',
  'src/api.gen.ts': 'export const api = 1;\n',
  'src/app.ts': 'export const app = 1;\n',
  '.env': 'TOKEN=x\n',
};

function fingerprint(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      out.set(rel, 'absent');
      return;
    }
    if (st.isDirectory()) {
      out.set(rel, `dir ${st.mode.toString(8)} ${readdirSync(abs).sort().join(',')}`);
      for (const name of readdirSync(abs)) walk(rel === '' ? name : `${rel}/${name}`);
    } else {
      out.set(rel, `${st.mode.toString(8)} ${createHash('sha256').update(readFileSync(abs)).digest('hex')}`);
    }
  };
  // Frozen: the whole of vendor/ (its listing too), and each file an edit-protected rule names.
  for (const top of ['vendor', 'db/migrations/001_init.sql', 'src/api.gen.ts', 'third_party/zlib.c']) walk(top);
  return out;
}

function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).map((k) => `${k}: ${before.get(k) ?? 'absent'} -> ${after.get(k) ?? 'absent'}`);
}

function exec(root: string, script: string, mode: 'exec' | 'run' = 'exec'): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, mode, '--', '/bin/bash', '-c', script], { cwd: root, encoding: 'utf8', env: { ...process.env }, timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('sandbox: edit-protected classes are read-only inside (real bubblewrap)', function () {
  this.timeout(300_000);
  let ws: TempWorkspace;
  before(() => buildCli());
  beforeEach(() => {
    ws = tempWorkspace(FILES);
    ws.policy(EDIT_POLICY);
  });
  afterEach(() => ws.dispose());

  const ATTACKS: Record<string, string> = {
    write: 'echo evil > vendor/lib.js; echo evil > src/api.gen.ts; echo evil > third_party/zlib.c',
    append: 'echo evil >> db/migrations/001_init.sql',
    truncate: 'truncate -s 0 vendor/deep/util.js; : > db/migrations/001_init.sql',
    'rename over (same folder and across mounts)': 'echo evil > db/migrations/x.tmp; mv -f db/migrations/x.tmp db/migrations/001_init.sql; echo evil > /tmp/airlock-edit-x; mv -f /tmp/airlock-edit-x vendor/lib.js; echo evil > src/y.ts; mv -f src/y.ts src/api.gen.ts',
    delete: 'rm -f vendor/lib.js db/migrations/001_init.sql src/api.gen.ts third_party/zlib.c; rm -rf vendor/deep vendor third_party',
    'mv of the parent folder, then a new file under the old name': 'mv db/migrations db/m2 || mv db db2; mkdir -p db/migrations; echo evil > db/migrations/001_init.sql; mv vendor v2; mv src s2; mv third_party t2; cd .. && mv "$OLDPWD" "$OLDPWD-moved"',
    'hard link, then write': 'ln vendor/lib.js src/l1; echo evil >> src/l1; ln db/migrations/001_init.sql db/migrations/l2; echo evil >> db/migrations/l2; cp -l src/api.gen.ts src/l3; echo evil >> src/l3',
    chmod: 'chmod 777 vendor/lib.js; chmod 000 db/migrations/001_init.sql src/api.gen.ts; chmod 777 vendor',
    'a new file in a folder classified as a whole': 'echo evil > vendor/new.js; mkdir vendor/sub; touch vendor/deep/new.js; ln -s /etc/passwd vendor/link',
    'programs that write by themselves': `python3 -c "open('vendor/lib.js','w').write('evil')"; node -e "require('fs').writeFileSync('db/migrations/001_init.sql','evil')"; f=src/api.gen.ts; sed -i s/api/evil/ $f; perl -pi -e s/exports/evil/ vendor/deep/util.js`,
  };

  for (const [name, attack] of Object.entries(ATTACKS)) {
    it(`${name}: nothing frozen changes`, () => {
      const before = fingerprint(ws.root);
      const r = exec(ws.root, attack);
      assert.deepEqual(changes(before, fingerprint(ws.root)), [], r.out);
      assert.ok(existsSync(ws.root), 'the workspace itself was not moved away');
    });
  }

  it('a hard link made before the start is frozen with the file it names', () => {
    linkSync(path.join(ws.root, 'db/migrations/001_init.sql'), path.join(ws.root, 'src/notes.sql'));
    const before = fingerprint(ws.root);
    const r = exec(ws.root, 'echo evil >> src/notes.sql; truncate -s 0 src/notes.sql');
    assert.deepEqual(changes(before, fingerprint(ws.root)), [], r.out);
    // Without the sandbox the link really changes the migration.
    spawnSync('/bin/bash', ['-c', 'echo evil >> src/notes.sql'], { cwd: ws.root });
    assert.match(readFileSync(path.join(ws.root, 'db/migrations/001_init.sql'), 'utf8'), /evil/);
  });

  it('ordinary work goes on: other files change, the carve-out and unclassified files in a frozen-by-name folder are writable', () => {
    const r = exec(ws.root, 'echo ok >> src/app.ts && echo ok >> third_party/patches/fix.diff && echo ok >> db/migrations/README.md && echo new > src/new.ts && mkdir -p build && echo o > build/out.js && cat vendor/lib.js');
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /module\.exports = 1/);
    for (const f of ['src/app.ts', 'third_party/patches/fix.diff', 'db/migrations/README.md']) assert.match(readFileSync(path.join(ws.root, f), 'utf8'), /ok\n$/, f);
    assert.ok(existsSync(path.join(ws.root, 'build/out.js')));
  });

  it('--explain lists the frozen classes with their reason, the pinned folders, and what the kernel cannot stop', () => {
    const r = spawnSync(process.execPath, [CLI, 'exec', '--explain'], { cwd: ws.root, encoding: 'utf8', env: { ...process.env } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ {2}vendor\/ {2}— edit deny: "vendor" is class "generated"/m);
    assert.match(r.stdout, /^ {2}db\/migrations\/001_init\.sql {2}— edit ask: /m);
    assert.match(r.stdout, /^ {2}src\/api\.gen\.ts {2}— edit ask: /m);
    assert.doesNotMatch(r.stdout, /^ {2}db\/migrations\/ {2}— edit/m, 'a folder is frozen whole only when the policy classifies it as a whole');
    assert.match(r.stdout, /Cannot be renamed or removed[^\n]*\n(?: {2}.*\n)*? {2}db\/migrations\/ {2}— holds a masked or read-only path/);
    assert.match(r.stdout, /^ {2}third_party\/zlib\.c {2}— edit deny: /m);
    assert.match(r.stdout, /new files: .*can be created in a folder that stays writable \(such as in third_party\/, which the policy does not classify as a whole\)/);
  });

  it('a new file that an edit-protected name pattern matches can be created in a writable folder (the residual), and is moved aside when exec ends', () => {
    const r = exec(ws.root, 'echo new > db/migrations/002_more.sql && echo new > src/other.gen.ts && test -e db/migrations/002_more.sql');
    assert.equal(r.status, 0, r.out);
    assert.equal(existsSync(path.join(ws.root, 'db/migrations/002_more.sql')), false);
    assert.ok(readdirSync(path.join(ws.root, 'db/migrations')).some((n) => n.startsWith('002_more.sql.airlock-quarantined-')));
    assert.match(r.out, /the command created db\/migrations\/002_more\.sql \(a new file\), which the policy protects from AI edits/);
  });

  it('a hook inside `airlock run` verifies the frozen set: a file that became edit-protected after the start withdraws the verification', () => {
    // A look-ahead no pattern check can reproduce: outside a sandbox this repository-wide search is
    // refused (the tree holds .env); only a verified sandbox lets it go ahead. A shell command is
    // verified against the whole spec (what it runs is confined only while all of it holds); the
    // client's own Grep only reads, so only the masks it reaches count (runMaskConfinement.ts).
    const events = {
      shell: hookPayload({ client: 'claude-code', tool: 'Bash', input: { command: "grep -rP 'TOKEN(?=x)' ." } }, ws.root),
      grep: hookPayload({ client: 'claude-code', tool: 'Grep', input: { pattern: 'TOKEN(?=x)', path: ws.root, output_mode: 'content' } }, ws.root),
    };
    const files = Object.entries(events).map(([name, event]) => {
      const file = path.join(ws.root, '..', `${path.basename(ws.root)}-${name}.json`);
      writeFileSync(file, JSON.stringify(event));
      return file;
    });
    const hook = (name: keyof typeof events): string => `"${process.execPath}" "${CLI}" hook --client claude-code < "../${path.basename(ws.root)}-${name}.json"`;
    try {
      // Verified, the shell call passes as it is; unverified it is wrapped in `airlock exec` again.
      const verified = exec(ws.root, hook('shell'), 'run');
      assert.equal(verified.status, 0, verified.out);
      assert.doesNotMatch(verified.out, /updatedInput/, 'verified: the frozen set is in force');
      assert.equal(exec(ws.root, hook('grep'), 'run').status, 0, 'verified: the masks are in force');
      const late = exec(ws.root, `echo x > src/late.gen.ts && ${hook('shell')}`, 'run');
      assert.match(late.out, /"updatedInput":\{"command":"[^"]* exec --root /, late.out);
      // The Grep reads src/late.gen.ts, which the policy lets an AI read: the masks still stand in.
      const lateGrep = exec(ws.root, `echo x > src/late2.gen.ts && ${hook('grep')}`, 'run');
      assert.equal(lateGrep.status, 0, lateGrep.out);
    } finally {
      for (const file of files) rmSync(file, { force: true });
    }
  });
});
