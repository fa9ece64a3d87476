// `airlock org compile`: one org baseline policy → the files an organisation distributes through
// the channels it already runs (MDM, configuration management). Pure: the same baseline and
// options always give the same files; `airlock org doctor` compares a machine against them.
//
// - Claude Code managed settings (`/etc/claude-code/managed-settings.json`): the baseline's
//   permission rules and sandbox, plus a local plugin marketplace and a FORCE-ENABLED plugin that
//   carries Airlock's hooks. Under `allowManagedHooksOnly` Claude Code runs only managed hooks and
//   hooks of plugins that managed settings enable, so Airlock keeps running while repository hooks
//   stop.
// - The Copilot CLI's managed settings and policy hook file (copilotManaged.ts).
// - The machine-wide baseline (`/etc/airlock/baseline.json`), which every hook above loads through
//   AIRLOCK_BASELINE, so the baseline applies in every repository with an Airlock policy.
// - VS Code's agent-plugin location (`chat.pluginLocations`): its hooks run in VS Code 1.139
//   (agentHooks.test.ts), but not under the `chat.hooks.allowManagedOnly` policy; for that, the
//   policy file and the plugin in each user's installed-plugins folder (vscodePolicy.ts).
// Paths per platform: orgPlatforms.ts (only Linux exercised with the real clients).
// - With "telemetry": { "assistants": true }, Codex's and the Copilot CLI's exporter settings (orgTelemetry).
import { CLAUDE_SETTINGS_PATH, planClaudeSettings } from '../native/claudeSettings';
import { posixQuote } from '../util/posixQuote';
import { type HookCommand } from '../native/hookCommand';
import { classifyPolicy } from '../native/nativePatterns';
import type { NativeWarning } from '../native/nativeTypes';
import type { PolicyDocument } from '../policy/policyTypes';
import { compileCopilotManaged } from './copilotManaged';
import type { OrgFile } from './orgFile';
import { machinePath, orgLayout, type OrgLayout, type OrgPlatform } from './orgPlatforms';
import { addOrgTelemetryFiles } from './orgTelemetry';
import { compileVscodePolicy } from './vscodePolicy';

/** The Airlock files' places inside a layout. */
export function orgPaths(layout: OrgLayout): { claudeManagedSettings: string; baseline: string; marketplace: string; copilotSettings: string; vscodeSettings: string } {
  return {
    claudeManagedSettings: machinePath(layout, layout.claudeDir, 'managed-settings.json'),
    baseline: machinePath(layout, layout.airlockDir, 'baseline.json'),
    marketplace: machinePath(layout, layout.airlockDir, 'claude-marketplace'),
    copilotSettings: layout.copilotSettings,
    vscodeSettings: 'vscode/settings.json',
  };
}

/** Where each piece lives on a Linux machine (other platforms: orgPaths(orgLayout(p))). */
export const ORG_PATHS = orgPaths(orgLayout('linux'));

export const MARKETPLACE_NAME = 'airlock-org';
export const PLUGIN_NAME = 'airlock';
export const PLUGIN_ID = `${PLUGIN_NAME}@${MARKETPLACE_NAME}`;

export interface OrgCompileOptions {
  /** How hooks start Airlock on the org's machines (AIRLOCK_BASELINE is added in front). */
  readonly hook: HookCommand;
  readonly now: Date;
  /** Also set `allowManagedHooksOnly` (repository and user hooks stop running). */
  readonly managedHooksOnly: boolean;
  /** Also set `allowManagedPermissionRulesOnly`. */
  readonly managedPermissionRulesOnly?: boolean;
  readonly version: string;
  /** Whose machine paths to write (default linux). */
  readonly platform?: OrgPlatform;
}

