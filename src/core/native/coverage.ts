// What each assistant's native controls really achieve, under which conditions, and where the
// vendor says so. Shown in the README (renderCoverageTable) and attached to each planned file.
import type { CoverageEntry } from './nativeTypes';

export type CoverageId =
  | 'claude-code'
  | 'vscode-hooks'
  | 'vscode-settings'
  | 'copilot-cli'
  | 'copilot-cloud-agent'
  | 'codex'
  | 'opencode'
  | 'cursor'
  | 'gemini-code-assist'
  | 'jetbrains'
  | 'aider'
  | 'windsurf'
  | 'roo'
  | 'continue'
  | 'gemini-cli'
  | 'airlock-model'
  | 'airlock-gateway'
  | 'copilot-models'
  | 'other';

/** What the hooks add for shell tools, where a sandbox can start (README "Masked execution"). */
const SHELL_REWRITE = 'Shell tool calls are rewritten into `airlock exec` (bubblewrap on Linux, sandbox-exec on macOS; not on Windows), so protected paths are masked for every command (kernel-enforced) unless the policy sets "shellSandbox": "off" or no sandbox can start there; the built-in file tools stay hook-enforced.';

const SHELL_BYPASS = 'Only the files are filtered: the vendor documents no block on its terminal or MCP tools, so a shell command can still read a listed file.';

