// `org compile`'s OpenTelemetry outputs: machine-level files that point Codex's and the Copilot
// CLI's own exporters at `airlock telemetry serve` (neither honours a repository file for this, so
// `sync` cannot). Claude Code's env rides in its managed settings (orgCompile).
import { codexOtelToml, copilotCliTelemetry } from '../native/assistantTelemetry';
import type { TelemetrySettings } from '../policy/policyTypes';
import type { OrgFile } from './orgFile';
import type { OrgLayout } from './orgPlatforms';

const HEADER = '# Written by `airlock org compile`: Codex\'s OpenTelemetry exporters point at `airlock telemetry serve`.\n';

/**
 * Adds the telemetry outputs to `files`. The Copilot CLI's managed settings may already be
 * compiled for other reasons: the `telemetry` key is merged into that file rather than replacing it.
 */
export function addOrgTelemetryFiles(files: OrgFile[], t: TelemetrySettings | null | undefined, layout: OrgLayout): void {
  if (!t?.assistants) return;
  if (layout.codexManagedConfig) files.push({ path: layout.codexManagedConfig, content: HEADER + codexOtelToml(t) });
  const at = files.findIndex((f) => f.path === layout.copilotSettings);
  const current = at >= 0 ? (JSON.parse(files[at].content) as Record<string, unknown>) : {};
  // Keep the compiled file's other facts (mode, symlink note): only its content gains the key.
  const merged: OrgFile = { ...(at >= 0 ? files[at] : {}), path: layout.copilotSettings, content: `${JSON.stringify({ ...current, telemetry: copilotCliTelemetry(t) }, null, 2)}\n` };
  if (at >= 0) files[at] = merged;
  else files.push(merged);
}
