// Probing a secret one search at a time: each search refused because its pattern matches a
// protected file tells the assistant that the pattern occurs there. The real hook (built CLI, one
// process per call, as the clients run it) stops checking searches by their pattern for a session
// once it has had SEARCH_PROBE_LIMIT such refusals; other sessions are not affected.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEARCH_PROBE_LIMIT } from '../../../src/cli/hookSearchProbes';
import { buildCli, runCli } from '../../helpers/builtCli';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

describe('hook: searches probing a protected file by their pattern', function () {
  this.timeout(120_000);
  let ws: TempWorkspace;
  let cache: string;
  before(() => buildCli());
  beforeEach(() => {
    ws = tempWorkspace({ '.env': 'API_KEY=s3cr3t-value\n', 'src/app.ts': 'export const port = 1;\n' });
    ws.policy(JSON.stringify({ version: 1, rules: [{ paths: ['**/.env'], class: 'secret' }] }));
    cache = mkdtempSync(join(tmpdir(), 'airlock-probe-cache-'));
  });
  afterEach(() => {
    ws.dispose();
    rmSync(cache, { recursive: true, force: true });
  });

  const grep = (pattern: string, session: string): string => {
    const payload = { session_id: session, cwd: ws.root, hook_event_name: 'PreToolUse', tool_name: 'Grep', tool_input: { pattern, output_mode: 'content' } };
    const r = runCli(['hook', '--client', 'claude-code'], { cwd: ws.root, input: JSON.stringify(payload), env: { ...process.env, XDG_CACHE_HOME: cache, AIRLOCK_BASELINE: '' } });
    const answer = JSON.parse(r.stdout || '{}') as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } };
    const decision = answer.hookSpecificOutput?.permissionDecision ?? 'allow';
    // Claude Code: allow is exit 0, a deny exits 2 (the reason on stderr too).
    assert.equal(r.status, decision === 'deny' ? 2 : 0, r.stderr);
    return `${decision} ${answer.hookSpecificOutput?.permissionDecisionReason ?? ''}`;
  };

  it(`after ${SEARCH_PROBE_LIMIT} refusals for matching, the session's searches keep the scope's verdict`, () => {
    assert.match(grep('port', 'a'), /^allow/);
    // Guessing the secret character by character: every right guess is refused.
    for (let i = 0; i < SEARCH_PROBE_LIMIT; i++) assert.match(grep(`API_KEY=${'s3cr3t-value'.slice(0, i + 1)}`, 'a'), /^deny .*matches a line of it/);
    const after = grep('port', 'a');
    assert.match(after, /^deny/);
    assert.match(after, /no longer checked by their pattern/);
    // Another session starts with the checks on.
    assert.match(grep('port', 'b'), /^allow/);
  });
});
