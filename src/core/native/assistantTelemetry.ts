// The assistants' own OpenTelemetry settings that point their exporters at `airlock telemetry
// serve` on this machine, written by `airlock sync` and `org compile` when the policy sets
// "telemetry": { "assistants": true }. Prompt and tool-argument content stays off: the receiver
// joins on ids, it needs no text.
import type { TelemetrySettings } from '../policy/policyTypes';
import type { JsonManagedEdit } from './nativeTypes';

export function receiverBaseUrl(t: TelemetrySettings): string {
  return `http://127.0.0.1:${t.receiverPort}`;
}

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
