// Repositories made or re-pointed inside `airlock exec` / `airlock run`: no mount froze their
// config or hooks (they did not exist when the sandbox was built), so a setting that runs a
// program would run in a PERSON's next plain `git status` there (or the editor's git), outside any
// sandbox. Real git, real bubblewrap, the real built CLI; each planted program appends to a marker
// outside the workspace, and the person's git runs afterwards with no Airlock around it.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { auditDirFor } from '../../../src/core/audit/auditLocation';
import { nonInertSettings } from '../../../src/core/sandbox/inertGitConfig';
import { TreeCensus } from '../../../src/core/sandbox/treeCensus';
import { posixQuote } from '../../../src/core/util/posixQuote';
import { buildCli, runCli } from '../../helpers/builtCli';
import { GIT_ENV, gitTrap, type GitTrap } from '../../helpers/gitTrap';
import type { TempWorkspace } from '../../helpers/tempWorkspace';

describe('repositories made or re-pointed inside the sandbox (real git, bubblewrap, built CLI)', function () {
  this.timeout(300_000);
  let trap: GitTrap;
  let tmp: string;
  let marker: string;
  let ws: TempWorkspace;
  before(() => buildCli());
  beforeEach(() => {
    trap = gitTrap('airlock-nested-');
    ({ tmp, marker, ws } = trap);
  });
  afterEach(() => trap.dispose());

  const program = (label: string): string => trap.program(label);
  const markerText = (): string => trap.markerText();
  /** What a person runs afterwards, outside any sandbox: plain git, a status and a checkout (hooks). */
  const personGit = (dir: string): void => {
    spawnSync('git', ['status', '--short'], { cwd: dir, env: GIT_ENV });
    spawnSync('git', ['checkout', '-q', '-B', 'person'], { cwd: dir, env: GIT_ENV });
  };
  const sandboxed = (cmd: 'exec' | 'run', script: string): ReturnType<typeof runCli> => runCli([cmd, '--root', ws.root, '--', '/bin/bash', '-c', script], { cwd: ws.root });
  const aside = (dir: string, name: string): string[] => readdirSync(dir).filter((n) => n.startsWith(`${name}.airlock-quarantined-`));
  const auditPaths = (): string[] => {
    const file = path.join(auditDirFor(ws.root), 'audit.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { tool: string; paths: string[]; reason: string }).filter((r) => r.reason.includes('planted')).map((r) => `${r.tool} ${r.paths.join(',')}`);
  };
  /** A repository made inside with one commit, so the person's checkout has something to run hooks on. */
  const initSub = (dir: string): string => `git init -q ${dir} && git -C ${dir} -c user.name=A -c user.email=a@b commit -q --allow-empty -m s`;

  it('the attack is real: without Airlock the person\'s git status and checkout run the planted fsmonitor and hook', () => {
    const r = spawnSync('/bin/bash', ['-c', `${initSub('sub')} && git -C sub config core.fsmonitor ${posixQuote(program('fsmonitor'))} && printf '#!/bin/sh\\necho hook >> ${marker}\\n' > sub/.git/hooks/post-checkout && chmod +x sub/.git/hooks/post-checkout`], { cwd: ws.root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    personGit(path.join(ws.root, 'sub'));
    assert.match(markerText(), /fsmonitor/);
    assert.match(markerText(), /hook/);
  });

  it('exec: a new repository\'s fsmonitor and hook are moved aside when the command ends (content kept, warned, audited, exit status kept); samples stay', () => {
    const r = sandboxed('exec', `${initSub('sub')} && git -C sub config core.fsmonitor ${posixQuote(program('fsmonitor'))} && printf '#!/bin/sh\\necho hook >> ${marker}\\n' > sub/.git/hooks/post-checkout && chmod +x sub/.git/hooks/post-checkout; exit 6`);
    assert.equal(r.status, 6, r.stderr);
    const gitDir = path.join(ws.root, 'sub/.git');
    assert.equal(existsSync(path.join(gitDir, 'config')), false);
    assert.equal(existsSync(path.join(gitDir, 'hooks/post-checkout')), false);
    const [config] = aside(gitDir, 'config');
    assert.ok(config, 'the config was moved aside');
    assert.match(readFileSync(path.join(gitDir, config), 'utf8'), /fsmonitor = .*echo fsmonitor/, 'nothing lost');
    assert.equal(aside(path.join(gitDir, 'hooks'), 'post-checkout').length, 1);
    assert.ok(readdirSync(path.join(gitDir, 'hooks')).some((n) => n.endsWith('.sample')), "git's sample hooks are left alone");
    assert.match(r.stderr, /airlock exec: warning: sub\/\.git\/config \(a git config setting core\.fsmonitor\) was left where no mount froze it .* moved aside to sub\/\.git\/config\.airlock-quarantined-/);
    assert.match(r.stderr, /airlock exec: warning: sub\/\.git\/hooks\/post-checkout \(a git hook\)/);
    assert.deepEqual(auditPaths().sort(), ['exec sub/.git/config', 'exec sub/.git/hooks/post-checkout']);
    personGit(path.join(ws.root, 'sub'));
    assert.equal(markerText(), '');
    // The repository still works for the person (git's defaults stand in for the moved config).
    assert.equal(spawnSync('git', ['log', '--oneline'], { cwd: path.join(ws.root, 'sub'), encoding: 'utf8' }).status, 0);
  });

  it('ordinary work is left alone: git init, commits, a clone (remote and branch settings), identity; no warning, nothing moved', () => {
    const src = path.join(tmp, 'upstream');
    execFileSync('git', ['init', '-q', src]);
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'u'], { cwd: src, env: GIT_ENV });
    const r = sandboxed('exec', `${initSub('app')} && git -C app config user.email dev@example.com && git -C app config pull.rebase true && git clone -q ${posixQuote(src)} vendor/lib && git -C vendor/lib checkout -q -b work`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    for (const dir of ['app/.git', 'vendor/lib/.git']) {
      assert.ok(existsSync(path.join(ws.root, dir, 'config')), `${dir}/config kept`);
      assert.deepEqual(aside(path.join(ws.root, dir), 'config'), []);
    }
    assert.match(readFileSync(path.join(ws.root, 'vendor/lib/.git/config'), 'utf8'), /url = /);
    assert.deepEqual(auditPaths(), []);
    // The next command's sandbox finds them and freezes them like any repository.
    const again = sandboxed('exec', `git -C app config core.fsmonitor ${posixQuote(program('later'))}`);
    assert.notEqual(again.status, 0);
  });

  it("git's own parser reads the config: other spellings of a setting that runs a program are all caught", () => {
    const spellings: Record<string, string> = {
      'same line': `[core]fsmonitor = ${program('s1')}`,
      'upper case': `[CORE]\n\tFsMonitor = ${program('s2')}`,
      'hooks path': '[core]\n\thooksPath = /tmp',
      alias: '[alias]\n\tst = !sh -c id',
      'include': `[include]\n\tpath = ${path.join(tmp, 'other.cfg')}`,
      'includeIf': `[includeIf "gitdir:/"]\n\tpath = ${path.join(tmp, 'other.cfg')}`,
      'filter driver': '[filter "x"]\n\tclean = sh -c id',
      'diff textconv': '[diff "x"]\n\ttextconv = sh -c id',
      'continued line': `[core]\n\tfsmonitor = echo \\\n s3 >> ${marker}`,
      'unknown section': '[frobnicate]\n\tx = 1',
    };
    for (const [name, text] of Object.entries(spellings)) {
      const file = path.join(tmp, `${name.replace(/ /g, '-')}.cfg`);
      writeFileSync(file, `[core]\n\trepositoryformatversion = 0\n${text}\n`);
      const r = nonInertSettings(file);
      assert.ok('settings' in r && r.settings.length > 0, `${name}: ${JSON.stringify(r)}`);
    }
    const broken = path.join(tmp, 'broken.cfg');
    writeFileSync(broken, '[core\n');
    assert.ok('error' in nonInertSettings(broken), 'a config git cannot read is not called inert');
    const init = path.join(tmp, 'init');
    execFileSync('git', ['init', '-q', init]);
    assert.deepEqual(nonInertSettings(path.join(init, '.git/config')), { settings: [] });
  });

  it('exec: a .git file pointing at a git dir planted in the work tree — that git dir\'s config is moved aside', () => {
    const r = sandboxed('exec', `git init -q --bare stash/evil && git -C stash/evil config core.fsmonitor ${posixQuote(program('bare'))} && mkdir -p app && echo 'gitdir: ../stash/evil' > app/.git && git --git-dir=stash/evil config core.bare false`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(path.join(ws.root, 'stash/evil/config')), false);
    assert.equal(aside(path.join(ws.root, 'stash/evil'), 'config').length, 1);
    personGit(path.join(ws.root, 'app'));
    assert.equal(markerText(), '');
  });

  it('exec: a .git file or link pointing at a repository outside the workspace: the pointer is moved aside, the other repository is not touched', () => {
    const other = path.join(tmp, 'other');
    execFileSync('git', ['init', '-q', other]);
    execFileSync('git', ['config', 'core.fsmonitor', program('outside')], { cwd: other });
    const before = readFileSync(path.join(other, '.git/config'), 'utf8');
    for (const [name, script] of [['file', `mkdir -p p && echo 'gitdir: ${path.join(other, '.git')}' > p/.git`], ['link', `mkdir -p l && ln -s ${posixQuote(path.join(other, '.git'))} l/.git`]] as const) {
      const r = sandboxed('exec', script);
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      const dir = name === 'file' ? 'p' : 'l';
      assert.equal(existsSync(path.join(ws.root, dir, '.git')) || lstatIsLink(path.join(ws.root, dir, '.git')), false, `${name}: the pointer is gone`);
      assert.equal(aside(path.join(ws.root, dir), '.git').length, 1, `${name}: moved aside`);
      assert.match(r.stderr, new RegExp(`${dir}/\\.git \\(a \\.git ${name} naming `));
      personGit(path.join(ws.root, dir));
    }
    assert.equal(markerText(), '');
    assert.equal(readFileSync(path.join(other, '.git/config'), 'utf8'), before, "the other repository's config is not Airlock's to move");
  });

  it('exec: a .git file that was there and unchanged is left alone; rewritten inside, it is checked', () => {
    const other = path.join(tmp, 'other');
    execFileSync('git', ['init', '-q', other]);
    execFileSync('git', ['config', 'core.fsmonitor', program('person')], { cwd: other });
    // The person's own linked worktree layout: a .git file naming a repository outside.
    ws.write('wt/.git', `gitdir: ${path.join(other, '.git')}\n`);
    // One written within 2 s of the sandbox's walk is checked anyway (treeCensus.ts, coarse clocks): let it settle.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_200);
    const plain = sandboxed('exec', 'echo b > b.txt');
    assert.equal(plain.status, 0, plain.stderr);
    assert.equal(plain.stderr, '');
    assert.ok(existsSync(path.join(ws.root, 'wt/.git')));
    const evil = path.join(tmp, 'evil');
    execFileSync('git', ['init', '-q', evil]);
    execFileSync('git', ['config', 'core.fsmonitor', program('repointed')], { cwd: evil });
    const r = sandboxed('exec', `echo 'gitdir: ${path.join(evil, '.git')}' > wt/.git`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(path.join(ws.root, 'wt/.git')), false);
    assert.match(r.stderr, /wt\/\.git \(a \.git file naming /);
  });

  it("a repository that existed when the sandbox was built keeps a person's own settings (frozen, not moved); a commondir planted in it is moved aside", () => {
    execFileSync('git', ['init', '-q', path.join(ws.root, 'tools')]);
    execFileSync('git', ['config', 'core.fsmonitor', 'true'], { cwd: path.join(ws.root, 'tools') });
    execFileSync('git', ['config', 'alias.st', '!git status'], { cwd: path.join(ws.root, 'tools') });
    const r = sandboxed('exec', `echo ${posixQuote(path.join(tmp, 'x'))} > tools/.git/commondir`);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(path.join(ws.root, 'tools/.git/config')), "the person's config stays");
    assert.equal(existsSync(path.join(ws.root, 'tools/.git/commondir')), false);
    assert.match(r.stderr, /tools\/\.git\/commondir \(a commondir file\)/);
  });

  it('run: moved aside during the session, without waiting for it to end (the agent sees it gone)', () => {
    // Exit 4: gone while the session still runs; exit 9: still there after 60 s.
    const r = sandboxed('run', `${initSub('sub')} && git -C sub config core.fsmonitor ${posixQuote(program('session'))} && for i in $(seq 600); do test -e sub/.git/config || exit 4; sleep 0.1; done; exit 9`);
    assert.equal(r.status, 4, r.stderr);
    assert.equal((r.stderr.match(/moved aside/g) ?? []).length, 1, 'reported once');
    assert.deepEqual(auditPaths(), ['run sub/.git/config']);
  });

  it('run: a config found inert and remembered is checked again once it changes', () => {
    // Made, left 5 s (checks run meanwhile and remember it as inert), then changed by a plain append.
    const r = sandboxed('run', `${initSub('sub')} && sleep 5 && test -e sub/.git/config && printf '[core]\\n\\tfsmonitor = ${program('late')}\\n' >> sub/.git/config && for i in $(seq 600); do test -e sub/.git/config || exit 4; sleep 0.1; done; exit 9`);
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stderr, /sub\/\.git\/config \(a git config setting core\.fsmonitor\)/);
    personGit(path.join(ws.root, 'sub'));
    assert.equal(markerText(), '');
  });

  it('a submodule the command adds: its git dir under .git/modules is checked too', () => {
    const lib = path.join(tmp, 'lib');
    execFileSync('git', ['init', '-q', lib]);
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'lib'], { cwd: lib, env: GIT_ENV });
    // The superproject's config is frozen, so `git submodule add` cannot register it; its clone still lands.
    const r = sandboxed('exec', `mkdir -p .git/modules && git -c protocol.file.allow=always clone -q --separate-git-dir=.git/modules/libx ${posixQuote(lib)} libx; git --git-dir=.git/modules/libx config core.fsmonitor ${posixQuote(program('module'))}; true`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(path.join(ws.root, '.git/modules/libx/config')), false);
    assert.match(r.stderr, /\.git\/modules\/libx\/config \(a git config setting core\.fsmonitor\)/);
    personGit(path.join(ws.root, 'libx'));
    personGit(ws.root);
    assert.equal(markerText(), '');
  });

  it('a flood of new repositories: the first 200 configs are read with git, the rest are moved aside unread (bounded work, fail closed)', () => {
    const r = sandboxed('exec', 'for i in $(seq 205); do git init -q flood/r$i || exit 1; done');
    assert.equal(r.status, 0, r.stderr);
    const kept = readdirSync(path.join(ws.root, 'flood')).filter((d) => existsSync(path.join(ws.root, 'flood', d, '.git/config')));
    assert.equal(kept.length, 200, 'the inert configs read are left alone');
    assert.equal((r.stderr.match(/was not checked \(more than 200 new configs at once\)/g) ?? []).length, 5);
  });

  describe('TreeCensus', () => {
    const record = (census: TreeCensus, dir: string): void => {
      const entries = readdirSync(dir, { withFileTypes: true }).map((e) => [e.name, e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : 'f', null, null] as const);
      census.folder(dir, lstatSync(dir, { bigint: true }), entries);
      for (const e of entries) if (e[1] === 'd' && e[0] !== '.git') record(census, path.join(dir, e[0]));
    };
    const listed = (found: ReturnType<TreeCensus['changes']>): Array<[string, string, boolean]> => found.gitEntries.map((e): [string, string, boolean] => [path.relative(ws.root, e.path), e.kind, e.changed]).sort();

    it('finds .git entries again after a change, and tells unchanged .git files from rewritten ones', () => {
      const root = ws.root;
      ws.write('deep/a/b/.git', 'gitdir: x\n');
      mkdirSync(path.join(root, 'keep/.git'), { recursive: true });
      // As if the walk ran 10 s after these were written (their listings have settled).
      const census = new TreeCensus(Date.now() + 10_000);
      record(census, root);
      assert.deepEqual(listed(census.changes(root, () => false)), [['deep/a/b/.git', 'file', false], ['keep/.git', 'dir', true]]);
      ws.write('new/x/.git/config', '');
      writeFileSync(path.join(root, 'deep/a/b/.git'), 'gitdir: y\n');
      const later = new Date(Date.now() + 20_000);
      utimesSync(path.join(root, 'deep/a/b/.git'), later, later);
      const second = census.changes(root, (dir) => dir === path.join(root, 'keep'));
      assert.deepEqual(listed(second), [['deep/a/b/.git', 'file', true], ['new/x/.git', 'dir', true]]);
      assert.equal(second.truncated, false);
    });

    it('a folder or .git file changed within 2 s before the walk is read again at the end (coarse file-system clocks), not trusted', () => {
      const root = ws.root;
      ws.write('fresh/.git', 'gitdir: x\n');
      const census = new TreeCensus(); // now: everything was written just now
      record(census, root);
      // Same length, same second: a file system with coarse timestamps could show the same identity.
      writeFileSync(path.join(root, 'fresh/.git'), 'gitdir: y\n');
      mkdirSync(path.join(root, 'fresh/sub/.git'), { recursive: true });
      assert.deepEqual(listed(census.changes(root, () => false)), [['fresh/.git', 'file', true], ['fresh/sub/.git', 'dir', true]]);
    });
  });
});

function lstatIsLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
