// Attacks on Airlock itself, through `airlock hook` with each client's payload shape, on real
// workspaces with real git: replacing the policy from below, deleting it, editing git's config and
// hooks, rewriting the work tree or printing history with git, forging reviews and identities.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOK_DEADLINE_MS, HOOK_DECIDE_BUDGET_MS } from '../../../src/core/decide/decideBudget';
import type { ClientId } from '../../../src/core/words/clientTypes';
import type { HookOutput } from '../../../src/core/hook/hookAnswer';
import { readPreTool, type ClientReading } from '../hook/clientReaders';
import { FakeTokens } from '../secrets/fakeTokens';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = JSON.stringify({ version: 1, rules: [{ paths: ['**/.env', 'secrets/'], class: 'secret', reason: 'Credentials' }] });
const OPEN_POLICY = JSON.stringify({ version: 1, rules: [] });

type Shape = 'claude-code' | 'copilot-cli' | 'codex';
const SHAPES: readonly Shape[] = ['claude-code', 'copilot-cli', 'codex'];

function bash(shape: Shape, cwd: string, command: string): object {
  if (shape === 'copilot-cli') return { sessionId: 's', timestamp: 1, cwd, toolName: 'bash', toolArgs: JSON.stringify({ command, description: 'x' }) };
  return { session_id: 's', transcript_path: '/tmp/t', cwd, hook_event_name: 'PreToolUse', tool_name: shape === 'codex' ? 'Bash' : 'Bash', tool_input: { command }, tool_use_id: 't1', ...(shape === 'codex' ? { model: 'gpt-5', turn_id: 'u1' } : {}) };
}

function tool(cwd: string, name: string, input: object): object {
  return { session_id: 's', transcript_path: '/tmp/t', cwd, hook_event_name: 'PreToolUse', tool_name: name, tool_input: input, tool_use_id: 't1' };
}

async function hook(ws: TempWorkspace, payload: object, client: ClientId, env: NodeJS.ProcessEnv = {}): Promise<HookOutput> {
  const run = await runAirlock(['hook', '--client', client], { cwd: ws.root, stdin: JSON.stringify(payload), env: { PATH: process.env.PATH, HOME: process.env.HOME, AIRLOCK_BASELINE: '', ...env } });
  return { stdout: run.stdout, stderr: run.stderr, exitCode: run.code, enforced: true };
}

/** The reading each client gets; `ask` where the client cannot ask becomes deny. */
async function verdict(ws: TempWorkspace, shape: Shape, command: string, cwd = ws.root, env: NodeJS.ProcessEnv = {}): Promise<ClientReading> {
  return readPreTool(shape, await hook(ws, bash(shape, cwd, command), shape, env));
}

function gitRepo(files: Record<string, string>): TempWorkspace {
  const ws = tempWorkspace(files);
  ws.policy(POLICY);
  ws.git('init', '-q', '-b', 'main');
  ws.git('config', 'user.name', 'Test');
  ws.git('config', 'user.email', 't@example.com');
  ws.git('add', '-A');
  ws.git('commit', '-qm', 'init');
  return ws;
}

