// Every real captured payload: detected client, event kind, tool, action and paths.
import * as assert from 'node:assert/strict';
import type { Action } from '../../../src/core/decide/decisionTypes';
import { detectClient } from '../../../src/core/hook/detectClient';
import type { HookEventKind } from '../../../src/core/hook/hookEventTypes';
import { parseHookEvent } from '../../../src/core/hook/parseHookEvent';
import { loadPayloadFixtures } from './hookFixtures';

const ROOT = '/home/dev/acme';

/** Client event names as they appear in fixture file names, to the expected kind. */
const EXPECTED_KIND: Readonly<Record<string, HookEventKind>> = {
  PreToolUse: 'pre-tool', preToolUse: 'pre-tool', 'tool.execute.before': 'pre-tool',
  PostToolUse: 'post-tool', postToolUse: 'post-tool', 'tool.execute.after': 'post-tool',
  PostToolUseFailure: 'post-tool-failure', postToolUseFailure: 'post-tool-failure',
  UserPromptSubmit: 'prompt', userPromptSubmitted: 'prompt',
  SessionStart: 'session-start', sessionStart: 'session-start',
  Stop: 'stop', agentStop: 'stop', SessionEnd: 'stop', sessionEnd: 'stop',
  PostToolBatch: 'other',
};

/** Tool names as the clients send them, to the action Airlock must judge (null: no local access). */
const EXPECTED_ACTION: Readonly<Record<string, Action | null>> = {
  Read: 'read', view: 'read', read: 'read',
  Edit: 'edit', edit: 'edit', Write: 'edit', write: 'edit', create: 'edit',
  Glob: 'search', glob: 'search', Grep: 'search', grep: 'search',
  Bash: 'execute', bash: 'execute',
  Agent: null, task: null,
  // VS Code agent mode (Copilot Chat's and core's tool names).
  read_file: 'read', create_file: 'edit', run_in_terminal: 'execute',
};

/** What each scripted probe touched. */
const PROBE_PATHS: Readonly<Record<string, readonly string[]>> = {
  'read-env': [`${ROOT}/.env`],
  'edit-env': [`${ROOT}/.env`],
  'read-secrets': [`${ROOT}/secrets/api.key`],
  'read-infra-prod': [`${ROOT}/infra/prod/main.tf`],
  'write-secrets': [`${ROOT}/secrets/new.txt`],
  'glob-tool': [ROOT],
  'grep-tool': [ROOT],
  'read-config': [`${ROOT}/src/config.ts`],
  'read-app': [`${ROOT}/src/app.ts`],
  'read-util': [`${ROOT}/src/util.ts`],
  'write-new': [`${ROOT}/src/new.ts`],
  'create-new': [`${ROOT}/src/new.ts`],
  'edit-app': [`${ROOT}/src/app.ts`],
  'edit-fails': [`${ROOT}/src/app.ts`],
  'parallel-edit-config-1': [`${ROOT}/src/config.ts`],
  'parallel-edit-config-2': [`${ROOT}/src/config.ts`],
};

const PROBE_COMMANDS: Readonly<Record<string, string>> = {
  'bash-cat-env': 'cat .env',
  'bash-cat-secrets': 'cat secrets/api.key',
  'bash-cat-infra-prod': 'cat infra/prod/main.tf',
  'bash-create-gen': `printf 'export const generated = 1;\\nexport const by = "shell";\\n' > src/gen.ts`,
  'bash-sed-util': `sed -i "s/'Hello, '/'Hey, '/" src/util.ts`,
  'bash-write-then-fail': 'echo "export const partial = true;" > src/partial.ts; exit 3',
  'bash-sleep': 'sleep 2',
};

