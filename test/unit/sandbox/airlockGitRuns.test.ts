// Attacks on the git commands Airlock itself runs outside the sandbox (the hook, the exec
// preparation): the AI, inside `airlock exec`, configures a repository so that git would run its
// program (fsmonitor, a clean filter, hooks), then makes the next hook call run git there. Each
// program appends to a marker OUTSIDE the workspace; the marker must stay absent.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../helpers/builtCli';
import { hookPayload } from '../../helpers/hookPayloads';
import { rewrittenCommand } from '../../helpers/hookAnswers';
import { sandboxSuite } from '../../helpers/sandboxWorkspace';
import { posixQuote } from '../../../src/core/util/posixQuote';

const HOOK_NAMES = ['pre-commit', 'post-checkout', 'post-index-change', 'reference-transaction', 'pre-auto-gc', 'post-rewrite', 'pre-push', 'post-merge'];

describe('Airlock\'s own git runs execute nothing a repository configures', function () {
  const template = sandboxSuite(this, 300_000);
  let markDir: string;
  let marker: string;
  beforeEach(() => {
    markDir = mkdtempSync(path.join(tmpdir(), 'airlock-gitrun-mark-'));
    marker = path.join(markDir, 'pwned');
  });
  afterEach(() => rmSync(markDir, { recursive: true, force: true }));

  /** What the AI runs: the command exactly as the rewritten shell call runs it. */
  function asAi(ws: string, script: string): void {
    const r = runCli(['exec', '--root', ws, '--', '/bin/bash', '-c', `set -e\n${script}`], { cwd: ws });
    assert.equal(r.status, 0, `the AI's setup failed inside airlock exec: ${r.stderr}`);
  }

  /**
   * The next tool call through the built hook, both ways the hook meets the nested repository:
   * Claude Code (its sandbox off, so the call is rewritten) reports the shell's cwd with the
   * project dir set, so `sub` is a nested policy layer; Codex started in `sub` makes `sub` the
   * governing root (its git top level holds a policy). Answers the stricter of the two readings.
   */
  function nextCall(cwd: string, command: string, projectDir = path.dirname(cwd)): ReturnType<typeof rewrittenCommand>[] {
    const claude = runCli(['hook', '--client', 'claude-code'], { cwd, input: JSON.stringify(hookPayload({ client: 'claude-code', tool: 'Bash', input: { command } }, cwd)), env: { ...process.env, AIRLOCK_BASELINE: '', CLAUDE_PROJECT_DIR: projectDir } });
    const codex = runCli(['hook', '--client', 'codex'], { cwd, input: JSON.stringify(hookPayload({ client: 'codex', tool: 'Bash', input: { command } }, cwd)) });
    return [rewrittenCommand('claude-code', claude), rewrittenCommand('codex', codex)];
  }

  /**
   * A `commondir` the AI planted inside exec that is still there: exec moves one aside when its
   * command ends (plantedGitFiles.test.ts), so this is what a killed exec (SIGKILL) leaves behind.
   */
  function plantCommondir(ws: string, target: string): void {
    writeFileSync(path.join(ws, '.git/commondir'), `${target}\n`);
  }

  function markerText(): string {
    return existsSync(marker) ? readFileSync(marker, 'utf8') : '';
  }

  /** A nested repository with its own (permissive) policy, so the hook reads its git facts. */
  const NESTED = `git init -q sub && cd sub
echo hi > a.txt
mkdir -p .airlock && echo '{"version":1,"rules":[]}' > .airlock/policy.json
git add a.txt`;

  it('a nested repository\'s core.fsmonitor does not run when the hook judges git commands there', () => {
    const ws = template.fresh();
    asAi(ws, `${NESTED}\ngit config core.fsmonitor ${posixQuote(`echo fsmonitor >> ${marker}; false`)}`);
    rmSync(marker, { force: true }); // git's own runs inside the sandbox are the AI's business
    const sub = path.join(ws, 'sub');
    for (const command of ['git stash', 'git clean -fd', 'git checkout -- .', 'git ls-files', 'git log -p']) {
      const verdicts = nextCall(sub, command);
      assert.equal(markerText(), '', `${command}: the hook ran the AI's fsmonitor`);
      // What stash / clean would change is unknown there now: never waved through unsandboxed.
      if (/stash|clean/.test(command)) for (const v of verdicts) assert.notEqual(v.kind, 'allow', command);
    }
  });

  it('a nested repository\'s clean filter does not run when the hook asks what `git stash` would change', () => {
    const ws = template.fresh();
    // Same size, later mtime: git must re-read a.txt through the filter to tell whether it changed.
    asAi(ws, `${NESTED}
echo '*.txt filter=evil' > .gitattributes && git add .gitattributes
git config filter.evil.clean ${posixQuote(`sh -c "echo filter >> ${marker}; cat"`)}
sleep 1; echo ho > a.txt`);
    rmSync(marker, { force: true });
    const sub = path.join(ws, 'sub');
    for (const command of ['git stash', 'git clean -fd', 'git reset --hard']) {
      const verdicts = nextCall(sub, command);
      assert.equal(markerText(), '', `${command}: the hook ran the AI's clean filter`);
      // What `git stash` would change there is unknown now: never waved through unsandboxed.
      for (const v of verdicts) assert.notEqual(v.kind, 'allow', command);
    }
  });

  it('hooks a repository names (core.hooksPath) never fire from Airlock\'s git runs', () => {
    const ws = template.fresh();
    const hooks = HOOK_NAMES.map((h) => `printf '#!/bin/sh\\necho ${h} >> ${marker}\\n' > hk/${h}; chmod +x hk/${h}`).join('\n');
    asAi(ws, `${NESTED}\nmkdir hk\n${hooks}\ngit config core.hooksPath "$PWD/hk"`);
    rmSync(marker, { force: true });
    const sub = path.join(ws, 'sub');
    for (const command of ['git stash', 'git clean -fdx', 'git checkout HEAD', 'git commit -qm x', 'git gc']) nextCall(sub, command);
    assert.equal(markerText(), '');
  });

  it('a `commondir` planted in the root\'s .git cannot bring a writable config back (fsmonitor)', () => {
    const ws = template.fresh();
    const evil = path.join(markDir, 'evil-git');
    asAi(ws, `cp -r .git ${evil}
git config --file ${evil}/config core.fsmonitor ${posixQuote(`echo commondir >> ${marker}; false`)}`);
    plantCommondir(ws, evil);
    rmSync(marker, { force: true });
    for (const command of ['git stash', 'git clean -fd', 'git ls-files']) {
      const verdicts = nextCall(ws, command, ws);
      assert.equal(markerText(), '', `${command}: the hook ran a fsmonitor from a planted commondir`);
      if (/stash|clean/.test(command)) for (const v of verdicts) assert.notEqual(v.kind, 'allow', command);
    }
    // The next sandboxed call: exec prepares (git status for provenance) outside the sandbox.
    const r = runCli(['exec', '--root', ws, '--', '/bin/true'], { cwd: ws });
    assert.equal(markerText(), '', `airlock exec ran a fsmonitor from a planted commondir: ${r.stderr}`);
  });

  it('a `commondir` planted in the root\'s .git cannot bring a clean filter for the root\'s .gitattributes', () => {
    const ws = template.fresh();
    const evil = path.join(markDir, 'evil-git');
    asAi(ws, `echo '*.md filter=evil' >> .gitattributes
cp -r .git ${evil}
git config --file ${evil}/config filter.evil.clean ${posixQuote(`sh -c "echo filter >> ${marker}; cat"`)}
touch README.md`);
    plantCommondir(ws, evil);
    rmSync(marker, { force: true });
    for (const command of ['git stash', 'git clean -fd']) nextCall(ws, command, ws);
    runCli(['exec', '--root', ws, '--', '/bin/true'], { cwd: ws });
    assert.equal(markerText(), '');
  });

  it('the governing root\'s own nested-policy folders still get git facts (same repository)', () => {
    const ws = template.fresh();
    asAi(ws, `mkdir -p src/.airlock && echo '{"version":1,"rules":[{"paths":["app.ts"],"class":"secret"}]}' > src/.airlock/policy.json`);
    // app.ts is dirty and protected by the nested policy: stashing in src/ is refused by name,
    // which needs `git status` of the root's repository from the nested folder's facts.
    asAi(ws, 'echo "// changed" >> src/app.ts');
    const [verdict] = nextCall(path.join(ws, 'src'), 'git stash', ws);
    assert.equal(verdict.kind, 'blocked');
    assert.match(verdict.kind === 'blocked' ? verdict.reason : '', /app\.ts/);
  });

  it('a linked worktree\'s `commondir` is frozen inside exec (it names the repository whose config git reads)', () => {
    const ws = template.fresh();
    const linked = path.join(markDir, 'linked');
    execFileSync('git', ['worktree', 'add', '-q', linked], { cwd: ws });
    const gitDir = execFileSync('git', ['rev-parse', '--absolute-git-dir'], { cwd: linked, encoding: 'utf8' }).trim();
    const commondir = path.join(gitDir, 'commondir');
    const before = readFileSync(commondir, 'utf8');
    const r = runCli(['exec', '--root', linked, '--', '/bin/bash', '-c', `echo ${posixQuote(markDir)} > ${posixQuote(commondir)}`], { cwd: linked });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Read-only file system/);
    assert.equal(readFileSync(commondir, 'utf8'), before);
  });
});
