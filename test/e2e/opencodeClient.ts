// opencode (`opencode-ai`, a native binary from the npm registry) in `opencode run` mode, with
// an OpenAI-compatible provider whose `baseURL` is the fake's Chat Completions wire.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { baseAgentEnv, type AgentAction, type AgentClient, type ToolCallShape } from './agentClient';
import { platformBinaryIn } from './claudeInstall';
import { openaiChatWire } from './openaiWires';
import { ensurePinned } from './pinnedInstall';

const VERSION = '1.18.33';

function platformPackage(): { name: string; binary: string } {
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  const musl = process.platform === 'linux' && report.header?.glibcVersionRuntime === undefined ? '-musl' : '';
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return { name: `opencode-${os}-${process.arch}${musl}`, binary: join('bin', process.platform === 'win32' ? 'opencode.exe' : 'opencode') };
}

export const opencodeClient: AgentClient = {
  id: 'opencode',
  label: 'opencode',
  npmPackage: 'opencode-ai',
  version: VERSION,
  wire: 'openai-chat',
  auditClient: /^opencode/,
  install() {
    const pkg = platformPackage();
    const r = ensurePinned({ cacheName: `opencode-${VERSION}`, spec: `opencode-ai@${VERSION}`, usable: (dir) => platformBinaryIn(dir, pkg, VERSION) !== undefined });
    return { executable: platformBinaryIn(r.dir, pkg, VERSION) ?? '', installed: r.installed };
  },
  adapter: () => openaiChatWire({ mainTool: 'bash' }),
  launch(ctx) {
    mkdirSync(join(ctx.homeDir, 'tmp'), { recursive: true });
    // The user's config: the fake as the only provider and model; nothing fetched or shared.
    const config = {
      $schema: 'https://opencode.ai/config.json',
      provider: {
        fake: {
          npm: '@ai-sdk/openai-compatible',
          name: 'Fake',
          options: { baseURL: `${ctx.baseUrl}/v1`, apiKey: 'sk-fake-e2e-key' },
          models: { 'fake-model': { name: 'Fake model', tool_call: true } },
        },
      },
      model: 'fake/fake-model',
      small_model: 'fake/fake-model',
      autoupdate: false,
      share: 'disabled',
    };
    return {
      command: ctx.executable,
      // `--auto` approves what opencode would ask about: only Airlock's plugin may stop a call.
      args: ['run', '--format', 'json', '--auto', ...(process.env.AIRLOCK_E2E_DEBUG ? ['--print-logs', '--log-level', 'DEBUG'] : []), ctx.prompt],
      env: {
        ...baseAgentEnv(ctx.homeDir),
        OPENCODE_CONFIG_CONTENT: JSON.stringify(config),
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
        OPENCODE_DISABLE_SHARE: '1',
      },
    };
  },
  toolCall(action: AgentAction): ToolCallShape {
    switch (action.kind) {
      case 'read': return { name: 'read', input: { filePath: action.path } };
      case 'shell': return { name: 'bash', input: { command: action.command, description: 'Run a command' } };
      case 'edit': return { name: 'edit', input: { filePath: action.path, oldString: action.oldText, newString: action.newText } };
    }
  },
  finalAnswer(events) {
    const texts = events.filter((e) => e.type === 'text') as { part?: { text?: unknown } }[];
    const last = texts[texts.length - 1];
    return typeof last?.part?.text === 'string' ? last.part.text : undefined;
  },
};
