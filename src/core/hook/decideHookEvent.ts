// Turns one assistant hook event into decide() calls and combines their answers: the hook's
// verdict is the strictest of every path, search scope and shell operand the call would reach.
import { decide, type DecideOptions } from '../decide/decide';
import type { Decision } from '../decide/decisionTypes';
import type { WorkspaceRoot } from '../paths/canonicalPath';
import type { Verdict } from '../policy/policyTypes';
import { isStricter, strictest } from '../policy/verdictOrder';
import type { GitFacts } from '../workspace/gitFacts';
import type { PolicyEngine } from '../policy/policyEngine';
import type { HookEvent } from './hookEventTypes';
import { shellToolKind } from './toolAccess';

export function decideHookEvent(engine: PolicyEngine, event: HookEvent, eventOptions: DecideOptions = {}): Decision {
  // Input to a running shell meets the aliases and functions earlier input defined: a `grep` there
  // may not be grep, so no search is checked by its pattern.
  const options = shellToolKind(event.toolName) === 'input' && eventOptions.searchChecksOff === undefined ? { ...eventOptions, searchChecksOff: 'it is input to a running shell, where earlier input may have redefined `grep`' } : eventOptions;
  const parts: Decision[] = [];
  for (const req of event.requests) {
    if (req.paths.length === 0) continue;
    parts.push(decide(engine, { action: req.action, paths: req.paths, cwd: req.cwd, actor: event.client, searchGlob: req.searchPattern, ...(req.namesOnly ? { namesOnly: true } : {}), ...(req.contentSearch ? { contentSearch: req.contentSearch } : {}) }, options));
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

/** A policy and the root its patterns are relative to. */
export interface PolicyScope {
  readonly engine: PolicyEngine;
  readonly workspace: WorkspaceRoot;
  /** The repository seen from this root (paths relative to it); defaults to the options' one. */
  readonly git?: GitFacts;
}

/**
 * The governing policy's decision, tightened by policies nested below its root: a nested policy
 * judges only the paths inside its own folder and can never loosen the governing verdict.
 */
export function decideLayeredHookEvent(governing: PolicyScope, nested: readonly PolicyScope[], event: HookEvent, options: DecideOptions = {}): Decision {
  const result = decideHookEvent(governing.engine, event, { ...options, workspace: governing.workspace, git: governing.git ?? options.git });
  return tightenByNestedPolicies(result, nested, event, options);
}

/** Applies nested policies to a decision already made (by decideLayeredHookEvent or a sandbox-aware caller). */
export function tightenByNestedPolicies(decision: Decision, nested: readonly PolicyScope[], event: HookEvent, options: DecideOptions = {}): Decision {
  let result = decision;
  for (const layer of nested) {
    const d = decideHookEvent(layer.engine, event, { ...options, workspace: layer.workspace, git: layer.git });
    const inside = d.paths.filter((p) => !p.outside);
    if (inside.length === 0) continue;
    const verdict = d.monitor ? 'allow' : inside.reduce<Verdict>((v, p) => strictest(v, p.verdict), 'allow');
    if (!isStricter(verdict, result.verdict)) continue;
    result = {
      ...d,
      verdict,
      enforcedVerdict: strictest(verdict, result.enforcedVerdict),
      paths: [...result.paths, ...inside],
      reason: `${d.reason} (nested policy ${layer.workspace.root}/.airlock/policy.json, which can only tighten)`,
    };
  }
  return result;
}
