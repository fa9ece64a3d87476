// The assistants' own OpenTelemetry settings that point their exporters at `airlock telemetry
// serve` on this machine, written by `airlock sync` and `org compile` when the policy sets
// "telemetry": { "assistants": true }. Prompt and tool-argument content stays off: the receiver
// joins on ids, it needs no text.
import type { TelemetrySettings } from '../policy/policyTypes';
import type { JsonManagedEdit } from './nativeTypes';

export function receiverBaseUrl(t: TelemetrySettings): string {
  return `http://127.0.0.1:${t.receiverPort}`;
}

/** What sync cannot do for the assistants' exporters, said once per sync. */
export const ASSISTANT_TELEMETRY_NOTE =
  '"telemetry.assistants": sync points only VS Code Copilot Chat at `airlock telemetry serve`; Claude Code, Codex and the Copilot CLI ignore exporter settings in repository files — `airlock org compile` writes them into their managed settings (or set them in your user config; see the README)';

/** Claude Code reads these from the settings file's `env` (its exporter appends /v1/logs). */
export function claudeTelemetryEnv(t: TelemetrySettings | null | undefined): Record<string, string> {
  if (!t?.assistants) return {};
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiverBaseUrl(t),
    // Tool events reach the receiver within a second instead of the default five.
    OTEL_LOGS_EXPORT_INTERVAL: '1000',
  };
}

/** Claude's `env` entries; an empty set removes the ones an earlier sync wrote. */
export function claudeTelemetryEdit(t: TelemetrySettings | null | undefined): JsonManagedEdit {
  return { kind: 'object-entries', path: ['env'], entries: claudeTelemetryEnv(t) };
}

/** VS Code Copilot Chat's OTel settings (github.copilot.chat.otel.*). */
export function vscodeTelemetryEdits(t: TelemetrySettings | null | undefined): JsonManagedEdit[] {
  if (!t?.assistants) return [];
  return [
    { kind: 'set', path: ['github.copilot.chat.otel.enabled'], value: true },
    { kind: 'set', path: ['github.copilot.chat.otel.exporterType'], value: 'otlp-http' },
    { kind: 'set', path: ['github.copilot.chat.otel.otlpEndpoint'], value: receiverBaseUrl(t) },
    { kind: 'set', path: ['github.copilot.chat.otel.captureContent'], value: false },
  ];
}

/**
 * Codex's `[otel]` table (config.toml). Codex 0.169 honours it from the user's
 * `$CODEX_HOME/config.toml`, `/etc/codex/config.toml` and `/etc/codex/managed_config.toml`, not
 * from a trusted project's `.codex/config.toml` (tested with the real client), so only
 * `org compile` writes it. Its exporters take the full signal URL.
 */
export function codexOtelToml(t: TelemetrySettings): string {
  const base = receiverBaseUrl(t);
  const exporter = (signal: string): string => `{ otlp-http = { endpoint = "${base}/v1/${signal}", protocol = "binary" } }`;
  return ['[otel]', 'log_user_prompt = false', `exporter = ${exporter('logs')}`, `trace_exporter = ${exporter('traces')}`, ''].join('\n');
}

/**
 * The Copilot CLI's `telemetry` block. Copilot CLI 1.0.102 takes it only from managed settings
 * (`/etc/github-copilot/managed-settings.json`): user settings reject it ("Unsupported local
 * telemetry setting") and repository settings ignore it; otherwise only its environment
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`). It exports traces and metrics, no logs.
 */
export function copilotCliTelemetry(t: TelemetrySettings): Record<string, unknown> {
  return { enabled: true, endpoint: receiverBaseUrl(t), protocol: 'http/protobuf' };
}
