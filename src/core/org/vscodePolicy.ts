// VS Code's part of an org rollout under its `chat.hooks.allowManagedOnly` policy. Read from the
// VS Code 1.139 workbench code (not exercised: code-server's web workbench has no file policy source):
// - policies are keyed by policy name; a string value is JSON-parsed for a setting that is not a
//   string, so the object setting `chat.plugins.enabledPlugins` (policy `ChatEnabledPlugins`) is
//   written as a JSON string.
// - under `ChatAllowManagedHooksOnly` only plugins that policy names run hooks, and VS Code finds a
//   `<plugin>@<marketplace>` plugin in `~/.copilot/installed-plugins/<marketplace>/<plugin>` (shown
//   with a user setting in agentHooks.test.ts), so the plugin folder is also written in that layout.
// Desktop VS Code on Linux reads `/etc/vscode/policy.json`; macOS and Windows take policies from
// MDM profiles and the registry, which Airlock does not write.
import type { OrgFile } from './orgFile';

/** Where each user's copy of the plugin goes, below their home folder. */
export function vscodeInstalledPluginDir(marketplace: string, plugin: string): string {
  return `.copilot/installed-plugins/${marketplace}/${plugin}`;
}

/** The snippet folder `org compile` writes that copy to (an admin copies it into each home). */
export const VSCODE_USER_HOME_SNIPPET = 'vscode/user-home';

/** The policy file's keys: the plugin enabled, and with managed hooks only, other hooks stopped. */
export function vscodePolicy(pluginId: string, managedHooksOnly: boolean): Record<string, unknown> {
  return {
    ChatEnabledPlugins: JSON.stringify({ [pluginId]: true }),
    ...(managedHooksOnly ? { ChatAllowManagedHooksOnly: true } : {}),
  };
}

/**
 * The policy file (where the platform has one) and the plugin in the installed-plugins layout.
 * `plugin` holds the plugin's files by their path inside the plugin folder.
 */
export function compileVscodePolicy(policyFile: string | null, pluginId: string, managedHooksOnly: boolean, plugin: readonly OrgFile[]): OrgFile[] {
  const [name, marketplace] = pluginId.split('@');
  const home = `${VSCODE_USER_HOME_SNIPPET}/${vscodeInstalledPluginDir(marketplace, name)}`;
  const files: OrgFile[] = plugin.map((f) => ({ path: `${home}/${f.path}`, content: f.content }));
  if (policyFile) files.unshift({ path: policyFile, content: `${JSON.stringify(vscodePolicy(pluginId, managedHooksOnly), null, 2)}\n` });
  return files;
}