describe('self-disable: the governing policy comes from the repository', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = gitRepo({ '.env': 'API_KEY=canary', 'app/main.ts': 'x', 'app/notes.txt': 'n', '.gitignore': '.env\n' });
    // The AI plants a permissive policy below the root and works from there.
    ws.write('app/.airlock/policy.json', OPEN_POLICY);
  });
  afterEach(() => ws.dispose());

  it('a planted nested policy plus `cd app` does not replace the root policy (Claude Code reports the shell cwd)', async () => {
    const appDir = join(ws.root, 'app');
    assert.equal(readPreTool('claude-code', await hook(ws, bash('claude-code', appDir, 'cat ../.env'), 'claude-code', { CLAUDE_PROJECT_DIR: ws.root })), 'deny');
    assert.equal(readPreTool('claude-code', await hook(ws, tool(appDir, 'Read', { file_path: join(ws.root, '.env') }), 'claude-code', { CLAUDE_PROJECT_DIR: ws.root })), 'deny');
  });

  it('without a project dir the git top level governs, not the nearest policy', async () => {
    const appDir = join(ws.root, 'app');
    for (const shape of SHAPES) assert.equal(await verdict(ws, shape, 'cat ../.env', appDir), 'deny', shape);
  });

  it('a nested policy can only tighten: its own deny applies inside its folder', async () => {
    ws.write('app/.airlock/policy.json', JSON.stringify({ version: 1, rules: [{ paths: ['notes.txt'], class: 'secret' }] }));
    const appDir = join(ws.root, 'app');
    assert.equal(await verdict(ws, 'claude-code', 'cat notes.txt', appDir, { CLAUDE_PROJECT_DIR: ws.root }), 'deny');
    assert.equal(await verdict(ws, 'claude-code', 'cat main.ts', appDir, { CLAUDE_PROJECT_DIR: ws.root }), 'none');
  });

  it('generated hooks without a policy block every call, on every client', async () => {
    ws.write('.github/hooks/airlock.json', '{"version":1,"hooks":{}}');
    writeFileSync(join(ws.root, '.airlock', 'policy.json'), '');
    ws.git('rm', '-q', '--cached', '.airlock/policy.json');
    const { rmSync } = await import('node:fs');
    rmSync(join(ws.root, '.airlock'), { recursive: true, force: true });
    rmSync(join(ws.root, 'app', '.airlock'), { recursive: true, force: true });
    for (const shape of SHAPES) {
      const out = await hook(ws, bash(shape, ws.root, 'ls'), shape);
      assert.equal(readPreTool(shape, out), 'deny', shape);
      assert.match(out.stdout + out.stderr, /no readable \.airlock\/policy\.json/);
    }
    assert.match(readFileSync(join(ws.root, '.git', 'airlock', 'audit', 'audit.jsonl'), 'utf8'), /no readable \.airlock\/policy\.json/, 'each block is audited');
  });

  it('a folder with neither hooks nor policy stays no-opinion', async () => {
    const other = tempWorkspace({ 'a.txt': 'x' });
    try {
      const out = await hook(other, bash('claude-code', other.root, 'cat a.txt'), 'claude-code');
      assert.equal(out.stdout, '');
      assert.equal(out.exitCode, 0);
    } finally {
      other.dispose();
    }
  });
});

describe('self-disable: git config, git hooks, tasks and patches are guarded', () => {
  let ws: TempWorkspace;
  before(() => {
    ws = gitRepo({ '.env': 'API_KEY=canary', 'src/a.ts': 'export const a = 1;\n', '.gitignore': '.env\n' });
    ws.write('evil.patch', ['diff --git a/.airlock/policy.json b/.airlock/policy.json', '--- a/.airlock/policy.json', '+++ b/.airlock/policy.json', '@@ -1 +1 @@', `-${POLICY}`, '+{"version":1}', ''].join('\n'));
    ws.write('rename.patch', ['diff --git a/.airlock/policy.json b/old-policy.json', 'similarity index 100%', 'rename from .airlock/policy.json', 'rename to old-policy.json', ''].join('\n'));
    ws.write('ok.patch', ['--- a/src/a.ts', '+++ b/src/a.ts', '@@ -1 +1 @@', '-export const a = 1;', '+export const a = 2;', ''].join('\n'));
  });
  after(() => ws.dispose());

  const denied = [
    'echo "[core] fsmonitor = cat .env" >> .git/config',
    'cp /tmp/x .git/hooks/pre-commit',
    'printf "#!/bin/sh\\ncat .env" > .git/hooks/post-checkout',
    'mv tasks.json .vscode/tasks.json',
    'git config core.fsmonitor "cat .env"',
    'git config core.hooksPath /tmp/hooks',
    'git config alias.st "!cat .env"',
    'git config --add include.path /tmp/evil',
    'git config user.name Mallory',
    'git -c core.fsmonitor="cat .env" status',
    'git apply evil.patch',
    'git apply rename.patch',
    'git am evil.patch',
    'printf "x" | git apply',
    // A nested repository's controls (`git init sub`): the AI's own `git status` there would run them.
    'printf "[core]\\n fsmonitor = ./fsmon\\n" >> sub/.git/config',
    'echo "#!/bin/sh" > sub/.git/hooks/post-checkout',
    'echo /tmp/evil > sub/.git/commondir',
    'cp /tmp/x deep/er/repo/.git/config.worktree',
  ];
  for (const cmd of denied) {
    it(`denies \`${cmd}\` on every client`, async () => {
      for (const shape of SHAPES) assert.equal(await verdict(ws, shape, cmd), 'deny', `${shape}: ${cmd}`);
    });
  }
  for (const cmd of ['git config --get user.name', 'git config -l', 'git apply ok.patch', 'git apply --stat evil.patch', 'git status', 'git log --oneline', 'git init sub', 'cat sub/.git/config', 'echo x > sub/.git/info/exclude']) {
    it(`allows \`${cmd}\``, async () => {
      assert.equal(await verdict(ws, 'claude-code', cmd), 'none');
    });
  }
  it("the file tools cannot write .git/config, .git/hooks (a nested repository's too), .vscode/tasks.json or a VS Code workspace file (its settings can turn hooks off)", async () => {
    for (const file of ['.git/config', '.git/hooks/pre-commit', '.vscode/tasks.json', 'team.code-workspace', 'sub/dev.code-workspace', 'sub/.git/config', 'sub/.git/hooks/pre-commit']) {
      const out = await hook(ws, tool(ws.root, 'Write', { file_path: join(ws.root, file), content: 'x' }), 'claude-code');
      assert.equal(readPreTool('claude-code', out), 'deny', file);
    }
  });
});

