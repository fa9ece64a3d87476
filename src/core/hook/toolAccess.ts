// What a tool call reaches: every real tool of every client mapped to read / edit / search /
// execute requests. Unknown and MCP tools are judged by the paths found in their input.
import { statSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { HookPayloadError, type ToolAccess } from './hookEventTypes';
import { discoverPaths, fileUriToPath } from './pathDiscovery';
import { isObject, stringField, stringListField, type JsonObject } from './payloadFields';
import { extractPatchPaths, looksLikePatch } from '../shell/patchPaths';
import { extractPromptMentions } from './promptMentions';
import { fileToolSearch } from './fileToolSearch';
import { toolKind } from './toolCatalog';

/** Fields holding file content or edit text: never searched for paths. */
const CONTENT_KEYS: ReadonlySet<string> = new Set([
  'content', 'filetext', 'oldstring', 'newstring', 'oldstr', 'newstr', 'code', 'newcode', 'newsource', 'text',
  'insertline', 'explanation', 'description', 'prompt', 'command', 'patch', 'patchtext', 'input', 'edits', 'query', 'pattern',
]);

export interface ToolCallFacts {
  readonly requests: readonly ToolAccess[];
  readonly command?: string;
  readonly prompt?: string;
}

/** Whether a tool runs a command line (`shell`), feeds input to a running one (`input`), or neither. */
export function shellToolKind(toolName: string): 'shell' | 'input' | null {
  const kind = toolKind(toolName);
  return kind === 'shell' ? 'shell' : kind === 'shell-input' ? 'input' : null;
}

function keyedPaths(input: JsonObject): string[] {
  return discoverPaths(input, { looseValues: false, skipKeys: CONTENT_KEYS });
}

/** Patch text in any string field (Codex `command`, VS Code `input`, opencode `patchText`). */
function patchPathsIn(input: JsonObject): string[] {
  for (const value of Object.values(input)) {
    if (typeof value === 'string' && looksLikePatch(value)) return extractPatchPaths(value);
  }
  return [];
}

function requirePaths(toolName: string, paths: string[]): string[] {
  // A file tool whose target cannot be found must not pass unjudged.
  if (paths.length === 0) throw new HookPayloadError(`${toolName} call names no file path Airlock can find`);
  return paths;
}

const GLOB_CHAR = /[*?[{]/;

/** A glob that reaches outside the search scope (`/etc/**`, `../x/*`) adds its fixed prefix to the scope. */
function escapingPrefix(pattern: string): string | null {
  const p = pattern.replace(/\\/g, '/');
  if (!/^(\/|~\/|\.\.(\/|$)|[A-Za-z]:\/)/.test(p)) return null;
  const fixed: string[] = [];
  for (const seg of p.split('/')) {
    if (GLOB_CHAR.test(seg)) break;
    fixed.push(seg);
  }
  const prefix = fixed.join('/');
  return prefix === '' ? '/' : prefix;
}

function searchAccess(input: JsonObject, cwd: string, patternKeys: readonly string[], toolName?: string): ToolAccess {
  const scope = stringListField(input, 'path', 'paths', 'dir_path', 'dirPath', 'directory', 'cwd', 'root')
    .map((p) => fileUriToPath(p) ?? p);
  const searchPattern = stringField(input, ...patternKeys);
  const paths = scope.length > 0 ? scope : [cwd];
  const outside = searchPattern !== undefined ? escapingPrefix(searchPattern) : null;
  if (outside !== null && !paths.includes(outside)) paths.push(outside);
  const contentSearch = toolName !== undefined ? fileToolSearch(toolName, input) : undefined;
  return { action: 'search', paths, cwd, ...(searchPattern !== undefined && searchPattern !== '' ? { searchPattern } : {}), ...(contentSearch !== undefined ? { contentSearch } : {}) };
}

/** Shell tools send a string; Codex once sent an argv array. */
function commandText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return (value as string[]).map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
  }
  return undefined;
}

/** Literal `cd` targets anywhere in a command line (over-approximated: every one counts). */
function cdTargets(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(/(?:^|[;&|(\n])\s*cd\s+(?:--\s+)?(?:'([^']*)'|"([^"$`\\]*)"|([^\s;&|()'"]+))/g)) {
    const dir = m[1] ?? m[2] ?? m[3];
    if (dir !== undefined && dir !== '') out.push(dir);
  }
  return out;
}

function resolveDir(cwd: string, dir: string | undefined): string {
  if (dir === undefined || dir === '') return cwd;
  const path = /^[A-Za-z]:[\\/]|\\/.test(cwd) ? win32 : posix;
  return path.resolve(cwd, dir);
}

const WRITE_WORDS = new Set(['write', 'edit', 'create', 'update', 'delete', 'remove', 'move', 'rename', 'patch', 'replace', 'insert', 'save', 'put', 'set', 'upload', 'apply', 'append', 'copy', 'mkdir', 'commit', 'push', 'format', 'fix', 'modify', 'change', 'add', 'touch', 'rm', 'mv', 'cp']);
const SEARCH_WORDS = new Set(['search', 'find', 'grep', 'glob', 'list', 'tree', 'ls', 'query']);
const READ_WORDS = new Set(['get', 'read', 'view', 'fetch', 'show', 'cat', 'open', 'describe', 'stat', 'inspect', 'lookup', 'head', 'tail', 'diff', 'log', 'status', 'info', 'download', 'load']);
const EXEC_WORDS = new Set(['exec', 'execute', 'run', 'shell', 'terminal', 'command', 'bash', 'spawn', 'eval']);

/** `mcp__fs__read_text_file` → ['read','text','file']: the words of the tool's own name. */
function nameWords(toolName: string): string[] {
  const own = toolName.startsWith('mcp__') ? toolName.split('__').slice(2).join('_') || toolName : toolName;
  return own.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** MCP and unknown tools: any path in the input is judged; an unclear intent gets both read and edit. */
function unknownToolFacts(toolName: string, input: JsonObject, cwd: string): ToolCallFacts {
  const words = nameWords(toolName);
  const writes = words.some((w) => WRITE_WORDS.has(w));
  const clear = discoverPaths(input, { looseValues: true });
  // Any other string may name a file too (`name: ".env"`, `resource: "secrets"`): it counts when
  // that file exists, or when the tool writes (it may create it).
  const others = discoverPaths(input, { looseValues: true, anyString: true }).filter((p) => !clear.includes(p) && (writes || exists(p, cwd)));
  const found = [...clear, ...others];
  // A directory argument is a search scope: the tool may read anything below it.
  const dirs = found.filter((p) => isDirectory(p, cwd));
  const paths = found.filter((p) => !dirs.includes(p));
  const isExec = words.some((w) => EXEC_WORDS.has(w));
  const command = isExec ? commandText(input['command'] ?? input['cmd']) : undefined;
  const requests: ToolAccess[] = [];
  if (command !== undefined) requests.push({ action: 'execute', paths: [], cwd });
  if (dirs.length > 0) requests.push({ action: 'search', paths: dirs, cwd });
  if (dirs.length > 0 && (writes || isExec)) requests.push({ action: 'edit', paths: dirs, cwd });
  if (paths.length > 0) {
    if (words.some((w) => WRITE_WORDS.has(w)) || isExec) {
      requests.push({ action: 'read', paths, cwd }, { action: 'edit', paths, cwd });
    } else if (words.some((w) => SEARCH_WORDS.has(w))) {
      requests.push({ action: 'search', paths, cwd });
    } else if (words.some((w) => READ_WORDS.has(w))) {
      requests.push({ action: 'read', paths, cwd });
    } else {
      requests.push({ action: 'read', paths, cwd }, { action: 'edit', paths, cwd });
    }
  }
  return { requests, ...(command !== undefined ? { command } : {}) };
}

function exists(p: string, cwd: string): boolean {
  try {
    statSync(posix.resolve(cwd, p));
    return true;
  } catch {
    return false;
  }
}

function isDirectory(p: string, cwd: string): boolean {
  try {
    return statSync(posix.resolve(cwd, p)).isDirectory();
  } catch {
    return false;
  }
}

/** VS Code's `create_and_run_task`: the shell command sits under `task` (`command` plus `args`). */
function taskCommand(input: JsonObject): string | undefined {
  const task = isObject(input['task']) ? input['task'] : input;
  const command = commandText(task['command']);
  if (command === undefined) return undefined;
  const args = Array.isArray(task['args']) ? commandText(task['args'].map((a) => (typeof a === 'string' ? a : isObject(a) && typeof a['value'] === 'string' ? a['value'] : String(a)))) : undefined;
  return args !== undefined && args !== '' ? `${command} ${args}` : command;
}

/** VS Code commands that type into a terminal or run a task: what they run is shell input. */
function vscodeCommandFacts(input: JsonObject, cwd: string): ToolCallFacts {
  const id = stringField(input, 'commandId', 'command', 'id') ?? '';
  const args = input['args'] ?? input['arguments'];
  const paths = discoverPaths(args ?? {}, { looseValues: true, anyString: true });
  const requests: ToolAccess[] = paths.length > 0 ? [{ action: 'read', paths, cwd }, { action: 'edit', paths, cwd }] : [];
  if (/terminal\.sendSequence|terminal\.runSelectedText|terminal\.runActiveFile/i.test(id)) {
    const text = isObject(args) ? stringField(args, 'text') : Array.isArray(args) && isObject(args[0]) ? stringField(args[0], 'text') : undefined;
    return { requests: [...requests, { action: 'execute', paths: [], cwd }], command: text ?? `eval "$AIRLOCK_UNSEEN_TERMINAL_INPUT"` };
  }
  if (/task|terminal|debug|\.run|execute|shell/i.test(id)) {
    // Runs something Airlock cannot see from here (a configured task, a launch configuration).
    return { requests: [...requests, { action: 'execute', paths: [], cwd }], command: `eval "$AIRLOCK_UNSEEN_${id.replace(/\W/g, '_').toUpperCase()}"` };
  }
  return { requests };
}

function fileUrisIn(value: unknown, out: Set<string> = new Set(), depth = 0): string[] {
  if (depth > 8) return [...out];
  if (typeof value === 'string') {
    const p = fileUriToPath(value.trim());
    if (p !== null) out.add(p);
  } else if (Array.isArray(value)) {
    for (const item of value) fileUrisIn(item, out, depth + 1);
  } else if (isObject(value)) {
    for (const item of Object.values(value)) fileUrisIn(item, out, depth + 1);
  }
  return [...out];
}

function mentionRequests(prompt: string | undefined, cwd: string): ToolAccess[] {
  const mentions = prompt !== undefined ? extractPromptMentions(prompt) : [];
  return mentions.length > 0 ? [{ action: 'read', paths: mentions, cwd }] : [];
}

/**
 * The requests one tool call makes. `input` is the tool's arguments as the client sent them;
 * paths come back as given (relative to `cwd`), with `file://` URIs decoded.
 * Throws HookPayloadError for a file tool without a findable path or a patch without file headers.
 */
export function mapToolCall(toolName: string, rawInput: unknown, cwd: string): ToolCallFacts {
  const input: JsonObject = isObject(rawInput) ? rawInput : {};
  const kind = toolKind(toolName);
  switch (kind) {
    case 'read':
      return { requests: [{ action: 'read', paths: requirePaths(toolName, keyedPaths(input)), cwd }] };
    case 'list': {
      const paths = keyedPaths(input);
      return { requests: [{ action: 'read', paths: paths.length > 0 ? paths : [cwd], cwd }] };
    }
    case 'tree': {
      // A tree of names, like `ls -R` or `find`: it reads no file content.
      const paths = keyedPaths(input);
      return { requests: [{ action: 'read', paths: paths.length > 0 ? paths : [cwd], cwd }] };
    }
    case 'edit': {
      const paths = [...new Set([...keyedPaths(input), ...patchPathsIn(input)])];
      return { requests: [{ action: 'edit', paths: requirePaths(toolName, paths), cwd }] };
    }
    case 'patch':
      return { requests: [{ action: 'edit', paths: requirePaths(toolName, [...new Set([...patchPathsIn(input), ...keyedPaths(input)])]), cwd }] };
    case 'str-replace-editor': {
      const action = stringField(input, 'command') === 'view' ? 'read' : 'edit';
      return { requests: [{ action, paths: requirePaths(toolName, keyedPaths(input)), cwd }] };
    }
    case 'glob':
      return { requests: [{ ...searchAccess(input, cwd, ['pattern', 'glob', 'query', 'include']), namesOnly: true }] };
    case 'grep':
      return { requests: [searchAccess(input, cwd, ['glob', 'include', 'includePattern', 'filePattern', 'file_pattern'], toolName)] };
    case 'shell':
    case 'shell-input': {
      // Codex `write_stdin {chars}` types into a running (tty) session: the characters are shell input.
      const command = commandText(kind === 'shell' ? input['command'] ?? input['cmd'] : input['chars'] ?? input['input'] ?? input['command'] ?? input['text']);
      const shellCwd = resolveDir(cwd, stringField(input, 'workdir', 'cwd', 'working_directory'));
      const requests: ToolAccess[] = [{ action: 'execute', paths: [], cwd: shellCwd }];
      // Codex models often run `apply_patch` through the shell: judge the patched files as edits too.
      if (command !== undefined && looksLikePatch(command)) {
        const patched = extractPatchPaths(command);
        if (patched.length > 0) requests.push({ action: 'edit', paths: patched, cwd: shellCwd });
        // `cd <dir> && apply_patch …` patches relative to <dir>: judge the paths from every `cd`
        // too, each taken alone and one after the other.
        let chained = shellCwd;
        const bases = new Set<string>();
        for (const dir of patched.length > 0 ? cdTargets(command) : []) {
          chained = resolveDir(chained, dir);
          bases.add(chained).add(resolveDir(shellCwd, dir));
        }
        bases.delete(shellCwd);
        for (const base of bases) requests.push({ action: 'edit', paths: patched, cwd: base });
      }
      return { requests, ...(command !== undefined ? { command } : {}) };
    }
    case 'task': {
      const command = taskCommand(input);
      const taskCwd = resolveDir(cwd, stringField(isObject(input['task']) ? input['task'] : input, 'cwd') ?? (isObject(input['task']) && isObject(input['task']['options']) ? stringField(input['task']['options'], 'cwd') : undefined));
      if (command === undefined) throw new HookPayloadError(`${toolName} call names no command Airlock can find`);
      return { requests: [{ action: 'execute', paths: [], cwd: taskCwd }], command };
    }
    case 'vscode-command':
      return vscodeCommandFacts(input, cwd);
    case 'subagent': {
      const prompt = stringField(input, 'prompt', 'message', 'task', 'instructions', 'description');
      return { requests: mentionRequests(prompt, cwd), ...(prompt !== undefined ? { prompt } : {}) };
    }
    case 'web': {
      // A fetch of a file:// URL is a local read; web URLs reach nothing local.
      const paths = fileUrisIn(input);
      return { requests: paths.length > 0 ? [{ action: 'read', paths, cwd }] : [] };
    }
    case 'none':
      return { requests: [] };
    default:
      return unknownToolFacts(toolName, input, cwd);
  }
}
