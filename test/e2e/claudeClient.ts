// Claude Code as one more client of the cross-client script (the adversarial forms and ordinary
// work of agentProbes.ts), next to its own deeper suite in claudeCode.test.ts.
import { baseAgentEnv, type AgentAction, type AgentClient, type ToolCallShape } from './agentClient';
import { CLAUDE_CODE_VERSION, ensureClaudeCode } from './claudeInstall';
import { claudeArgs, claudeEnv } from './claudeRun';
import { anthropicWire } from './fakeAnthropicServer';
import { CLAUDE_TOOLS } from './probeSteps';
import { assertSandboxTools } from './sandboxTools';

export const claudeClient: AgentClient = {
  id: 'claude',
  label: 'Claude Code',
  npmPackage: '@anthropic-ai/claude-code',
  version: CLAUDE_CODE_VERSION,
  wire: 'anthropic-messages',
  auditClient: /^claude/,
  install() {
    // `sync` turns on Claude Code's sandbox with failIfUnavailable: without its tools the client refuses to start.
    assertSandboxTools();
    return ensureClaudeCode();
  },
  adapter: () => anthropicWire,
  launch(ctx) {
    return {
      command: ctx.executable,
      args: claudeArgs(ctx.prompt, ['--tools', CLAUDE_TOOLS]),
      env: { ...baseAgentEnv(ctx.homeDir), ...claudeEnv(ctx) },
    };
  },
  toolCall(action: AgentAction): ToolCallShape {
    switch (action.kind) {
      case 'read': return { name: 'Read', input: { file_path: action.path } };
      case 'shell': return { name: 'Bash', input: { command: action.command, description: 'Run a command' } };
      case 'edit': return { name: 'Edit', input: { file_path: action.path, old_string: action.oldText, new_string: action.newText } };
    }
  },
  finalAnswer(events) {
    const result = [...events].reverse().find((e) => e.type === 'result');
    return typeof result?.result === 'string' ? result.result : undefined;
  },
};