describe('git is judged by what it would rewrite', () => {
  let ws: TempWorkspace;
  let preAirlock: string;
  before(() => {
    ws = tempWorkspace({ 'src/a.ts': 'a\n', '.gitignore': '.env\n' });
    ws.git('init', '-q', '-b', 'main');
    ws.git('config', 'user.name', 'Test');
    ws.git('config', 'user.email', 't@example.com');
    ws.git('add', '-A');
    ws.git('commit', '-qm', 'before airlock');
    preAirlock = ws.git('rev-parse', 'HEAD').trim();
    ws.policy(POLICY);
    ws.git('add', '-A');
    ws.git('commit', '-qm', 'airlock');
    ws.git('checkout', '-qb', 'loose');
    ws.policy(OPEN_POLICY);
    ws.git('commit', '-qam', 'loosen the policy');
    ws.git('checkout', '-q', 'main');
    ws.git('branch', 'same');
    ws.write('.env', 'API_KEY=canary');
  });
  after(() => ws.dispose());

  const denied = ['git switch loose', 'git checkout loose', `git checkout ${'PRE'}`, 'git switch --orphan empty', 'git checkout --orphan empty', 'git reset --hard loose', 'git merge loose', 'git rebase loose', 'git cherry-pick loose', 'git stash -a', 'git clean -fdx', 'git read-tree -u --reset loose', 'git stash -u -- .airlock/provenance', 'git stash push -- .airlock', 'git rm -r --cached .airlock', 'git mv .airlock/policy.json x.json'];
  for (const c of denied) {
    it(`denies \`${c}\``, async () => {
      const cmd = c.replace('PRE', preAirlock);
      for (const shape of SHAPES) assert.equal(await verdict(ws, shape, cmd), 'deny', `${shape}: ${cmd}`);
    });
  }
  it('`git restore .` / `git checkout -- .` are judged by the changed files they put back', async () => {
    ws.write('src/a.ts', 'changed\n');
    try {
      assert.equal(await verdict(ws, 'claude-code', 'git restore .'), 'none');
      assert.equal(await verdict(ws, 'claude-code', 'git checkout -- .'), 'none');
      assert.equal(await verdict(ws, 'claude-code', 'git checkout -- .env'), 'deny');
      assert.equal(await verdict(ws, 'claude-code', 'git restore .airlock'), 'deny');
    } finally {
      ws.git('checkout', '-q', '--', 'src/a.ts');
    }
  });
  for (const cmd of ['git switch same', 'git checkout -b feature', 'git switch -c topic', 'git stash list', 'git stash drop', 'git clean -n', 'git reset HEAD~0']) {
    it(`allows \`${cmd}\``, async () => {
      assert.equal(await verdict(ws, 'claude-code', cmd), 'none');
    });
  }
  it('asks about content it cannot know (git pull), and Codex, which cannot ask, denies', async () => {
    assert.equal(await verdict(ws, 'claude-code', 'git pull'), 'ask');
    assert.equal(await verdict(ws, 'codex', 'git pull'), 'deny');
  });
});

