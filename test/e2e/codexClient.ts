// OpenAI Codex CLI (`@openai/codex`, a native binary from the npm registry) in `codex exec`
// mode, with a custom `model_providers` entry that points its Responses wire at the fake.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codexHookTrustToml } from './codexHookTrust';
import { baseAgentEnv, HEREDOC_END, type AgentAction, type AgentClient, type ToolCallShape } from './agentClient';
import { openaiResponsesWire } from './openaiWires';
import { ensurePinned } from './pinnedInstall';

const VERSION = '0.169.0';

/** The launcher script; it finds the platform package and puts Codex's bundled tools (rg) on PATH. */
function launcherIn(dir: string): string | undefined {
  const manifest = join(dir, 'node_modules', '@openai', 'codex', 'package.json');
  const launcher = join(dir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
  if (!existsSync(manifest) || !existsSync(launcher)) return undefined;
  if ((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version !== VERSION) return undefined;
  // The platform package is an npm alias (`@openai/codex-linux-x64` → `@openai/codex@<v>-linux-x64`).
  const vendor = join(dir, 'node_modules', '@openai', `codex-${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`);
  if (!existsSync(vendor) || !statSync(vendor).isDirectory()) return undefined;
  return launcher;
}

function tomlString(s: string): string {
  return JSON.stringify(s);
}

/** An `apply_patch` envelope that replaces the one line holding `oldText` (Codex patches whole lines). */
function patchFor(action: Extract<AgentAction, { kind: 'edit' }>): string {
  const lines = existsSync(action.path) ? readFileSync(action.path, 'utf8').split('\n') : [];
  const line = lines.find((l) => l.includes(action.oldText)) ?? action.oldText;
  return ['*** Begin Patch', `*** Update File: ${action.path}`, '@@', `-${line}`, `+${line.replace(action.oldText, action.newText)}`, '*** End Patch'].join('\n');
}

export const codexClient: AgentClient = {
  id: 'codex',
  label: 'OpenAI Codex CLI',
  npmPackage: '@openai/codex',
  version: VERSION,
  wire: 'openai-responses',
  auditClient: /^codex/,
  install() {
    const r = ensurePinned({ cacheName: `codex-${VERSION}`, spec: `@openai/codex@${VERSION}`, usable: (dir) => launcherIn(dir) !== undefined });
    return { executable: launcherIn(r.dir) ?? '', installed: r.installed };
  },
  adapter: () => openaiResponsesWire({ mainTool: 'exec_command' }),
  launch(ctx) {
    const codexHome = join(ctx.homeDir, '.codex');
    mkdirSync(codexHome, { recursive: true });
    mkdirSync(join(ctx.homeDir, 'tmp'), { recursive: true });
    // The user's config: the fake as a custom provider, hooks on, the project trusted (a
    // project's `.codex/` layer, hooks included, loads only in a trusted project) and its hooks
    // trusted as the developer's one-time `/hooks` review records them.
    const config = [
      'model = "fake-model"',
      'model_provider = "fake"',
      'check_for_update_on_startup = false',
      '[model_providers.fake]',
      'name = "Fake"',
      `base_url = ${tomlString(`${ctx.baseUrl}/v1`)}`,
      'wire_api = "responses"',
      'env_key = "FAKE_MODEL_KEY"',
      'request_max_retries = 0',
      'stream_max_retries = 0',
      '[features]',
      'hooks = true',
      `[projects.${tomlString(ctx.root)}]`,
      'trust_level = "trusted"',
      '',
    ].join('\n') + codexHookTrustToml(ctx.root);
    writeFileSync(join(codexHome, 'config.toml'), config);
    return {
      command: process.execPath,
      args: [
        ctx.executable, 'exec', '--json', '--skip-git-repo-check', '--ephemeral',
        // Only Airlock may stop a call: Codex's own approvals and sandbox are off.
        '--dangerously-bypass-approvals-and-sandbox',
        '-C', ctx.root, ctx.prompt,
      ],
      env: { ...baseAgentEnv(ctx.homeDir), CODEX_HOME: codexHome, FAKE_MODEL_KEY: 'sk-fake-e2e-key' },
    };
  },
  toolCall(action: AgentAction): ToolCallShape {
    // Codex has no file tools: it reads and edits through its shell (`apply_patch` is intercepted there).
    const exec = (cmd: string): ToolCallShape => ({ name: 'exec_command', input: { cmd, yield_time_ms: 10_000 } });
    switch (action.kind) {
      case 'read': return exec(`sed -n '1,200p' ${action.path}`);
      case 'shell': return exec(action.command);
      case 'edit': return exec(`apply_patch <<'${HEREDOC_END}'\n${patchFor(action)}\n${HEREDOC_END}`);
    }
  },
  finalAnswer(events) {
    const messages = events.filter((e) => e.type === 'item.completed' && (e.item as { type?: string })?.type === 'agent_message');
    const last = messages[messages.length - 1] as { item?: { text?: unknown } } | undefined;
    return typeof last?.item?.text === 'string' ? last.item.text : undefined;
  },
};
