// The clients' search tools as content searches (search/contentSearch.ts). All of them run
// ripgrep underneath: Claude Code's and the Copilot CLI's `Grep`/`grep` (pattern, `-i`,
// `multiline`, output modes, context), opencode's `grep` (pattern, include) and VS Code's
// `grep_search` (query, `isRegexp`; read as case-insensitive). A field Airlock does not know makes
// the search opaque; semantic and codebase searches have no pattern to reproduce.
import { type ContentSearch, opaqueSearch } from '../search/contentSearch';
import { normalizeToolName, type JsonObject } from './payloadFields';
import { toolKind } from './toolCatalog';

/** Fields that choose files or shape output around matches, never what matches. */
const HARMLESS = new Set([
  'path', 'paths', 'glob', 'type', 'outputmode', 'a', 'b', 'c', 'n', 'context', 'headlimit', 'offset', 'include', 'includepattern',
  'maxresults', 'includeignoredfiles', 'filepattern', 'description', 'explanation', 'pattern', 'query', 'i', 'multiline', 'isregexp',
]);

function flag(input: JsonObject, ...keys: string[]): boolean | 'unknown' {
  for (const k of keys) {
    const v = input[k];
    if (v === undefined || v === false || v === null) continue;
    return v === true ? true : 'unknown';
  }
  return false;
}

/** Search tools of the catalog's `grep` kind that take no pattern to reproduce (ranked by meaning). */
const WITHOUT_PATTERN = /^(copilot|vscode)?(semanticsearch|searchcodebase)(internal)?$/;
/** VS Code's own text search tools (query, isRegexp, case-insensitive). */
const VSCODE_SEARCH = /^(copilot|vscode)?(grepsearch|findtextinfiles)(internal)?$/;

export function fileToolSearch(toolName: string, input: JsonObject): ContentSearch | undefined {
  const name = normalizeToolName(toolName);
  if (toolKind(toolName) !== 'grep' || WITHOUT_PATTERN.test(name)) return undefined;
  for (const key of Object.keys(input)) {
    if (!HARMLESS.has(key.toLowerCase().replace(/[-_]/g, ''))) return opaqueSearch(`its field "${key}" may change what it matches or prints`);
  }
  const vscode = VSCODE_SEARCH.test(name);
  const pattern = vscode ? input['query'] : input['pattern'];
  if (typeof pattern !== 'string') return opaqueSearch('it names no pattern Airlock can read');
  const ignoreCase = vscode ? true : flag(input, '-i', 'i');
  const multiline = flag(input, 'multiline');
  const regex = vscode ? flag(input, 'isRegexp') : true;
  if (ignoreCase === 'unknown' || multiline === 'unknown' || regex === 'unknown') return opaqueSearch('a flag of it has a value Airlock cannot read');
  const search = { ignoreCase, word: false, wholeLine: false, multiline } as const;
  if (vscode && input['isRegexp'] === undefined) {
    // Unsaid: the query may be read either way, so both readings count.
    return { ...search, patterns: [pattern, pattern.replace(/[!-/:-@[-`{-~]/g, '\\$&')], syntax: 'rust' };
  }
  return { ...search, patterns: [pattern], syntax: regex ? 'rust' : 'fixed' };
}