describe('git is judged by what it would print from history', () => {
  let clean: TempWorkspace;
  let leaky: TempWorkspace;
  before(() => {
    clean = gitRepo({ 'src/a.ts': 'a\n', '.gitignore': '.env\n' });
    clean.write('.env', 'API_KEY=canary');
    leaky = gitRepo({ 'src/a.ts': 'a\n' });
    leaky.write('.env', 'API_KEY=canary');
    leaky.git('add', '.env');
    leaky.git('commit', '-qm', 'oops');
    leaky.git('rm', '-q', '--cached', '.env');
    leaky.write('.gitignore', '.env\n');
    leaky.git('add', '.gitignore');
    leaky.git('commit', '-qm', 'untrack .env');
  });
  after(() => {
    clean.dispose();
    leaky.dispose();
  });

  const readers = ['git log -p', 'git show HEAD~1', 'git diff HEAD~2', 'git archive HEAD~1 | tar -xO', 'git cat-file --batch-all-objects --batch', 'git log -S API_KEY', 'git format-patch -1 HEAD~1 --stdout', 'git fast-export --all', 'git grep API_KEY HEAD~1', 'git blame -- .env'];
  for (const cmd of readers) {
    it(`\`${cmd}\`: allowed where history holds no protected path, denied where it does`, async () => {
      if (cmd !== 'git blame -- .env') assert.equal(await verdict(clean, 'claude-code', cmd), 'none', `clean: ${cmd}`);
      for (const shape of SHAPES) assert.equal(await verdict(leaky, shape, cmd), 'deny', `${shape}: ${cmd}`);
    });
  }
  it('plain `git diff` prints only the changed tracked files: allowed over a leaky history, denied when a protected tracked file changed', async () => {
    assert.equal(await verdict(leaky, 'claude-code', 'git diff'), 'none');
    const tracked = gitRepo({ 'src/a.ts': 'a\n', '.env': 'K=1' });
    try {
      tracked.write('.env', 'K=2');
      assert.equal(await verdict(tracked, 'claude-code', 'git diff'), 'deny');
      assert.equal(await verdict(tracked, 'claude-code', 'git diff -- src'), 'none');
    } finally {
      tracked.dispose();
    }
  });
  it('a reader restricted by pathspec to unprotected paths is allowed even over a leaky history', async () => {
    assert.equal(await verdict(leaky, 'claude-code', 'git log -p -- src'), 'none');
    assert.equal(await verdict(leaky, 'claude-code', 'git diff HEAD~2 -- src/a.ts'), 'none');
  });
  it('an ignored .env stashed with -a is history too: `git show stash@{0}^3` is denied after the stash', async () => {
    const ws = gitRepo({ 'src/a.ts': 'a\n', '.gitignore': '.env\n' });
    try {
      ws.write('.env', 'API_KEY=canary');
      assert.equal(await verdict(ws, 'claude-code', 'git stash -a && git show "stash@{0}^3"'), 'deny');
      // A person stashes it; the AI then tries to read the stash.
      ws.git('stash', '-a', '-q');
      assert.equal(await verdict(ws, 'claude-code', 'git show "stash@{0}^3"'), 'deny');
      assert.equal(await verdict(ws, 'claude-code', 'git stash show -p'), 'deny');
    } finally {
      ws.dispose();
    }
  });
  it('a dropped stash is still in the object store: reading it by id is not allowed', async () => {
    const ws = gitRepo({ 'src/a.ts': 'a\n', '.gitignore': '.env\n' });
    try {
      ws.write('.env', 'API_KEY=canary');
      ws.git('stash', '-a', '-q');
      const untracked = ws.git('rev-parse', 'stash@{0}^3').trim();
      const blob = ws.git('rev-parse', 'stash@{0}^3:.env').trim();
      ws.git('stash', 'drop', '-q');
      assert.equal(await verdict(ws, 'claude-code', `git show ${untracked}`), 'deny');
      assert.notEqual(await verdict(ws, 'claude-code', `git cat-file -p ${blob}`), 'none');
      assert.notEqual(await verdict(ws, 'claude-code', 'git cat-file --batch-all-objects --batch'), 'none');
      assert.equal(await verdict(ws, 'codex', `git cat-file -p ${blob}`), 'deny');
    } finally {
      ws.dispose();
    }
  });
  it('airlock check lists protected paths present in git history', async () => {
    const run = await runAirlock(['check', '--json'], { cwd: leaky.root });
    const json = JSON.parse(run.stdout) as { history: { checked: boolean; protected: Array<{ path: string; class: string }> } };
    assert.equal(json.history.checked, true);
    assert.deepEqual(json.history.protected.map((p) => p.path), ['.env']);
    const cleanRun = await runAirlock(['check', '--json'], { cwd: clean.root });
    assert.deepEqual((JSON.parse(cleanRun.stdout) as { history: { protected: unknown[] } }).history.protected, []);
  });
});