export const COVERAGE: Readonly<Record<CoverageId, CoverageEntry>> = {
  'claude-code': {
    assistant: 'Claude Code',
    level: 'enforced',
    control: '.claude/settings.json: PreToolUse/UserPromptSubmit/PostToolUse hooks, permissions.deny/ask Read(...) and Edit(...) rules, sandbox',
    conditions:
      'Project settings and hooks apply once the user has accepted the folder in the trust dialog. `claude --bare` (2.1.81+) and `disableAllHooks` skip hooks; the Read/Edit permission rules still apply to the built-in file tools. A hook that times out does not block. Claude Code turns Read deny rules into the Bash sandbox\'s read denials; the sandbox exists on macOS, Linux and WSL2, and with `sandbox.failIfUnavailable` Claude Code refuses to run where it cannot start one (native Windows) instead of running unsandboxed. Permission rules cannot carve a path out of a denied one (deny always wins), so carve-outs stay denied there. While Claude Code\'s sandbox is on, Airlock relies on it for Bash and does not rewrite (it forbids nested sandboxes); with it off, Bash calls are rewritten into `airlock exec`.',
    source: 'https://code.claude.com/docs/en/permissions',
  },
  'vscode-hooks': {
    assistant: 'VS Code agent mode (GitHub Copilot)',
    level: 'enforced',
    control: '.github/hooks/airlock.json: PreToolUse/UserPromptSubmit/PostToolUse agent hooks',
    conditions:
      'Agent hooks are a Preview feature (VS Code 1.110+). VS Code core finds the hook files and hands them to the agent (Copilot Chat), which runs them; core then enforces the answer: a deny stops the tool before it runs, and an `updatedInput` replaces the input only if it fits the tool\'s schema (otherwise the original call runs, so Airlock completes `run_in_terminal`\'s required fields). Shown in the real VS Code 1.139 host with a stand-in for Copilot Chat, which cannot be installed offline. Hooks do not run in an untrusted workspace, and `chat.useHooks: false` in user or workspace settings (Airlock refuses AI edits of .vscode/settings.json) or an organization policy turns them off. The `windows`, `linux`, `osx` command is chosen by the extension host\'s OS (the remote one over SSH, WSL or containers). With `chat.useClaudeHooks` on (off by default in 1.139) VS Code also runs the hooks in .claude/settings.json, so Airlock may be asked twice per tool call (the strictest answer wins). Copilot content exclusion does not apply to agent mode. ' + SHELL_REWRITE,
    source: 'https://code.visualstudio.com/docs/copilot/customization/hooks',
  },
  'vscode-settings': {
    assistant: 'VS Code (Copilot completions and edit approval)',
    level: 'advisory',
    control: '.vscode/settings.json: chat.tools.edits.autoApprove (protected globs: false); github.copilot.enable only when the default class is protected',
    conditions:
      'autoApprove `false` makes the agent ask for approval before editing a protected file; it does not refuse. Inline completions cannot be switched off per path: `github.copilot.enable` is keyed by language id, so Airlock turns completions off everywhere only when the default class is protected, and otherwise leaves them on (use Copilot content exclusion, an organization setting, for paths). User settings can override workspace settings.',
    source: 'https://code.visualstudio.com/docs/copilot/chat/review-code-edits',
  },
  'copilot-cli': {
    assistant: 'GitHub Copilot CLI',
    level: 'enforced',
    control: '.github/hooks/airlock.json (preToolUse in the VS Code-compatible format; bash and powershell commands)',
    conditions:
      'Repository hooks load only in a folder the user has trusted; `disableAllHooks` turns them off (policy hooks excepted: `airlock org compile` installs the same hook as a machine policy hook, which neither `disableAllHooks` in the repository nor `allowManagedHooksOnly` in managed settings turns off). The CLI also runs hooks from .claude/settings.json and .github/copilot/settings.json. ' + SHELL_REWRITE,
    source: 'https://docs.github.com/en/copilot/reference/hooks-reference',
  },
  'copilot-cloud-agent': {
    assistant: 'GitHub Copilot cloud agent',
    level: 'enforced',
    control: '.github/hooks/airlock.json on the default branch',
    conditions:
      'Only the default branch\'s hook files count, and only the `bash`/`command` entries run (Linux). Airlock must be installed in the agent\'s environment (for example with copilot-setup-steps); if it is not, the fail-closed command blocks every tool call.',
    source: 'https://docs.github.com/en/copilot/reference/hooks-reference',
  },
  codex: {
    assistant: 'OpenAI Codex CLI',
    level: 'enforced',
    control: '.codex/hooks.json: PreToolUse/UserPromptSubmit/PostToolUse hooks',
    conditions:
      'Project hooks load only when the project\'s .codex/ layer is trusted, and each hook must be reviewed and trusted in /hooks; trust is tied to the hook\'s hash, so a changed command needs a new review. `[features] hooks = false` turns hooks off. ' + SHELL_REWRITE,
    source: 'https://developers.openai.com/codex/hooks',
  },
  opencode: {
    assistant: 'opencode',
    level: 'enforced',
    control: '.opencode/plugins/airlock.js (tool.execute.before)',
    conditions: `Plugins in .opencode/plugins/ load at start-up; the plugin refuses a tool call (by throwing) unless the hook allows it in time, so a missing or crashed Airlock blocks. ${SHELL_REWRITE}`,
    source: 'https://opencode.ai/docs/plugins/',
  },
  cursor: {
    assistant: 'Cursor',
    level: 'advisory',
    control: '.cursorignore',
    conditions: `Best-effort exclusion from indexing, Tab, Agent and @-references. ${SHELL_BYPASS}`,
    source: 'https://cursor.com/docs/context/ignore-files',
  },
  'gemini-code-assist': {
    assistant: 'Gemini Code Assist',
    level: 'advisory',
    control: '.aiexclude',
    conditions: `Excludes files from context for completion, generation and chat. Airlock writes no "!" lines (carve-outs stay excluded, with a warning) and never leaves the file empty, since an empty .aiexclude excludes everything. ${SHELL_BYPASS}`,
    source: 'https://developers.google.com/gemini-code-assist/docs/create-aiexclude-file',
  },
  jetbrains: {
    assistant: 'JetBrains AI Assistant / Junie',
    level: 'advisory',
    control: '.aiignore',
    conditions: `Listed files are kept out of AI Assistant's context. ${SHELL_BYPASS}`,
    source: 'https://www.jetbrains.com/help/ai-assistant/disable-ai-assistant.html',
  },
  aider: {
    assistant: 'Aider',
    level: 'advisory',
    control: '.aiderignore',
    conditions: 'Listed files cannot be added to the chat or edited; the file is read relative to the git root (the workspace root must be the git root). `/run` shell commands can still read them.',
    source: 'https://aider.chat/docs/config/options.html',
  },
  windsurf: {
    assistant: 'Windsurf',
    level: 'advisory',
    control: '.codeiumignore',
    conditions: `Listed files are not indexed and Cascade does not view or edit them. ${SHELL_BYPASS}`,
    source: 'https://docs.windsurf.com/context-awareness/windsurf-ignore',
  },
  roo: {
    assistant: 'Roo Code',
    level: 'advisory',
    control: '.rooignore',
    conditions: "Roo's file tools refuse listed files; terminal commands are not blocked.",
    source: 'https://docs.roocode.com/features/rooignore',
  },
  continue: {
    assistant: 'Continue',
    level: 'advisory',
    control: '.continueignore',
    conditions: `Listed files are left out of indexing and retrieval. ${SHELL_BYPASS}`,
    source: 'https://docs.continue.dev/customize/context/codebase',
  },
  'gemini-cli': {
    assistant: 'Gemini CLI',
    level: 'advisory',
    control: '.geminiignore',
    conditions: `Gemini CLI's file tools skip listed files. ${SHELL_BYPASS}`,
    source: 'https://github.com/google-gemini/gemini-cli/blob/main/docs/cli/gemini-ignore.md',
  },
  'airlock-model': {
    assistant: 'VS Code chats using an Airlock model, @airlock, or Airlock tools',
    level: 'enforced',
    control: 'none (the extension): "Airlock: <endpoint>" models from the policy\'s `models` section, the @airlock participant, airlock_read/search/list/edit tools and their MCP server',
    conditions:
      'Every request through an Airlock model is inspected before it leaves: secrets masked, content of protected files (found by fingerprint, whatever route it took) refused or removed unless the endpoint may receive its class, audited. @airlock checks #file and selection references with the policy first. Covers only chats where the user picked an Airlock model or @airlock, and agents that use Airlock\'s tools; text fingerprints do not catch re-encoded content (base64, translated or summarised text).',
    source: 'https://code.visualstudio.com/api/extension-guides/ai/language-model-chat-provider',
  },
  'airlock-gateway': {
    assistant: 'CLI agents through `airlock gateway`',
    level: 'enforced',
    control:
      '`airlock run --gateway` (the client\'s environment; the gateway runs outside the sandbox), or `airlock gateway` on the policy\'s port with, when "models.gateway.sync" is on, .claude/settings.json (env.ANTHROPIC_BASE_URL, apiKeyHelper) and opencode.json (provider baseURL)',
    conditions:
      'Holds only while the client sends its model traffic to the gateway and cannot reach the model otherwise: the gateway does not block other network routes (under `airlock run` the endpoint keys are kept out of the agent\'s environment, but its network is not cut). The Copilot CLI\'s BYOK provider variables are environment-only and Codex ignores a model provider set in a project\'s .codex/config.toml, so those two are pointed at the gateway only by `airlock run --gateway` (or the user\'s own settings). Written settings hold no key: clients read the per-user token from ~/.config/airlock/gateway-token. The same inspection as the Airlock model. Tested end to end with Claude Code, the Copilot CLI and Codex (Responses API) through `airlock gateway`, with all four under `airlock run --gateway`, and with the settings `sync` writes for Claude Code and opencode.',
    source: 'https://code.claude.com/docs/en/llm-gateway',
  },
  'copilot-models': {
    assistant: "GitHub Copilot's own models and built-in tools",
    level: 'not-covered',
    control: 'none',
    conditions:
      "What Copilot attaches as context for its own models (the active editor, #file, #codebase, its built-in read and search tools) passes no Airlock inspection: no stable API exposes it. Agent hooks still gate Copilot's tool calls, and content exclusion is a proposed API. Use an Airlock model or @airlock for governed chats.",
    source: 'https://docs.github.com/en/copilot/concepts/context/content-exclusion',
  },
  other: {
    assistant: 'Any other assistant',
    level: 'not-covered',
    control: 'none',
    conditions: "Airlock writes nothing for assistants it does not know; GitHub Copilot's content exclusion does not reach agent mode either. Use the CLI (`airlock check`) in CI to catch what gets through.",
    source: 'https://docs.github.com/en/copilot/concepts/context/content-exclusion',
  },
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The coverage table in Markdown, for the README. */
export function renderCoverageTable(entries: readonly CoverageEntry[] = Object.values(COVERAGE)): string {
  const label: Record<CoverageEntry['level'], string> = { enforced: 'enforced', advisory: 'advisory', 'not-covered': 'not covered' };
  const rows = entries.map((e) => `| ${cell(e.assistant)} | ${label[e.level]} | ${cell(e.control)} | ${cell(e.conditions)} | [docs](${e.source}) |`);
  return ['| Assistant | Level | What Airlock writes | Conditions | Source |', '| --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}
