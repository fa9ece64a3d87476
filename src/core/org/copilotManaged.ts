// The Copilot CLI's part of an org rollout, as the real client 1.0.102 reads it (proven in
// test/e2e/orgCopilot.test.ts):
// - a policy hook file in its policy folder (`/etc/github-copilot/policy.d/*.json` on Linux).
//   Policy hooks are enterprise-managed: they load first, `disabledHooks` cannot suppress them, and
//   `allowManagedHooksOnly` keeps them while it drops repository, user and plugin hooks. The file
//   has the repository hook format, so the rewrite into `airlock exec` works as in a repository.
// - its file-based managed settings (`/etc/github-copilot/managed-settings.json`). With
//   `--managed-hooks-only`: `strictPluginOnlyCustomization: ["hooks"]` (lock only the hook
//   surface; skills, agents and MCP stay the organisation's choice) and `allowManagedHooksOnly`.
// Copilot's own permission rules (`permissions.deny`: `read(...)`, `write(...)`) are not written:
// their path matching (trailing components, globs) is not gitignore's, and nothing here verified a
// faithful mapping, so the baseline is enforced by the policy hook's decide() alone.
import { renderGithubHooks } from '../native/hookConfigs';
import type { HookCommand } from '../native/hookCommand';
import type { OrgFile } from './orgFile';
import { machinePath, type OrgLayout } from './orgPlatforms';

/** The policy hook file's name (the client loads only `*.json` there, in name order). */
export const COPILOT_POLICY_HOOK_FILE = 'airlock.json';

/** Keys Airlock sets in the Copilot CLI's managed settings (an admin may add others). */
export function copilotManagedSettings(managedHooksOnly: boolean): Record<string, unknown> {
  return managedHooksOnly ? { strictPluginOnlyCustomization: ['hooks'], allowManagedHooksOnly: true } : {};
}

/** `hook` already carries AIRLOCK_BASELINE (see withBaseline). */
export function compileCopilotManaged(layout: OrgLayout, hook: HookCommand, managedHooksOnly: boolean): OrgFile[] {
  return [
    // Both are skipped when they are symbolic links (settings: "rejected for security"; hooks: silently).
    { path: layout.copilotSettings, content: `${JSON.stringify(copilotManagedSettings(managedHooksOnly), null, 2)}\n`, symlinkIgnoredBy: 'the Copilot CLI' },
    { path: machinePath(layout, layout.copilotPolicyDir, COPILOT_POLICY_HOOK_FILE), content: renderGithubHooks(hook), symlinkIgnoredBy: 'the Copilot CLI' },
  ];
}
