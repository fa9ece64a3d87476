// `airlock sync`, first half: from the one policy, what every assistant's own control file should
// hold. Pure: reads nothing, so the same policy always plans the same files (applyNativePlan merges
// them with what is on disk).
import type { PolicyDocument } from '../policy/policyTypes';
import { CLAUDE_SETTINGS_PATH, planClaudeSettings } from './claudeSettings';
import { COVERAGE } from './coverage';
import { CODEX_HOOKS_PATH, GITHUB_HOOKS_PATH, planCodexHooks, renderGithubHooks } from './hookConfigs';
import { renderOpencodePlugin } from './opencodePlugin';
import { posixHookLine, type HookCommand } from './hookCommand';
import { planIgnoreFiles } from './ignoreTargets';
import { classifyPolicy } from './nativePatterns';
import type { JsonManagedEdit, NativeFilePlan, NativePlan, NativeWarning } from './nativeTypes';
import { planVscodeSettings, VSCODE_SETTINGS_PATH } from './vscodeSettings';
import { OPENCODE_CONFIG_PATH, planGatewaySettings } from './gatewaySettings';
import type { SyncTargetId } from '../policy/syncTargets';
import { TARGET_OF_PLAN } from './syncTargetFiles';
import { ASSISTANT_TELEMETRY_NOTE, vscodeTelemetryEdits } from './assistantTelemetry';

export const OPENCODE_PLUGIN_PATH = '.opencode/plugins/airlock.js';

export interface PlanOptions {
  /** Workspace root (absolute); the files are planned relative to it. */
  readonly root: string;
  /** How the generated configs start `airlock hook`. */
  readonly hookCommand: HookCommand;
  /** Decides which exceptions are live. */
  readonly now: Date;
  /**
   * Source of the opencode plugin; default: renderOpencodePlugin() with the POSIX hook line (the
   * plugin runs it through the platform shell and blocks on any failure itself).
   */
  readonly opencodePlugin?: string;
  /** Turn on Claude Code's Bash sandbox where reads are denied (default true). */
  readonly claudeSandbox?: boolean;
  /** The assistants to write for (see resolveSyncTargets); default: all of them. */
  readonly targets?: readonly SyncTargetId[];
}

/**
 * Object-entries edits on the same object become one: two features (the gateway's base URL, the
 * telemetry exporter) both write Claude's `env`, and the merge tracks owned keys per object.
 */
function oneEditPerObject(edits: readonly JsonManagedEdit[]): JsonManagedEdit[] {
  const out: JsonManagedEdit[] = [];
  const byPath = new Map<string, number>();
  for (const e of edits) {
    if (e.kind !== 'object-entries') {
      out.push(e);
      continue;
    }
    const key = JSON.stringify(e.path);
    const at = byPath.get(key);
    if (at === undefined) {
      byPath.set(key, out.length);
      out.push(e);
    } else {
      const prev = out[at] as Extract<JsonManagedEdit, { kind: 'object-entries' }>;
      out[at] = { ...prev, entries: { ...prev.entries, ...e.entries } };
    }
  }
  return out;
}

export function planNativeFiles(policy: PolicyDocument, options: PlanOptions): NativePlan {
  const classified = classifyPolicy(policy, options.now);
  const warnings: NativeWarning[] = [...classified.warnings];
  if (classified.monitor) {
    warnings.push({
      file: '',
      message: 'monitor mode: nothing is blocked, so the permission rules, exclusion files and VS Code restrictions are left empty; the hooks are installed so that Airlock records what enforcement would have denied',
    });
  }

  if (policy.shellSandbox === 'off') {
    warnings.push({
      file: '',
      message: 'shell rewriting is off ("shellSandbox": "off"): the Copilot CLI, Codex, opencode and VS Code run shell commands unmasked, judged by the shell parser alone (not kernel-enforced); `airlock run` still masks an agent started inside it',
    });
  }

  // Claude Code 2.1.331 ignores OTel env in a repository's settings (documented; tested), so sync
  // writes none there and removes what earlier versions wrote; `org compile` puts it in managed settings.
  const claude = planClaudeSettings({ policy: classified, hook: options.hookCommand, sandbox: options.claudeSandbox ?? true, telemetry: null });
  if (policy.telemetry?.assistants) warnings.push({ file: '', message: ASSISTANT_TELEMETRY_NOTE });
  const vscode = planVscodeSettings(classified);
  vscode.edits.push(...vscodeTelemetryEdits(policy.telemetry));
  const gateway = planGatewaySettings(policy.models, CLAUDE_SETTINGS_PATH);
  warnings.push(...gateway.warnings);
  const files: NativeFilePlan[] = [
    {
      target: 'claude-settings',
      path: CLAUDE_SETTINGS_PATH,
      spec: { kind: 'json-managed', edits: oneEditPerObject([...claude.edits, ...gateway.claude]) },
      warnings: claude.warnings,
      coverage: [COVERAGE['claude-code']],
    },
    {
      target: 'github-hooks',
      path: GITHUB_HOOKS_PATH,
      spec: { kind: 'whole-file', content: renderGithubHooks(options.hookCommand) },
      warnings: [],
      coverage: [COVERAGE['vscode-hooks'], COVERAGE['copilot-cli'], COVERAGE['copilot-cloud-agent']],
    },
    {
      target: 'codex-hooks',
      path: CODEX_HOOKS_PATH,
      spec: { kind: 'json-managed', edits: planCodexHooks(options.hookCommand) },
      warnings: [],
      coverage: [COVERAGE['codex']],
    },
    {
      target: 'vscode-settings',
      path: VSCODE_SETTINGS_PATH,
      spec: { kind: 'json-managed', edits: vscode.edits },
      warnings: vscode.warnings,
      coverage: [COVERAGE['vscode-settings']],
    },
  ];
  const plugin = options.opencodePlugin ?? renderOpencodePlugin(posixHookLine(options.hookCommand, 'opencode'), { missingHint: options.hookCommand.missing });
  files.push({
    target: 'opencode-plugin',
    path: OPENCODE_PLUGIN_PATH,
    spec: { kind: 'whole-file', content: plugin.endsWith('\n') ? plugin : `${plugin}\n` },
    warnings: [],
    coverage: [COVERAGE['opencode']],
  });
  if (gateway.opencode) {
    files.push({
      target: 'opencode-config',
      path: OPENCODE_CONFIG_PATH,
      spec: { kind: 'json-managed', edits: gateway.opencode, createIfMissing: gateway.createOpencode },
      warnings: [],
      coverage: [COVERAGE['airlock-gateway']],
    });
  }
  files.push(...planIgnoreFiles(classified));
  const wanted = options.targets;
  const chosen = wanted ? files.filter((f) => wanted.includes(TARGET_OF_PLAN[f.target])) : files;
  return { root: options.root, files: chosen, warnings };
}
