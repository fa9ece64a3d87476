// Which pre-tool calls may change files, and so need a provenance snapshot: a shell command, or a
// call that edits. A read needs none, and the hook then loads none of the capture code.
import type { HookEvent } from '../hook/hookEventTypes';

export function needsPreToolSnapshot(event: HookEvent): boolean {
  return event.event === 'pre-tool' && (event.command !== undefined || event.requests.some((r) => r.action === 'edit'));
}
