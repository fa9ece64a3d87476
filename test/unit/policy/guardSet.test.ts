// The guard over Airlock's own files: the bundles carry it compiled at build time (the parts and
// literal index of compileGuardSet); the set built from them must answer exactly as the patterns
// compiled at run time, and the built hook must deny AI edits of every guarded path.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { compileGitignorePattern } from '../../../src/core/policy/gitignorePattern';
import { compileGuardSet } from '../../../src/core/policy/guardSet';
import { RUNTIME_GUARDED_PATHS } from '../../../src/core/policy/guardPaths';
import { PatternSet } from '../../../src/core/policy/patternSet';
import { patternFromParts } from '../../../src/core/policy/gitignorePattern';
import { MANAGED_PATHS } from '../../../src/core/words/managedPaths';
import { buildCli, CLI } from '../../helpers/builtCli';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const PATHS: Array<[string, boolean]> = [
  ['.airlock/policy.json', false],
  ['.airlock', true],
  ['.AIRLOCK/policy.json', false],
  ['.claude/settings.json', false],
  ['.claude/settings.local.json', false],
  ['.claude/agents/x.md', false],
  ['.github/hooks/airlock.json', false],
  ['.github/copilot/settings.json', false],
  ['.vscode/settings.json', false],
  ['.vscode/tasks.json', false],
  ['.vscode/launch.json', false],
  ['.vscode/extensions.json', false],
  ['team.code-workspace', false],
  ['a/b/c.code-workspace', false],
  ['.codex/config.toml', false],
  ['.opencode/plugin/x.ts', false],
  ['opencode.json', false],
  ['sub/opencode.json', false],
  ['.cursorignore', false],
  ['pkg/.aiexclude', false],
  ['deep/er/.geminiignore', false],
  ['.git', true],
  ['.git/hooks/pre-commit', false],
  ['.git/config', false],
  ['sub/.git/config', false],
  ['sub/.git/hooks/pre-commit', false],
  ['deep/er/.git/commondir', false],
  ['sub/.git/info/exclude', false],
  ['src/app.ts', false],
  ['README.md', false],
  ['airlock/policy.json', false],
];

describe('the guard set over Airlock\'s own files', function () {
  this.timeout(120_000);

  it('built from the stored parts and index, it answers exactly as the patterns compiled now', () => {
    const stored = JSON.parse(JSON.stringify(compileGuardSet())) as ReturnType<typeof compileGuardSet>;
    const fromParts = new PatternSet(stored.index, (i) => patternFromParts(stored.parts[i]));
    const compiled = new PatternSet(
      [...MANAGED_PATHS, ...RUNTIME_GUARDED_PATHS].map((p) => {
        const c = compileGitignorePattern(p);
        assert.ok(c.ok);
        return c.pattern;
      }),
    );
    assert.equal(fromParts.size, compiled.size);
    for (const [rel, isDir] of PATHS) assert.deepEqual(fromParts.match(rel, isDir), compiled.match(rel, isDir), rel);
    assert.notEqual(compiled.match('.airlock/policy.json', false).exact, -1);
    assert.equal(compiled.match('src/app.ts', false).folded, -1);
  });

  it('attack: the built hook (guard compiled at build time) denies an AI write to every guarded path, and allows an ordinary one', () => {
    buildCli();
    const ws = tempWorkspace({ 'src/app.ts': 'x' });
    try {
      ws.policy('{ "version": 1 }');
      const write = (rel: string): string => {
        const event = { session_id: 's', transcript_path: '/tmp/t', cwd: ws.root, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: path.join(ws.root, rel), content: 'x' }, tool_use_id: 't' };
        const r = spawnSync(process.execPath, [CLI, 'hook', '--client', 'claude-code'], { input: JSON.stringify(event), encoding: 'utf8', env: { ...process.env, AIRLOCK_BASELINE: '' } });
        return r.status === 0 && r.stdout === '' ? 'allow' : (/"permissionDecision":"(\w+)"/.exec(r.stdout)?.[1] ?? `exit ${r.status}`);
      };
      for (const [rel, isDir] of PATHS) {
        if (isDir) continue;
        const guarded = !['src/app.ts', 'README.md', 'airlock/policy.json', '.claude/agents/x.md', '.vscode/extensions.json', 'sub/opencode.json', 'sub/.git/info/exclude'].includes(rel);
        assert.equal(write(rel), guarded ? 'deny' : 'allow', rel);
      }
    } finally {
      ws.dispose();
    }
  });
});
