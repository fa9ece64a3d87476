// Airlock's own agent tools (read, search, list, edit) that apply the policy themselves: every
// path goes through decide(), denied files are never opened, secrets in what is returned are
// masked, and each call is an audit event. Shared by the editor's language-model tools and the
// `airlock mcp` server; the caller decides how an `ask` verdict is asked (or refused).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordAuditEventsSync } from '../audit/auditRelay';
import { auditEventFromDecision } from '../audit/auditFromDecision';
import { resolveAuditDir } from '../audit/auditLocation';
import { decide, decideWorkspacePath } from '../decide/decide';
import type { Action, Decision } from '../decide/decisionTypes';
import { maskSecretText, SecretMasker } from '../models/secretMasks';
import type { PolicyEngine } from '../policy/policyEngine';
import { walkWorkspace } from '../workspace/walkWorkspace';
import { errorMessage } from '../util/errorMessage';

export type GovernedToolName = 'read' | 'search' | 'list' | 'edit';

export interface GovernedToolInput {
  readonly path?: string;
  readonly query?: string;
  readonly oldText?: string;
  readonly newText?: string;
}

export interface ToolContext {
  readonly engine: PolicyEngine;
  /** 'vscode-tool', 'mcp' */
  readonly client: string;
  readonly masker?: SecretMasker;
  /** Text of open editors, which may differ from the disk. */
  readonly readText?: (absolute: string) => string | undefined;
}

export interface ToolOutcome {
  readonly ok: boolean;
  readonly text: string;
}

const MAX_SEARCH_HITS = 200;
const MAX_READ_BYTES = 1024 * 1024;

function actionOf(tool: GovernedToolName): Action {
  // A search opens only files it may read (checked one by one), so its scope is judged as a read.
  return tool === 'edit' ? 'edit' : 'read';
}

/** The verdict a call would get (for a confirmation prompt before it runs). */
export function toolDecision(ctx: ToolContext, tool: GovernedToolName, input: GovernedToolInput): Decision {
  return decide(ctx.engine, { action: actionOf(tool), paths: [input.path ?? '.'], actor: ctx.client });
}

/**
 * Runs a tool call. `asked` says a human approved an `ask` verdict; without it `ask` is refused
 * (MCP and other callers that cannot ask).
 */
export function runGovernedTool(ctx: ToolContext, tool: GovernedToolName, input: GovernedToolInput, asked: boolean): ToolOutcome {
  const decision = toolDecision(ctx, tool, input);
  const refused = decision.verdict === 'deny' || (decision.verdict === 'ask' && !asked);
  try {
    recordAuditEventsSync(resolveAuditDir(ctx.engine.root).dir, [auditEventFromDecision(decision, { client: ctx.client, tool: `airlock_${tool}` })], process.env);
  } catch (err) {
    return { ok: false, text: `Airlock: refused because the audit log cannot be written: ${errorMessage(err)}` };
  }
  if (refused) {
    const why = decision.verdict === 'ask' ? `needs a human's approval, which this client cannot ask for: ${decision.reason}` : decision.reason;
    return { ok: false, text: `Airlock policy: ${tool} denied: ${why}` };
  }
  const masker = ctx.masker ?? new SecretMasker();
  const abs = path.resolve(ctx.engine.root, input.path ?? '.');
  switch (tool) {
    case 'read': return readTool(ctx, abs, masker);
    case 'list': return listTool(ctx, abs);
    case 'search': return searchTool(ctx, abs, input.query ?? '', masker);
    case 'edit': return editTool(abs, input);
  }
}

function readTool(ctx: ToolContext, abs: string, masker: SecretMasker): ToolOutcome {
  let text = ctx.readText?.(abs);
  if (text === undefined) {
    try {
      const st = fs.statSync(abs);
      if (st.isDirectory()) return { ok: false, text: `${abs} is a folder: use the list tool` };
      if (st.size > MAX_READ_BYTES) return { ok: false, text: `${abs} is larger than ${MAX_READ_BYTES} bytes` };
      text = fs.readFileSync(abs, 'utf8');
    } catch (err) {
      return { ok: false, text: `cannot read ${abs}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}` };
    }
  }
  return { ok: true, text: maskSecretText(text, masker).text };
}

function listTool(ctx: ToolContext, abs: string): ToolOutcome {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(abs, { withFileTypes: true });
  } catch (err) {
    return { ok: false, text: `cannot list ${abs}: ${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}` };
  }
  const rel = path.relative(ctx.engine.root, abs).split(path.sep).join('/');
  const lines = entries
    .filter((e) => e.name !== '.git')
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const d = decideWorkspacePath(ctx.engine, childRel, e.isDirectory(), 'read');
      return `${e.name}${e.isDirectory() ? '/' : ''}${d.verdict === 'allow' ? '' : `  [${d.verdict}: class ${d.className}]`}`;
    });
  return { ok: true, text: lines.join('\n') || '(empty)' };
}

function searchTool(ctx: ToolContext, abs: string, query: string, masker: SecretMasker): ToolOutcome {
  if (!query) return { ok: false, text: 'search needs a "query"' };
  const needle = query.toLowerCase();
  const hits: string[] = [];
  let skipped = 0;
  const base = path.relative(ctx.engine.root, abs).split(path.sep).join('/');
  for (const entry of walkWorkspace(ctx.engine.root, { exclude: (rel, isDir) => isDir && decideWorkspacePath(ctx.engine, rel, isDir, 'read').verdict === 'deny' })) {
    if (entry.isDir || entry.isSymlink || hits.length >= MAX_SEARCH_HITS) continue;
    if (base && !(entry.rel === base || entry.rel.startsWith(`${base}/`))) continue;
    // Only files an AI may read without asking are searched; the rest are counted, never opened.
    if (decideWorkspacePath(ctx.engine, entry.rel, false, 'read').verdict !== 'allow') {
      skipped++;
      continue;
    }
    let text: string;
    try {
      const file = path.join(ctx.engine.root, entry.rel);
      if (fs.statSync(file).size > MAX_READ_BYTES) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!text.toLowerCase().includes(needle)) continue;
    text.split('\n').forEach((line, i) => {
      if (hits.length < MAX_SEARCH_HITS && line.toLowerCase().includes(needle)) hits.push(`${entry.rel}:${i + 1}: ${maskSecretText(line, masker).text.trim()}`);
    });
  }
  const note = skipped ? `\n(${skipped} protected file(s) not searched, by policy)` : '';
  return { ok: true, text: `${hits.join('\n') || 'no matches'}${note}` };
}

function editTool(abs: string, input: GovernedToolInput): ToolOutcome {
  const newText = input.newText ?? '';
  let current: string | null = null;
  try {
    current = fs.readFileSync(abs, 'utf8');
  } catch {
    current = null;
  }
  if (current === null) {
    if (input.oldText) return { ok: false, text: `${abs} does not exist; to create it, leave oldText empty` };
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, newText);
    return { ok: true, text: `created ${abs}` };
  }
  if (!input.oldText) return { ok: false, text: `${abs} exists: give oldText, the exact text to replace` };
  const at = current.indexOf(input.oldText);
  if (at < 0) return { ok: false, text: 'oldText was not found in the file' };
  if (current.indexOf(input.oldText, at + 1) >= 0) return { ok: false, text: 'oldText occurs more than once: give more context' };
  fs.writeFileSync(abs, current.slice(0, at) + newText + current.slice(at + input.oldText.length));
  return { ok: true, text: `edited ${abs}` };
}
