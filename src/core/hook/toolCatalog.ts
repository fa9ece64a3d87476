// The one tool catalog: every known tool of every client (by normalized name), what it reaches
// before the call (read / edit / search / shell ...) and, for a tool that changes files, how its
// post-tool facts read. The pre-tool decision and provenance capture both look tools up here.
import type { PostToolEditKind } from './postToolEditTypes';
import { normalizeToolName } from './payloadFields';

export type ToolKind = 'read' | 'list' | 'tree' | 'edit' | 'patch' | 'str-replace-editor' | 'glob' | 'grep' | 'shell' | 'shell-input' | 'task' | 'vscode-command' | 'subagent' | 'web' | 'none';

/** [what the call reaches, how its changes read afterwards (absent: it changes no file we capture)]. */
type ToolEntry = readonly [ToolKind, PostToolEditKind?];

/** Keys are normalized tool names (see normalizeToolName), after dropping `copilot`/`vscode` prefixes. */
const CATALOG: Readonly<Record<string, ToolEntry>> = {
  // read
  read: ['read'], view: ['read'], readfile: ['read'], notebookread: ['read'], readnotebookcelloutput: ['read'],
  getnotebooksummary: ['read'], geterrors: ['read'],
  // list
  ls: ['list'], listdir: ['list'], listdirectory: ['list'],
  // tree
  list: ['tree'],
  // edit (after the call: edit)
  edit: ['edit', 'edit'], multiedit: ['edit', 'edit'], editfile: ['edit', 'edit'], editfiles: ['edit', 'edit'],
  replacestring: ['edit', 'edit'], replacestringinfile: ['edit', 'edit'], multireplacestring: ['edit', 'edit'],
  multireplacestringinfile: ['edit', 'edit'], insertedit: ['edit', 'edit'], inserteditintofile: ['edit', 'edit'],
  // edit (after the call: write)
  write: ['edit', 'write'], create: ['edit', 'write'], writefile: ['edit', 'write'], createfile: ['edit', 'write'],
  // edit (after the call: notebook)
  notebookedit: ['edit', 'notebook'], editnotebook: ['edit', 'notebook'], editnotebookfile: ['edit', 'notebook'],
  // edit
  createdirectory: ['edit'], createnewjupyternotebook: ['edit'], deletefile: ['edit'],
  // patch (after the call: patch)
  applypatch: ['patch', 'patch'], patch: ['patch', 'patch'],
  // str-replace-editor (after the call: edit)
  strreplaceeditor: ['str-replace-editor', 'edit'],
  // str-replace-editor
  strreplacebasededittool: ['str-replace-editor'],
  // glob
  glob: ['glob'], filesearch: ['glob'], findfiles: ['glob'],
  // grep
  grep: ['grep'], rg: ['grep'], grepsearch: ['grep'], findtextinfiles: ['grep'], semanticsearch: ['grep'],
  searchcodebase: ['grep'],
  // shell (after the call: shell)
  bash: ['shell', 'shell'], shell: ['shell', 'shell'], powershell: ['shell', 'shell'],
  runinterminal: ['shell', 'shell'], runterminalcommand: ['shell', 'shell'], shellcommand: ['shell', 'shell'],
  execcommand: ['shell', 'shell'], localshell: ['shell', 'shell'],
  // shell-input
  writebash: ['shell-input'], writepowershell: ['shell-input'], writestdin: ['shell-input'],
  sendtoterminal: ['shell-input'],
  // task
  createandruntask: ['task'], runtask: ['task'],
  // vscode-command
  runvscodecommand: ['vscode-command'],
  // subagent
  task: ['subagent'], agent: ['subagent'], spawnagent: ['subagent'], runsubagent: ['subagent'],
  // web
  webfetch: ['web'], fetch: ['web'], fetchwebpage: ['web'], websearch: ['web'],
  // none
  todowrite: ['none'], todoread: ['none'], updatetodo: ['none'], managetodolist: ['none'], askuserquestion: ['none'],
  askuser: ['none'], exitplanmode: ['none'], reportintent: ['none'], bashoutput: ['none'], killshell: ['none'],
  killbash: ['none'], readbash: ['none'], stopbash: ['none'], listbash: ['none'], getterminaloutput: ['none'],
};

function entryOf(toolName: string): ToolEntry | undefined {
  const n = normalizeToolName(toolName).replace(/^(copilot|vscode)/, '').replace(/internal$/, '');
  return Object.prototype.hasOwnProperty.call(CATALOG, n) ? CATALOG[n] : undefined;
}

/** What a tool reaches; undefined for MCP and unknown tools (judged by the paths in their input). */
export function toolKind(toolName: string): ToolKind | undefined {
  if (toolName.startsWith('mcp__')) return undefined;
  return entryOf(toolName)?.[0];
}

/** How a tool's post-tool facts read, or null for a tool that changes no file we capture. */
export function toolEditKind(toolName: string): PostToolEditKind | null {
  return entryOf(toolName)?.[1] ?? null;
}