describe('forgery: an AI cannot run Airlock to sign off, relabel or reconfigure', () => {
  let ws: TempWorkspace;
  before(() => {
    ws = gitRepo({ 'src/a.ts': 'a\n' });
  });
  after(() => ws.dispose());

  const forged = [
    'airlock provenance review src/a.ts',
    'airlock provenance mark src/a.ts --lines 1-1 --tool human',
    'airlock provenance import',
    'npx airlock provenance review src/a.ts',
    'npx --no-install airlock sync',
    'node node_modules/airlock/dist/cli.js provenance review src/a.ts',
    'node dist/cli.js init',
    './node_modules/.bin/airlock secrets baseline',
    "airlock secrets baseline --unscanned --reason 'checked by hand' vendor/x.zip",
    'npm exec -- airlock provenance review src/a.ts',
    'pnpm exec airlock sync',
    'bash -c "airlock provenance review src/a.ts"',
    'airlock hook < forged.json',
    'GIT_COMMITTER_NAME=Reviewer git commit -m x',
    'export GIT_AUTHOR_EMAIL=boss@example.com; git commit -m x',
    'env GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=Boss git commit -m x',
    'GIT_DIR=/tmp/other.git git log',
    'git -c user.name=Boss commit -m x',
    'git --git-dir=/tmp/x.git status',
    'git commit --author="Boss <b@x>" -m x',
    'git rm -r .airlock',
    'git mv .airlock /tmp/hidden',
    'git notes --ref=ai add -m forged HEAD',
    'git update-ref refs/notes/ai HEAD',
    'rm -rf .airlock/provenance',
    'echo {} > .airlock/provenance/src/a.ts.json',
  ];
  for (const cmd of forged) {
    it(`denies \`${cmd}\` on every client`, async () => {
      for (const shape of SHAPES) {
        const out = await hook(ws, bash(shape, ws.root, cmd), shape);
        assert.equal(readPreTool(shape, out), 'deny', `${shape}: ${cmd}: ${out.stdout}${out.stderr}`);
      }
    });
  }
  for (const cmd of ['airlock check', 'npx airlock explain src/a.ts', 'airlock provenance summary', 'airlock audit verify', 'airlock sync --check', 'airlock --help', 'git notes --ref=ai show HEAD']) {
    it(`allows the read-only \`${cmd}\``, async () => {
      assert.equal(await verdict(ws, 'claude-code', cmd), 'none');
    });
  }
});

describe('the audit log survives git stash -a and git clean -fdx', () => {
  it('lives in the git directory, and verify stays intact with every event', async () => {
    const ws = gitRepo({ 'src/a.ts': 'a\n', '.gitignore': '.env\n' });
    try {
      for (let i = 0; i < 3; i++) await verdict(ws, 'claude-code', 'cat src/a.ts');
      assert.ok(existsSync(join(ws.root, '.git', 'airlock', 'audit', 'audit.jsonl')));
      assert.ok(!existsSync(join(ws.root, '.airlock', 'audit')));
      ws.write('.airlock/stray.txt', 'untracked');
      ws.git('stash', '-a', '-q');
      ws.git('stash', 'drop', '-q');
      ws.git('clean', '-fdxq');
      const run = await runAirlock(['audit', 'verify', '--json'], { cwd: ws.root });
      const result = JSON.parse(run.stdout) as { ok: boolean; summary: { events: number } };
      assert.equal(result.ok, true);
      assert.equal(result.summary.events, 3);
    } finally {
      ws.dispose();
    }
  });
  it('a log at the old .airlock/audit/ is moved once, whole, and verifies', async () => {
    const ws = tempWorkspace({ 'src/a.ts': 'a\n' });
    try {
      ws.policy(POLICY);
      for (let i = 0; i < 2; i++) await verdict(ws, 'claude-code', 'cat src/a.ts');
      const legacy = readFileSync(join(ws.root, '.airlock', 'audit', 'audit.jsonl'), 'utf8');
      ws.git('init', '-q', '-b', 'main');
      const run = await runAirlock(['audit', 'verify', '--json'], { cwd: ws.root });
      const result = JSON.parse(run.stdout) as { ok: boolean; summary: { events: number }; notes: string[] };
      assert.equal(result.ok, true);
      assert.equal(result.summary.events, 2);
      assert.match(result.notes.join('\n'), /moved from/);
      assert.equal(readFileSync(join(ws.root, '.git', 'airlock', 'audit', 'audit.jsonl'), 'utf8'), legacy);
      await verdict(ws, 'claude-code', 'cat src/a.ts');
      const after = JSON.parse((await runAirlock(['audit', 'verify', '--json'], { cwd: ws.root })).stdout) as { ok: boolean; summary: { events: number } };
      assert.equal(after.ok, true);
      assert.equal(after.summary.events, 3);
    } finally {
      ws.dispose();
    }
  });
});

