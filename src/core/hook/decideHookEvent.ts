// Turns one assistant hook event into decide() calls and combines their answers: the hook's
// verdict is the strictest of every path, search scope and shell operand the call would reach.
import { decide, type DecideOptions } from '../decide/decide';
import { type Decision, isStricter } from '../decide/decisionTypes';
import type { PolicyEngine } from '../policy/policyEngine';
import type { HookEvent } from './hookEventTypes';

export function decideHookEvent(engine: PolicyEngine, event: HookEvent, options: DecideOptions = {}): Decision {
  const parts: Decision[] = [];
  for (const req of event.requests) {
    if (req.paths.length === 0) continue;
    parts.push(decide(engine, { action: req.action, paths: req.paths, cwd: req.cwd, actor: event.client, searchGlob: req.searchPattern, ...(req.namesOnly ? { namesOnly: true } : {}) }, options));
  }
  if (event.command !== undefined && event.command.trim() !== '') {
    parts.push(decide(engine, { action: 'execute', paths: [], cwd: event.cwd, command: event.command, actor: event.client }, options));
  }
  if (parts.length === 0) {
    // Nothing local is reached (web fetch, todo list) — unless the policy fails closed for everything.
    return decide(engine, { action: 'read', paths: [], cwd: event.cwd, actor: event.client }, options);
  }
  let deciding = parts[0];
  for (const d of parts.slice(1)) if (isStricter(d.enforcedVerdict, deciding.enforcedVerdict)) deciding = d;
  return {
    ...deciding,
    paths: parts.flatMap((d) => d.paths),
    reason: parts.length === 1 ? deciding.reason : parts.filter((d) => d.enforcedVerdict === deciding.enforcedVerdict).map((d) => d.reason).join(' | '),
  };
}
