// Codex 0.169.0 sends no PostToolUse for an `apply_patch` call (measured: its PreToolUse, then the
// next call's events; fixtures in test/fixtures/hook-events/codex-0.169.0/). The pre-tool event
// is kept beside its snapshot, and the session's next hook event (by then Codex has applied the
// patch) replays it as the post-tool event Codex never sent. The patch says which lines it adds,
// so only those are attributed, not whatever else changed in between.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HookEvent } from '../hook/hookEventTypes';
import { codexApplyPatch } from '../hook/codexApplyPatch';
import { isObject } from '../hook/payloadFields';
import { parsePostToolEdit } from '../hook/postToolEdit';
import { writeAtomic } from '../util/atomicWrite';
import { cacheDir, callKey, ensureCacheDir, shortHash } from './captureCache';

const PREFIX = 'unanswered-';

function sessionPrefix(event: HookEvent): string {
  return `${PREFIX}${shortHash(`${event.client}\0${event.sessionId}`)}-`;
}

/** Whether this pre-tool call is one whose post-tool event the client never sends. */
export function awaitsNoPostTool(event: HookEvent): boolean {
  return event.event === 'pre-tool' && event.client === 'codex' && event.command !== undefined && codexApplyPatch(event.command) !== null;
}

/** Keeps an allowed call's pre-tool event until the session's next hook event. */
export function keepUnanswered(root: string, event: HookEvent): void {
  ensureCacheDir(root);
  writeAtomic(path.join(cacheDir(root), `${sessionPrefix(event)}${callKey(event)}.json`), JSON.stringify(event));
}

function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The post-tool event the client did not send for a kept pre-tool event. */
function asPostTool(pre: HookEvent): HookEvent {
  const post: HookEvent = { ...pre, event: 'post-tool', rawEventName: 'PostToolUse' };
  const edit = parsePostToolEdit(post, { tool_input: pre.toolInput ?? {} });
  return edit === null ? post : { ...post, edit };
}

/**
 * Takes (reads and removes) the kept calls of this event's session as post-tool events, oldest
 * first. This very call's own is dropped, not replayed: a post-tool event of its own (a later
 * Codex may send one) is the better record.
 */
export function takeUnanswered(root: string, event: HookEvent): HookEvent[] {
  // Only Codex leaves such calls: other clients' hooks skip the folder read.
  if (event.client !== 'codex') return [];
  const prefix = sessionPrefix(event);
  const own = `${prefix}${callKey(event)}.json`;
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir(root));
  } catch {
    return [];
  }
  // Two patches of one file are replayed in the order Codex applied them.
  const kept = names.filter((n) => n.startsWith(prefix)).map((name) => ({ name, at: mtimeOf(path.join(cacheDir(root), name)) })).sort((a, b) => a.at - b.at);
  const out: HookEvent[] = [];
  for (const { name } of kept) {
    const file = path.join(cacheDir(root), name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
      fs.rmSync(file);
    } catch {
      continue; // another hook of the session took it first
    }
    if (name === own) continue;
    try {
      const pre = JSON.parse(text) as unknown;
      if (isObject(pre) && pre['client'] === event.client && pre['event'] === 'pre-tool') out.push(asPostTool(pre as unknown as HookEvent));
    } catch {
      // A torn or foreign file: nothing to replay.
    }
  }
  return out;
}