describe('time-bounded and fail-closed', () => {
  it('a call whose check outlasts the budget is denied with that reason, and audited', async () => {
    const ws = gitRepo({ 'src/a.ts': 'a\n' });
    try {
      const out = await hook(ws, bash('claude-code', ws.root, 'cat src/a.ts'), 'claude-code', { AIRLOCK_HOOK_BUDGET_MS: '0' });
      assert.equal(readPreTool('claude-code', out), 'deny');
      assert.match(out.stdout, /within its 0 ms budget/);
      const log = readFileSync(join(ws.root, '.git', 'airlock', 'audit', 'audit.jsonl'), 'utf8');
      assert.match(log, /within its 0 ms budget/);
    } finally {
      ws.dispose();
    }
  });
  it('every generated hook configuration gives the client a timeout above the hook deadline', async () => {
    // The repository shows signs of Claude Code, Copilot, Codex and opencode: sync writes only detected assistants.
    const ws = gitRepo({ 'src/a.ts': 'a\n', 'CLAUDE.md': '#\n', 'AGENTS.md': '#\n', '.github/copilot-instructions.md': '#\n', 'opencode.json': '{}\n' });
    try {
      const sync = await runAirlock(['sync'], { cwd: ws.root });
      assert.equal(sync.code, 0, sync.stderr);
      const seconds: number[] = [];
      const collect = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(collect);
        else if (typeof v === 'object' && v !== null) {
          for (const [k, x] of Object.entries(v)) {
            if (k === 'timeout' && typeof x === 'number') seconds.push(x);
            else collect(x);
          }
        }
      };
      for (const f of ['.claude/settings.json', '.github/hooks/airlock.json', '.codex/hooks.json']) collect(JSON.parse(readFileSync(join(ws.root, f), 'utf8')));
      assert.ok(seconds.length >= 3);
      for (const s of seconds) assert.ok(s * 1000 > HOOK_DEADLINE_MS, `timeout ${s}s is not above the ${HOOK_DEADLINE_MS} ms deadline`);
      const plugin = readFileSync(join(ws.root, '.opencode/plugins/airlock.js'), 'utf8');
      const ms = Number(/TIMEOUT_MS = (\d+)/.exec(plugin)?.[1]);
      assert.ok(ms > HOOK_DEADLINE_MS, `opencode plugin timeout ${ms} ms`);
      assert.ok(HOOK_DECIDE_BUDGET_MS < HOOK_DEADLINE_MS);
    } finally {
      ws.dispose();
    }
  });
  it('2,000 hard-linked operands get a verdict (one scan per file identity)', async () => {
    const ws = gitRepo({ 'src/a.ts': 'a\n' });
    try {
      const { linkSync } = await import('node:fs');
      ws.write('data/key.txt', `export const token = '${new FakeTokens(11).github('p')}';\n`);
      mkdirSync(join(ws.root, 'links'));
      for (let i = 0; i < 2000; i++) linkSync(join(ws.root, 'data/key.txt'), join(ws.root, 'links', `l${i}`));
      const out = await hook(ws, bash('claude-code', ws.root, 'cat links/*'), 'claude-code');
      assert.equal(readPreTool('claude-code', out), 'deny');
      assert.match(out.stdout, /live secret|budget|too many/);
    } finally {
      ws.dispose();
    }
  });
});