export interface OrgCompileResult {
  readonly files: readonly OrgFile[];
  readonly warnings: readonly NativeWarning[];
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** The hook command with the machine baseline in its environment. */
export function withBaseline(hook: HookCommand, baseline: string = ORG_PATHS.baseline): HookCommand {
  const env = `AIRLOCK_BASELINE=${posixQuote(baseline)}`;
  return { ...hook, posix: `${env} ${hook.posix}`, powershell: `$env:AIRLOCK_BASELINE='${baseline.replace(/'/g, "''")}'; & ${hook.powershell}` };
}

/**
 * In managed settings a leading `/` would anchor a rule at the managed settings folder, not at a
 * project: rules are made relative to the session's folder instead (an anchored baseline pattern
 * such as `/infra/prod/` then matches below wherever Claude Code was started).
 */
function fromCwd(rule: string): string {
  return rule.replace(/^(\w+)\(\/(?!\/)/, '$1(');
}

export function compileOrgBaseline(baseline: PolicyDocument, baselineText: string, options: OrgCompileOptions): OrgCompileResult {
  const layout = orgLayout(options.platform ?? 'linux');
  const paths = orgPaths(layout);
  const hook = withBaseline(options.hook, paths.baseline);
  const claude = planClaudeSettings({ policy: classifyPolicy(baseline, options.now), hook, sandbox: true, telemetry: baseline.telemetry });
  const managed: Record<string, unknown> = {};
  const hooks: Record<string, unknown[]> = {};
  for (const e of claude.edits) {
    if (e.kind === 'array-members' && e.values.length) {
      const [a, b] = e.path as string[];
      const parent = (managed[a] ??= {}) as Record<string, unknown>;
      parent[b] = e.values.map(fromCwd);
    } else if (e.kind === 'set') {
      const [a, b] = e.path as string[];
      const parent = (managed[a] ??= {}) as Record<string, unknown>;
      parent[b] = e.value;
    } else if (e.kind === 'hook-group') {
      hooks[String(e.path[1])] = [e.group];
    } else if (e.kind === 'object-entries' && Object.keys(e.entries).length) {
      // The assistants' telemetry env (Claude's exporter pointed at `airlock telemetry serve`).
      managed[String(e.path[0])] = { ...e.entries };
    }
  }
  if (options.managedHooksOnly) managed['allowManagedHooksOnly'] = true;
  if (options.managedPermissionRulesOnly) managed['allowManagedPermissionRulesOnly'] = true;
  managed['extraKnownMarketplaces'] = { [MARKETPLACE_NAME]: { source: { source: 'directory', path: paths.marketplace } } };
  managed['enabledPlugins'] = { [PLUGIN_ID]: true };

  const pluginDir = machinePath(layout, paths.marketplace, PLUGIN_NAME);
  const inPlugin = (...parts: string[]): string => machinePath(layout, pluginDir, ...parts);
  const description = 'Airlock: keeps the paths the organisation baseline and each repository policy protect out of Claude Code (PreToolUse/UserPromptSubmit hooks, fail closed).';
  // The plugin's files by their place inside the plugin folder.
  const plugin: OrgFile[] = [
    { path: '.claude-plugin/plugin.json', content: json({ name: PLUGIN_NAME, version: options.version, description }) },
    { path: 'hooks/hooks.json', content: json({ description, hooks }) },
  ];
  const files: OrgFile[] = [
    { path: paths.claudeManagedSettings, content: json(managed) },
    { path: paths.baseline, content: baselineText.endsWith('\n') ? baselineText : `${baselineText}\n` },
    {
      path: machinePath(layout, paths.marketplace, '.claude-plugin', 'marketplace.json'),
      content: json({ name: MARKETPLACE_NAME, owner: { name: 'Airlock (organisation rollout)' }, plugins: [{ name: PLUGIN_NAME, source: `./${PLUGIN_NAME}`, description, version: options.version }] }),
    },
    ...plugin.map((f) => ({ path: inPlugin(...f.path.split('/')), content: f.content })),
    ...compileCopilotManaged(layout, hook, options.managedHooksOnly),
    // VS Code agent plugins: the same plugin folder (Claude's plugin format), made known by setting.
    { path: paths.vscodeSettings, content: json({ 'chat.pluginLocations': { [pluginDir]: true } }) },
    ...compileVscodePolicy(layout.vscodePolicy, PLUGIN_ID, options.managedHooksOnly, plugin),
  ];
  addOrgTelemetryFiles(files, baseline.telemetry, layout);
  const warnings = claude.warnings.map((w) => ({ ...w, file: w.file === CLAUDE_SETTINGS_PATH ? paths.claudeManagedSettings : w.file }));
  return { files, warnings };
}
