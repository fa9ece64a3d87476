// `org compile`'s OpenTelemetry outputs: machine-level files that point Codex's and the Copilot
// CLI's own exporters at `airlock telemetry serve` (neither honours a repository file for this, so
// `sync` cannot). Claude Code's env rides in its managed settings (orgCompile).
import { codexOtelToml, copilotCliTelemetry } from '../native/assistantTelemetry';
import type { TelemetrySettings } from '../policy/policyTypes';

/** orgCompile's OrgFile, by shape (importing it would make a cycle). */
interface OrgFile {
  readonly path: string;
  readonly content: string;
}

export const ORG_TELEMETRY_PATHS = {
  /** Codex's managed layer: it overrides the user's config.toml. */
  codexManagedConfig: '/etc/codex/managed_config.toml',
  copilotManagedSettings: '/etc/github-copilot/managed-settings.json',
} as const;

const HEADER = '# Written by `airlock org compile`: Codex\'s OpenTelemetry exporters point at `airlock telemetry serve`.\n';

/**
 * Adds the telemetry outputs to `files`. The Copilot CLI's managed settings may already be
 * compiled for other reasons: the `telemetry` key is merged into that file rather than replacing it.
 */
export function addOrgTelemetryFiles(files: OrgFile[], t: TelemetrySettings | null | undefined): void {
  if (!t?.assistants) return;
  files.push({ path: ORG_TELEMETRY_PATHS.codexManagedConfig, content: HEADER + codexOtelToml(t) });
  const at = files.findIndex((f) => f.path === ORG_TELEMETRY_PATHS.copilotManagedSettings);
  const current = at >= 0 ? (JSON.parse(files[at].content) as Record<string, unknown>) : {};
  const merged: OrgFile = { path: ORG_TELEMETRY_PATHS.copilotManagedSettings, content: `${JSON.stringify({ ...current, telemetry: copilotCliTelemetry(t) }, null, 2)}\n` };
  if (at >= 0) files[at] = merged;
  else files.push(merged);
}
