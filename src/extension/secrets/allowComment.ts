// How to write an `airlock:allow` comment in a given file. VS Code has no API that exposes a
// language's comment syntax, so the common ones are listed here; unknown languages get no quick fix
// (the baseline still works), because a wrong comment would break the file.

export interface AllowComment {
  /** `endOfLine`: append to the finding's line; `lineAbove`: a full-line comment above it. */
  readonly placement: 'endOfLine' | 'lineAbove';
  readonly text: string;
}

const SLASHES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'jsonc', 'c', 'cpp', 'csharp', 'java', 'go', 'rust', 'swift',
  'kotlin', 'scala', 'dart', 'php', 'groovy', 'objective-c', 'objective-cpp', 'fsharp', 'zig', 'proto', 'proto3', 'scss', 'less', 'vue', 'svelte'];
const HASH = ['python', 'shellscript', 'ruby', 'perl', 'r', 'yaml', 'github-actions-workflow', 'dockercompose', 'toml', 'dockerfile', 'makefile',
  'powershell', 'coffeescript', 'julia', 'elixir', 'nix', 'terraform', 'hcl', 'graphql', 'cmake', 'tcl', 'crystal', 'nim'];
const DASHES = ['sql', 'lua', 'haskell', 'ada', 'elm', 'plsql'];
const PERCENT = ['latex', 'tex', 'erlang', 'matlab'];
const BLOCK_HTML = ['html', 'xml', 'markdown', 'xsl', 'razor'];
const BLOCK_CSS = ['css'];
/** Formats where a `#` after a value becomes part of the value, so the comment goes on its own line. */
const HASH_LINE_ABOVE = ['properties', 'dotenv', 'ini', 'editorconfig', 'ignore'];

const BY_LANGUAGE = new Map<string, (marker: string) => AllowComment>([
  ...SLASHES.map((id) => [id, (m: string): AllowComment => ({ placement: 'endOfLine', text: ` // ${m}` })] as const),
  ...HASH.map((id) => [id, (m: string): AllowComment => ({ placement: 'endOfLine', text: `  # ${m}` })] as const),
  ...DASHES.map((id) => [id, (m: string): AllowComment => ({ placement: 'endOfLine', text: ` -- ${m}` })] as const),
  ...PERCENT.map((id) => [id, (m: string): AllowComment => ({ placement: 'endOfLine', text: ` % ${m}` })] as const),
  ...BLOCK_HTML.map((id) => [id, (m: string): AllowComment => ({ placement: 'endOfLine', text: ` <!-- ${m} -->` })] as const),
  ...BLOCK_CSS.map((id) => [id, (m: string): AllowComment => ({ placement: 'endOfLine', text: ` /* ${m} */` })] as const),
  ...HASH_LINE_ABOVE.map((id) => [id, (m: string): AllowComment => ({ placement: 'lineAbove', text: `# ${m}-next-line` })] as const),
]);

/** Plain-text files that are configuration by name (dotenv, npm/pip/netrc credentials files, ini-like). */
const HASH_LINE_ABOVE_NAMES = /^(?:\.env(?:\..+)?|.+\.env|\.npmrc|\.pypirc|\.netrc|.+\.(?:properties|ini|cfg|conf|tfvars))$/i;

/**
 * The allow comment for a file, or undefined when its comment syntax is unknown or it has none
 * (plain JSON, PEM files).
 */
export function allowCommentFor(languageId: string, fileName: string): AllowComment | undefined {
  const make = BY_LANGUAGE.get(languageId);
  if (make) return make('airlock:allow');
  const base = fileName.split(/[\\/]/).pop() ?? '';
  if (HASH_LINE_ABOVE_NAMES.test(base)) return { placement: 'lineAbove', text: '# airlock:allow-next-line' };
  return undefined;
}
