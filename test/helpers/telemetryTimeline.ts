// Reads the timeline `airlock telemetry serve` writes (JSON Lines, one joined tool event a line);
// a timeline not written yet reads as empty.
import { existsSync, readFileSync } from 'node:fs';
import type { TimelineLine } from '../../src/core/telemetry/telemetryReceiver';

export function readTimeline(file: string): TimelineLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as TimelineLine);
}
