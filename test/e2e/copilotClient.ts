// GitHub Copilot CLI (`@github/copilot`, a native single-file binary from the npm registry) in
// prompt mode, with its BYOK provider pointed at the fake's OpenAI Chat Completions wire.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseAgentEnv, type AgentAction, type AgentClient, type ToolCallShape } from './agentClient';
import { platformBinaryIn } from './claudeInstall';
import { openaiChatWire } from './openaiWires';
import { E2E_CACHE, ensurePinned } from './pinnedInstall';

const VERSION = '1.0.102';

function platformPackage(): { name: string; binary: string } {
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  const libc = process.platform === 'linux' && report.header?.glibcVersionRuntime === undefined ? 'linuxmusl' : process.platform;
  return { name: `@github/copilot-${libc}-${process.arch}`, binary: process.platform === 'win32' ? 'copilot.exe' : 'copilot' };
}

export const copilotClient: AgentClient = {
  id: 'copilot',
  label: 'GitHub Copilot CLI',
  npmPackage: '@github/copilot',
  version: VERSION,
  wire: 'openai-chat',
  auditClient: /^(copilot|vscode)/,
  install() {
    const pkg = platformPackage();
    const r = ensurePinned({ cacheName: `copilot-${VERSION}`, spec: `@github/copilot@${VERSION}`, usable: (dir) => platformBinaryIn(dir, pkg, VERSION) !== undefined });
    return { executable: platformBinaryIn(r.dir, pkg, VERSION) ?? '', installed: r.installed };
  },
  adapter: () => openaiChatWire({ mainTool: 'bash' }),
  launch(ctx) {
    const copilotHome = join(ctx.homeDir, '.copilot');
    mkdirSync(copilotHome, { recursive: true });
    mkdirSync(join(ctx.homeDir, 'tmp'), { recursive: true });
    // The folder trust a user grants in the trust dialog: repository hooks load only in trusted folders.
    writeFileSync(join(copilotHome, 'config.json'), `${JSON.stringify({ trusted_folders: [ctx.root], banner: 'never' }, null, 2)}\n`);
    return {
      command: ctx.executable,
      args: ['-p', ctx.prompt, '--output-format', 'json', '--allow-all-tools', '--allow-all-paths', '--no-auto-update', '--no-ask-user', '--disable-builtin-mcps'],
      env: {
        ...baseAgentEnv(ctx.homeDir),
        COPILOT_HOME: copilotHome,
        // The binary unpacks its JavaScript once per version: share that across runs.
        COPILOT_PKG_CACHE_HOME: join(E2E_CACHE, `copilot-${VERSION}-unpacked`),
        COPILOT_AUTO_UPDATE: 'false',
        COPILOT_OFFLINE: 'true',
        COPILOT_PROVIDER_BASE_URL: `${ctx.baseUrl}/v1`,
        COPILOT_PROVIDER_TYPE: 'openai',
        COPILOT_PROVIDER_WIRE_API: 'completions',
        COPILOT_PROVIDER_API_KEY: 'sk-fake-e2e-key',
        COPILOT_MODEL: 'fake-model',
      },
    };
  },
  toolCall(action: AgentAction): ToolCallShape {
    switch (action.kind) {
      case 'read': return { name: 'view', input: { path: action.path } };
      case 'shell': return { name: 'bash', input: { command: action.command, description: 'Run a command', mode: 'sync', initial_wait: 30 } };
      case 'edit': return { name: 'edit', input: { path: action.path, old_str: action.oldText, new_str: action.newText } };
    }
  },
  finalAnswer(events) {
    const messages = events.filter((e) => e.type === 'assistant.message');
    const last = messages[messages.length - 1] as { data?: { content?: unknown } } | undefined;
    return typeof last?.data?.content === 'string' ? last.data.content : undefined;
  },
};
