// A mask hides a name; a hard link is another name for the same file. Real bubblewrap: links that
// exist when the sandbox starts (to a masked file, to a file inside a masked folder, from inside
// `.git`) must read nothing under `airlock exec` and `airlock run`; links cannot be made inside;
// links outside the workspace, which Airlock does not look for, are named in `--explain`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { linkSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { CLI } from '../../helpers/builtCli';
import { CANARIES, leakedCanaries, sandboxSuite } from '../../helpers/sandboxWorkspace';

describe('sandbox: hard links of protected files (real bubblewrap)', function () {
  const template = sandboxSuite(this, 300_000);

  const run = (ws: string, args: readonly string[], script?: string): { status: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [CLI, ...args, ...(script === undefined ? [] : ['--', '/bin/bash', '-c', script])], { cwd: ws, encoding: 'utf8', env: { ...process.env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('links made before the start (to a masked file, into a masked folder\'s file, inside .git) read nothing', () => {
    const ws = template.fresh();
    linkSync(path.join(ws, '.env'), path.join(ws, 'src/notes.txt'));
    linkSync(path.join(ws, 'secrets/signing-key.pem'), path.join(ws, 'src/key.txt'));
    linkSync(path.join(ws, 'infra/prod/terraform.tfvars'), path.join(ws, '.git/vars.txt'));
    linkSync(path.join(ws, '.env'), path.join(ws, '.git/info/env.txt'));
    const attack = 'cat src/notes.txt src/key.txt .git/vars.txt .git/info/env.txt; grep -rh CANARY src .git 2>/dev/null; tar cf - src .git 2>/dev/null | strings';
    // Without the sandbox the links really give up the content.
    assert.ok(leakedCanaries(spawnSync('/bin/bash', ['-c', attack], { cwd: ws, encoding: 'utf8' }).stdout).length >= 3);
    for (const mode of ['exec', 'run']) {
      const r = run(ws, [mode], attack);
      assert.deepEqual(leakedCanaries(`${r.stdout}${r.stderr}`), [], `${mode}:\n${r.stdout}${r.stderr}`);
    }
    const explain = run(ws, ['exec', '--explain']).stdout;
    for (const link of ['src/notes.txt', 'src/key.txt', '.git/vars.txt', '.git/info/env.txt']) assert.match(explain, new RegExp(`${link.replace(/\./g, '\\.')} +— a hard link to`), explain);
  });

  it('a link to a protected file cannot be made inside (the masks are other mounts), by any tool', () => {
    const ws = template.fresh();
    const r = run(ws, ['exec'], [
      'ln .env src/a.txt', 'ln infra/prod/terraform.tfvars src/b.txt', 'ln secrets/signing-key.pem src/c.txt', 'cp -l .env src/d.txt',
      'python3 -c \'import os; os.link(".env", "src/e.txt")\'', 'cat src/?.txt',
    ].map((c) => `${c} 2>&1`).join('; '));
    assert.deepEqual(leakedCanaries(`${r.stdout}${r.stderr}`), [], r.stdout);
    assert.match(r.stdout, /cross-device|No such file/);
  });

  it('a link outside the workspace is not masked: --explain names the file and how many such links it has', () => {
    const ws = template.fresh();
    const outside = path.join(path.dirname(ws), `outside-${path.basename(ws)}.txt`);
    linkSync(path.join(ws, '.env'), outside);
    try {
      const explain = run(ws, ['exec', '--explain']).stdout;
      assert.match(explain, /hard links outside the workspace are not masked: .*\.env has 1 such link/, explain);
      // It is what the residual says: readable inside.
      const r = run(ws, ['exec'], `cat ${outside}`);
      assert.ok(r.stdout.includes(CANARIES['.env']), 'the residual is real: the outside link reads the file');
    } finally {
      rmSync(outside, { force: true });
    }
  });
});