describe('hook: every captured payload', () => {
  const { payloads, skipped } = loadPayloadFixtures();

  it('finds the fixtures and skips only files that are not hook input', () => {
    assert.ok(payloads.length >= 100, `only ${payloads.length} payload fixtures found`);
    for (const s of skipped) assert.match(s, /(session-events-line|transcript-line|tool-results)[^/]*\.json$|\.diff$|README\.md$/);
    for (const client of ['claude-code', 'codex', 'copilot-cli', 'copilot-cli-vscode', 'opencode', 'vscode'] as const) {
      assert.ok(payloads.some((p) => p.client === client), `no fixtures for ${client}`);
    }
  });

  for (const fx of payloads) {
    describe(fx.file, () => {
      it('is detected as its client, without and with the matching hint', () => {
        assert.equal(detectClient(fx.payload), fx.client);
        assert.equal(detectClient(fx.payload, fx.client), fx.client);
      });

      it('parses to the expected event, tool and session', () => {
        const ev = parseHookEvent(fx.payload, fx.client);
        assert.equal(ev.client, fx.client);
        assert.equal(ev.rawEventName, fx.eventName);
        const kind = EXPECTED_KIND[fx.eventName];
        if (kind !== undefined) assert.equal(ev.event, kind);
        assert.equal(ev.cwd, ROOT);
        assert.notEqual(ev.sessionId, '');
        assert.equal(ev.toolName, fx.tool);
        if (fx.tool !== '' && (fx.client === 'claude-code' || fx.client === 'codex' || fx.client === 'opencode')) {
          assert.ok(ev.toolUseId, 'tool call id missing');
        }
        if (fx.client === 'claude-code') assert.match(ev.transcriptPath ?? '', /\.jsonl$/);
        // opencode runs a sub-agent as its own session and marks its calls no other way.
        if (/_sub_/.test(fx.probe) && fx.client !== 'opencode') assert.ok(ev.agentId, 'sub-agent call without agentId');
      });

      it('maps the tool call to the actions and paths it reaches', () => {
        const ev = parseHookEvent(fx.payload, fx.client);
        if (ev.event === 'prompt') {
          assert.equal(typeof ev.prompt, 'string');
          if (fx.probe === 'at-mention') {
            assert.deepEqual(ev.requests, [{ action: 'read', paths: ['.env', 'secrets/api.key'], cwd: ROOT }]);
          } else {
            assert.deepEqual(ev.requests, []);
          }
          return;
        }
        if (fx.tool === '') {
          assert.deepEqual(ev.requests, []);
          return;
        }
        const action = EXPECTED_ACTION[fx.tool];
        assert.notEqual(action, undefined, `no expected action for tool ${fx.tool}: add it to EXPECTED_ACTION`);
        if (action === null) {
          assert.deepEqual(ev.requests, []);
          assert.equal(ev.prompt, 'SUBAGENT-TASK-7Q read the env file');
          return;
        }
        assert.equal(ev.requests[0]?.action, action);
        assert.equal(ev.requests[0]?.cwd, ROOT);
        if (action === 'execute' && fx.probe.startsWith('apply-patch')) {
          // Codex's apply_patch heredoc: judged as the edit of the file the patch names.
          assert.deepEqual(ev.requests, [{ action: 'execute', paths: [], cwd: ROOT }, { action: 'edit', paths: [`${ROOT}/src/app.ts`], cwd: ROOT }]);
          return;
        }
        if (action === 'execute') {
          assert.deepEqual(ev.requests, [{ action: 'execute', paths: [], cwd: ROOT }]);
          const probe = fx.probe.replace(/^agent-read-env_sub_\w+$/, 'bash-cat-env');
          const expected = PROBE_COMMANDS[probe];
          if (expected !== undefined) assert.equal(ev.command, expected);
          else assert.ok(ev.command, 'shell call without a command');
          return;
        }
        assert.equal(ev.requests.length, 1);
        const probe = fx.probe.replace(/^agent-read-env_sub_\w+$/, 'read-env');
        const expected = PROBE_PATHS[probe];
        if (expected !== undefined) assert.deepEqual(ev.requests[0]?.paths, expected);
        else assert.ok((ev.requests[0]?.paths.length ?? 0) > 0, 'file tool without paths');
        if (probe === 'glob-tool') assert.equal(ev.requests[0]?.searchPattern, '**/.env*');
      });
    });
  }
});
