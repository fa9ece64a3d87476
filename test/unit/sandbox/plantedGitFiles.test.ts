// Git control files a command inside `airlock exec`/`airlock run` could write or plant so that a
// PERSON's next plain `git status`, outside any sandbox, runs its program: a submodule's git dir
// (config, hooks, the submodule's `.git` file) and a `commondir` in a git dir that has none (git
// then takes its config from wherever it points). Real git, real bubblewrap, the real built CLI;
// each planted program appends to a marker outside the workspace.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { auditDirFor } from '../../../src/core/audit/auditLocation';
import { gitControl } from '../../../src/core/sandbox/gitControlPaths';
import { posixQuote } from '../../../src/core/util/posixQuote';
import { buildCli, CLI, runCli } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { GIT_ENV, gitTrap, type GitTrap } from '../../helpers/gitTrap';
import type { TempWorkspace } from '../../helpers/tempWorkspace';
import { until } from '../../helpers/waitUntil';

describe('git control files planted or reached inside the sandbox (real git, bubblewrap, built CLI)', function () {
  this.timeout(300_000);
  let trap: GitTrap;
  let tmp: string;
  let marker: string;
  let ws: TempWorkspace;
  before(() => buildCli());
  beforeEach(() => {
    trap = gitTrap('airlock-plant-');
    ({ tmp, marker, ws } = trap);
  });
  afterEach(() => trap.dispose());

  const fsmonitor = (label: string): string => trap.program(label);
  const markerText = (): string => trap.markerText();
  /** What a person runs afterwards, outside any sandbox: plain git, their own configuration. */
  const personGitStatus = (cwd = ws.root): void => void spawnSync('git', ['status', '--short'], { cwd, env: GIT_ENV, encoding: 'utf8' });
  const sandboxed = (cmd: 'exec' | 'run', script: string, root = ws.root): ReturnType<typeof runCli> => runCli([cmd, '--root', root, '--', '/bin/bash', '-c', script], { cwd: root });
  /** A repository outside the workspace whose config runs the marker on any index read: where a planted commondir points. */
  const evilRepo = (): string => {
    const evil = path.join(tmp, 'evil-git');
    execFileSync('cp', ['-r', path.join(ws.root, '.git'), evil]);
    execFileSync('git', ['config', '--file', path.join(evil, 'config'), 'core.fsmonitor', fsmonitor('commondir')]);
    return evil;
  };
  const quarantined = (gitDir = path.join(ws.root, '.git')): string[] => readdirSync(gitDir).filter((n) => n.startsWith('commondir.airlock-quarantined-'));
  const auditReasons = (): string[] => {
    const file = path.join(auditDirFor(ws.root), 'audit.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { tool: string; paths: string[]; verdict: string; reason: string }).filter((r) => r.reason?.includes('redirects git')).map((r) => `${r.tool} ${r.verdict} ${r.paths.join(',')}: ${r.reason}`);
  };
  /** A submodule named `libs/lib` (its git dir nested in a plain folder under .git/modules/). */
  const addSubmodule = (): { gitDir: string; work: string } => {
    const lib = path.join(tmp, 'lib');
    mkdirSync(lib);
    execFileSync('git', ['init', '-q'], { cwd: lib });
    writeFileSync(path.join(lib, 'f.txt'), 'f\n');
    execFileSync('git', ['add', 'f.txt'], { cwd: lib });
    execFileSync('git', ['commit', '-qm', 'lib'], { cwd: lib, env: GIT_ENV });
    ws.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'libs/lib');
    ws.git('commit', '-qm', 'submodule');
    return { gitDir: path.join(ws.root, '.git/modules/libs/lib'), work: path.join(ws.root, 'libs/lib') };
  };

  describe('submodule git dirs', () => {
    it("a person's plain `git status` in the superproject runs the fsmonitor a submodule's git dir configures (why they are frozen)", () => {
      const sub = addSubmodule();
      execFileSync('git', ['config', '--file', path.join(sub.gitDir, 'config'), 'core.fsmonitor', fsmonitor('submodule')]);
      personGitStatus();
      assert.match(markerText(), /submodule/);
    });

    it("inside exec a submodule's config and hooks are read-only and its git dir stays in place; the person's git status runs nothing", () => {
      const sub = addSubmodule();
      const config = path.join(sub.gitDir, 'config');
      const before = readFileSync(config, 'utf8');
      const attempts = [
        `git config --file ${posixQuote(config)} core.fsmonitor ${posixQuote(fsmonitor('config'))}`,
        `echo '[core]' >> ${posixQuote(config)}`,
        `cd libs/lib && git config core.fsmonitor ${posixQuote(fsmonitor('config-from-submodule'))}`,
        `printf '#!/bin/sh\\necho hook >> ${marker}\\n' > ${posixQuote(path.join(sub.gitDir, 'hooks/post-checkout'))}`,
        `rm -rf ${posixQuote(path.join(sub.gitDir, 'hooks'))}`,
        `mv ${posixQuote(sub.gitDir)} ${posixQuote(`${sub.gitDir}.old`)}`,
        `mv .git/modules .git/modules.old`,
        `mv .git/modules/libs .git/modules/libs.old`,
      ];
      for (const script of attempts) {
        const r = sandboxed('exec', script);
        assert.notEqual(r.status, 0, `${script}: succeeded inside the sandbox`);
      }
      assert.equal(readFileSync(config, 'utf8'), before);
      assert.equal(existsSync(path.join(sub.gitDir, 'hooks/post-checkout')), false);
      personGitStatus();
      assert.equal(markerText(), '');
      // Git itself still works in the submodule inside (its index, refs and objects stay writable).
      const r = sandboxed('exec', 'cd libs/lib && echo g > g.txt && git add g.txt && git -c user.name=A -c user.email=a@b commit -qm g');
      assert.equal(r.status, 0, r.stderr);
    });

    it("a nested submodule's (a submodule of a submodule's) config is frozen too", () => {
      const lib = addSubmodule();
      const inner = path.join(tmp, 'inner');
      mkdirSync(inner);
      execFileSync('git', ['init', '-q'], { cwd: inner });
      execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'inner'], { cwd: inner, env: GIT_ENV });
      execFileSync('git', ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'deep'], { cwd: lib.work, env: GIT_ENV });
      const innerConfig = path.join(lib.gitDir, 'modules/deep/config');
      assert.ok(existsSync(innerConfig), 'git put the nested submodule\'s git dir in the submodule\'s modules/');
      const r = sandboxed('exec', `git config --file ${posixQuote(innerConfig)} core.fsmonitor x`);
      assert.notEqual(r.status, 0);
      // git writes a lock file and renames it over the config: the mount point cannot be replaced.
      assert.match(r.stderr, /Read-only file system|Device or resource busy/);
    });

    it("a repository the AI creates, configures and adds to the index: its config is moved aside when exec ends, so the person's git status runs nothing", () => {
      // Before round nine this ran the marker (no mount can freeze a config that does not exist yet).
      const r = sandboxed('exec', `git init -q evil && git -C evil -c user.name=A -c user.email=a@b commit -q --allow-empty -m e && git -C evil config core.fsmonitor ${posixQuote(fsmonitor('nested'))} && git add evil 2>/dev/null`);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /airlock exec: warning: evil\/\.git\/config \(a git config setting core\.fsmonitor\)/);
      rmSync(marker, { force: true }); // git's runs inside the sandbox are the AI's business
      personGitStatus();
      assert.equal(markerText(), '');
    });

    it('a repository without submodules, or with an empty .git/modules, runs as before', () => {
      assert.deepEqual(gitControl(ws.root).frozen.map((p) => path.relative(ws.root, p.path)), ['.git/config', '.git/hooks']);
      const plain = sandboxed('exec', 'echo b > b.txt && git add b.txt && exit 3');
      assert.equal(plain.status, 3, plain.stderr);
      assert.equal(plain.stderr, '');
      mkdirSync(path.join(ws.root, '.git/modules'));
      assert.deepEqual(gitControl(ws.root).frozen.map((p) => path.relative(ws.root, p.path)), ['.git/config', '.git/hooks']);
      const empty = sandboxed('exec', 'echo c > c.txt && git add c.txt');
      assert.equal(empty.status, 0, empty.stderr);
      assert.equal(empty.stderr, '');
    });
  });

  describe('a commondir planted in a git dir that has none', () => {
    it('exec: moved aside when the command ends (content kept), warned, audited, exit status kept; the person\'s git status runs nothing', () => {
      const evil = evilRepo();
      assert.match(runCli(['exec', '--root', ws.root, '--explain'], { cwd: ws.root }).stdout, /Moved aside if the command creates them \(checked when it ends\):\n {2}\.git\/commondir {2}— /);
      const r = sandboxed('exec', `echo ${posixQuote(evil)} > .git/commondir; exit 7`);
      assert.equal(r.status, 7, r.stderr);
      assert.equal(existsSync(path.join(ws.root, '.git/commondir')), false);
      const moved = quarantined();
      assert.equal(moved.length, 1);
      assert.equal(readFileSync(path.join(ws.root, '.git', moved[0]), 'utf8').trim(), evil, 'nothing lost');
      assert.match(r.stderr, new RegExp(`airlock exec: warning: the command created \\.git/commondir \\(a file\\).*moved aside to \\.git/${moved[0]}`));
      assert.equal(auditReasons().length, 1);
      assert.match(auditReasons()[0], /^exec deny \.git\/commondir: .*moved aside/);
      personGitStatus();
      assert.equal(markerText(), '');
    });

    it('run: the same, and its exit status is kept', () => {
      const evil = evilRepo();
      const r = sandboxed('run', `echo ${posixQuote(evil)} > .git/commondir; exit 5`);
      assert.equal(r.status, 5, r.stderr);
      assert.equal(quarantined().length, 1);
      assert.match(r.stderr, /airlock run: warning: the command created \.git\/commondir/);
      assert.match(auditReasons()[0] ?? '', /^run deny /);
      personGitStatus();
      assert.equal(markerText(), '');
    });

    it('run: moved aside during the session, at the next hook call inside (it reaches run\'s audit relay)', () => {
      const evil = evilRepo();
      const payload = path.join(tmp, 'read.json');
      writeFileSync(payload, JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Read', input: { file_path: path.join(ws.root, 'a.txt') } }, ws.root)));
      // The agent plants, one of its tool calls runs the hook inside, then it looks again (exit 9:
      // still there 10 s later; a hook hands its record to the relay without waiting for it).
      const hook = `${posixQuote(process.execPath)} ${posixQuote(CLI)} hook --client claude-code < ${posixQuote(payload)} > /dev/null`;
      const r = sandboxed('run', `echo ${posixQuote(evil)} > .git/commondir; ${hook}; for i in $(seq 100); do test -e .git/commondir || exit 4; sleep 0.1; done; exit 9`);
      assert.equal(r.status, 4, r.stderr);
      assert.equal(quarantined().length, 1);
      assert.equal((r.stderr.match(/moved aside/g) ?? []).length, 1, 'reported once');
    });

    it('attacker variants: a symlink, a directory, a hard link, a rename from elsewhere, planted twice, killed by a signal', () => {
      const evil = evilRepo();
      const variants: Array<{ name: string; script: string; what: RegExp; status: number }> = [
        { name: 'symlink', script: `ln -s ${posixQuote(evil)} .git/commondir`, what: /a symbolic link to /, status: 0 },
        // A directory named commondir: git fails to read it, but it is not git's and is moved aside too.
        { name: 'directory', script: 'mkdir .git/commondir && echo x > .git/commondir/f', what: /a directory/, status: 0 },
        // (A link to a file outside the workspace's mounts fails across them: EXDEV.)
        { name: 'hard link', script: `echo ${posixQuote(evil)} > .git/info/c && ln .git/info/c .git/commondir`, what: /a file with 2 hard links/, status: 0 },
        { name: 'rename', script: `echo ${posixQuote(evil)} > .git/elsewhere && mv .git/elsewhere .git/commondir`, what: /\(a file\)/, status: 0 },
        { name: 'planted twice', script: `echo /nowhere > .git/commondir && rm .git/commondir && echo ${posixQuote(evil)} > .git/commondir`, what: /\(a file\)/, status: 0 },
        { name: 'killed by a signal', script: `echo ${posixQuote(evil)} > .git/commondir; kill -KILL $$`, what: /\(a file\)/, status: 137 },
      ];
      for (const v of variants) {
        const r = sandboxed('exec', v.script);
        assert.equal(r.status, v.status, `${v.name}: ${r.stderr}`);
        assert.equal(existsSync(path.join(ws.root, '.git/commondir')) || isLink(path.join(ws.root, '.git/commondir')), false, `${v.name}: left in place`);
        assert.match(r.stderr, v.what, v.name);
        personGitStatus();
        assert.equal(markerText(), '', `${v.name}: the person's git ran the planted config`);
      }
      assert.equal(quarantined().length, variants.length, 'each one kept beside, under its own name');
      const link = quarantined().find((n) => isLink(path.join(ws.root, '.git', n)));
      assert.equal(link === undefined ? null : readlinkSync(path.join(ws.root, '.git', link)), evil, 'a link is moved, not followed');
      assert.ok(existsSync(path.join(ws.root, '.git/info/c')), 'the other hard link stays where it was');
      assert.ok(existsSync(path.join(evil, 'config')), "the target's contents stay where they were");
    });

    it("a commondir planted in a submodule's git dir is moved aside too", () => {
      const sub = addSubmodule();
      const evil = path.join(tmp, 'evil-sub');
      execFileSync('cp', ['-r', sub.gitDir, evil]);
      execFileSync('git', ['config', '--file', path.join(evil, 'config'), 'core.fsmonitor', fsmonitor('submodule-commondir')]);
      const r = sandboxed('exec', `echo ${posixQuote(evil)} > ${posixQuote(path.join(sub.gitDir, 'commondir'))}`);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(quarantined(sub.gitDir).length, 1);
      assert.match(r.stderr, /\.git\/modules\/libs\/lib\/commondir/);
      personGitStatus();
      assert.equal(markerText(), '');
    });

    it('the parent stopped by SIGTERM still moves it aside before it exits', async () => {
      const evil = evilRepo();
      const ready = path.join(tmp, 'ready');
      const child = spawn(process.execPath, [CLI, 'exec', '--root', ws.root, '--', '/bin/bash', '-c', `echo ${posixQuote(evil)} > .git/commondir; touch ${ready}; sleep 60`], { cwd: ws.root, env: { ...process.env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      await until('the command to start', () => existsSync(ready), 30_000);
      child.kill('SIGTERM');
      const code = await exited;
      assert.notEqual(code, 0);
      assert.equal(quarantined().length, 1, stderr);
      assert.match(stderr, /moved aside/);
    });

    it("a real linked worktree's commondir is untouched; its main repository's git dir is watched", () => {
      const linked = path.join(tmp, 'linked');
      ws.git('worktree', 'add', '-q', linked);
      const gitDir = execFileSync('git', ['rev-parse', '--absolute-git-dir'], { cwd: linked, encoding: 'utf8' }).trim();
      const before = readFileSync(path.join(gitDir, 'commondir'), 'utf8');
      const evil = evilRepo();
      const r = sandboxed('exec', `echo ok > x.txt; echo ${posixQuote(evil)} > ${posixQuote(path.join(ws.root, '.git/commondir'))}`, linked);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(readFileSync(path.join(gitDir, 'commondir'), 'utf8'), before);
      assert.equal(readdirSync(gitDir).some((n) => n.includes('quarantined')), false);
      assert.equal(quarantined().length, 1, 'the main work tree\'s .git/commondir was planted');
      personGitStatus(linked);
      personGitStatus();
      assert.equal(markerText(), '');
    });

    it("another linked worktree's commondir (its work tree outside the workspace) is frozen; the person's git there runs nothing", () => {
      const other = path.join(tmp, 'other-wt');
      ws.git('worktree', 'add', '-q', other);
      const gitDir = path.join(ws.root, '.git/worktrees/other-wt');
      const before = readFileSync(path.join(gitDir, 'commondir'), 'utf8');
      const evil = evilRepo();
      const r = sandboxed('exec', `echo ${posixQuote(evil)} > .git/worktrees/other-wt/commondir`);
      assert.notEqual(r.status, 0, 'written inside the sandbox');
      assert.match(r.stderr, /Read-only file system/);
      assert.equal(readFileSync(path.join(gitDir, 'commondir'), 'utf8'), before);
      personGitStatus(other);
      assert.equal(markerText(), '');
      // Why: written outside any sandbox, the person's git status in that worktree follows it.
      writeFileSync(path.join(gitDir, 'commondir'), `${evil}\n`);
      personGitStatus(other);
      assert.match(markerText(), /commondir/);
    });

    it('one left behind (the parent was SIGKILLed) is reported by `airlock check`, `--explain` and a refusing hook answer', () => {
      const evil = evilRepo();
      writeFileSync(path.join(ws.root, '.git/commondir'), `${evil}\n`);
      const check = runCli(['check'], { cwd: ws.root });
      assert.equal(check.status, 1, check.stdout);
      assert.match(check.stdout, /\.git\/commondir redirects git to another repository's config/);
      const json = JSON.parse(runCli(['check', '--json'], { cwd: ws.root }).stdout) as { violations: Array<{ kind: string; file: string }> };
      assert.deepEqual(json.violations.filter((v) => v.kind === 'git-redirected').map((v) => v.file), ['.git/commondir']);
      const explain = runCli(['exec', '--root', ws.root, '--explain'], { cwd: ws.root });
      assert.match(explain.stdout, /\.git\/commondir exists, which git never writes there/);
      assert.doesNotMatch(explain.stdout, /Moved aside if the command creates them/, 'it exists: frozen, not watched');
      // What it names is frozen inside meanwhile (git reads that config), and so is the file itself.
      const r = sandboxed('exec', `git config --file ${posixQuote(path.join(evil, 'config'))} core.hooksPath /tmp; echo /elsewhere > .git/commondir`);
      assert.notEqual(r.status, 0);
      assert.equal(readFileSync(path.join(ws.root, '.git/commondir'), 'utf8').trim(), evil);
      assert.doesNotMatch(readFileSync(path.join(evil, 'config'), 'utf8'), /hooksPath/);
      const hook = runCli(['hook', '--client', 'claude-code'], { cwd: ws.root, input: JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Bash', input: { command: 'git stash' } }, ws.root)), env: { ...process.env, AIRLOCK_BASELINE: '', CLAUDE_PROJECT_DIR: ws.root } });
      const answer = JSON.parse(hook.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string }; systemMessage?: string };
      assert.notEqual(answer.hookSpecificOutput.permissionDecision, 'allow');
      assert.match(answer.hookSpecificOutput.permissionDecisionReason, /Airlock runs no git command in this repository: .*\.git\/commondir/);
      assert.match(answer.systemMessage ?? '', /move it aside/);
      assert.equal(markerText(), '');
    });
  });
});

function isLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}
