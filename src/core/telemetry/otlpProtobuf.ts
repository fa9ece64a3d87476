// OTLP/HTTP protobuf bodies (Claude Code's exporter default is http/protobuf) to and from the
// OTLP/JSON object shape the receiver works on. The message classes are the official generated
// protobufjs root of the OpenTelemetry protocol as @opentelemetry/otlp-transformer shipped it up
// to 0.214 (installed under the alias `otlp-transformer-protobuf`; later versions dropped the
// generated logs root). Only the receiver loads this; the hook never does.
import * as protoRoot from 'otlp-transformer-protobuf/build/src/generated/root';

interface MessageClass {
  decode(buf: Uint8Array): object;
  encode(message: object): { finish(): Uint8Array };
  fromObject(obj: object): object;
  toObject(message: object, options: object): object;
}

export type OtlpSignal = 'logs' | 'traces' | 'metrics';

const collector = (protoRoot as unknown as { opentelemetry: { proto: { collector: Record<string, { v1: Record<string, MessageClass> }> } } }).opentelemetry.proto.collector;

const REQUEST: Record<OtlpSignal, MessageClass> = {
  logs: collector.logs.v1.ExportLogsServiceRequest,
  traces: collector.trace.v1.ExportTraceServiceRequest,
  metrics: collector.metrics.v1.ExportMetricsServiceRequest,
};

/** As the OTLP/JSON encoding has it: 64-bit integers as decimal strings, enums as numbers. */
const TO_OBJECT = { longs: String, enums: Number, bytes: String, defaults: false, arrays: false };

/** Decodes a protobuf export request into the OTLP/JSON object shape (ids stay base64 here). */
export function decodeOtlpProtobuf(signal: OtlpSignal, body: Uint8Array): object {
  const cls = REQUEST[signal];
  return cls.toObject(cls.decode(body), TO_OBJECT);
}

/** Encodes an object of that shape (as decodeOtlpProtobuf returns, possibly annotated) back to protobuf. */
export function encodeOtlpProtobuf(signal: OtlpSignal, obj: object): Uint8Array {
  const cls = REQUEST[signal];
  return cls.encode(cls.fromObject(obj)).finish();
}
