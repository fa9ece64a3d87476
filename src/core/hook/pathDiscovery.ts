// Finds the local paths in a tool input: by field name for known tools, and also by value for
// MCP and unknown tools, whose argument names nobody can list in advance.
import { isObject, normalizeToolName } from './payloadFields';

/** Field names (normalized: lower case, no `_`/`-`) that hold a path or a list of paths. */
const PATH_KEYS = new Set([
  'path', 'paths', 'file', 'files', 'filepath', 'filepaths', 'filename', 'filenames', 'notebookpath',
  'dir', 'dirs', 'dirpath', 'directory', 'directories', 'folder', 'folders', 'uri', 'uris',
  'cwd', 'workdir', 'workingdirectory', 'rootdir', 'root', 'target', 'targetpath', 'source', 'sourcepath',
  'destination', 'dest', 'destpath', 'location', 'absolutepath', 'relativepath',
]);
/** Last word of a field name (`notebook_path`, `targetFile`, `outputDir`) that makes it a path field. */
const PATH_WORDS = new Set(['path', 'paths', 'file', 'files', 'filename', 'filenames', 'dir', 'dirs', 'directory', 'directories', 'folder', 'folders', 'uri', 'uris']);

const MAX_DEPTH = 8;
const MAX_VISITS = 5000;
const MAX_PATH_LENGTH = 4096;

export function isPathKey(key: string): boolean {
  if (PATH_KEYS.has(normalizeToolName(key))) return true;
  // The last word, split at `_`, `-` and camelCase humps: `profile` is not a path field, `srcFile` is.
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_\-.]+/);
  const last = words[words.length - 1]?.toLowerCase() ?? '';
  return words.length > 1 && PATH_WORDS.has(last);
}

/** Decodes a `file://` URI to a path (`file:///C:/x` → `C:/x`, `file://host/s` → `//host/s`); null if not one. */
export function fileUriToPath(value: string): string | null {
  if (!/^file:\/\//i.test(value)) return null;
  const rest = value.slice('file://'.length);
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  let pathPart = slash === -1 ? '/' : rest.slice(slash);
  const cut = pathPart.search(/[?#]/);
  if (cut !== -1) pathPart = pathPart.slice(0, cut);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart; // a malformed escape is still a path the engine must judge, never a reason to skip it
  }
  if (/^\/[A-Za-z]:/.test(decoded)) decoded = decoded.slice(1);
  return authority !== '' && authority.toLowerCase() !== 'localhost' ? `//${authority}${decoded}` : decoded;
}

function plausible(value: string): boolean {
  return value !== '' && value.length <= MAX_PATH_LENGTH && !/[\r\n\0]/.test(value);
}

/** A string under a path-named field: a path unless it is a non-file URL. */
function asKeyedPath(value: string): string | null {
  const trimmed = value.trim();
  if (!plausible(trimmed)) return null;
  const fromUri = fileUriToPath(trimmed);
  if (fromUri !== null) return fromUri;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return null;
  return trimmed;
}

/** Any string value: a path only if it clearly looks like one (absolute, `~/`, `./`, `../`, drive, UNC, file URI). */
export function asLooseValuePath(value: string): string | null {
  const trimmed = value.trim();
  if (!plausible(trimmed)) return null;
  const fromUri = fileUriToPath(trimmed);
  if (fromUri !== null) return fromUri;
  if (/^(\/(?!\/)|~[\\/]|\.\.?[\\/]|\.\.$|[A-Za-z]:[\\/]|\\\\)/.test(trimmed) && !/\s{2,}/.test(trimmed)) return trimmed;
  return null;
}

/** Any short, single-line string that is not a non-file URL: judged as a path relative to the cwd. */
function asAnyStringPath(value: string): string | null {
  const trimmed = value.trim();
  if (!plausible(trimmed) || trimmed.length > 512) return null;
  return asKeyedPath(trimmed);
}

export interface DiscoveryOptions {
  /** Also take strings under any field when they look like paths (MCP and unknown tools). */
  readonly looseValues: boolean;
  /**
   * Take every short single-line string under any field as a possible (relative) path: an MCP
   * argument named `name` or `resource` holding `.env` names it as surely as `path` would.
   */
  readonly anyString?: boolean;
  /** Field names never to look into (file content, edit text): avoids mistaking content for paths. */
  readonly skipKeys?: ReadonlySet<string>;
}

/** Unique paths found in `input`, in the order met. */
export function discoverPaths(input: unknown, options: DiscoveryOptions): string[] {
  const found = new Set<string>();
  let visits = 0;
  const visit = (value: unknown, keyed: boolean, depth: number): void => {
    if (++visits > MAX_VISITS || depth > MAX_DEPTH) return;
    if (typeof value === 'string') {
      const p = keyed ? asKeyedPath(value) : options.looseValues ? asLooseValuePath(value) ?? (options.anyString === true ? asAnyStringPath(value) : null) : null;
      if (p !== null) found.add(p);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, keyed, depth + 1);
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (options.skipKeys?.has(normalizeToolName(key))) continue;
        visit(child, isPathKey(key), depth + 1);
      }
    }
  };
  visit(input, false, 0);
  return [...found];
}
