// Masks anything secret-looking in a shell command line before it is stored in the audit log.
// Errs towards masking: a lost hash or id in the log costs little, a stored credential costs a lot.

export const MASK = '***';

/** Names of variables, flags and JSON keys whose values are secrets (`PWD`/`OLDPWD` are directories). */
const SECRET_NAME = /(?:passw(?:or)?d|passphrase|(?:^|[_.-])pass(?:$|[_.-])|(?:^|[_.-])pwd$|secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|auth(?!or)|credential|(?:^|[_.-])creds?(?:$|[_.-])|session|cookie|signature|(?:^|[_.-])salt(?:$|[_.-])|(?:^|[_.-])key(?:$|[_.-]))/i;
const NOT_SECRET_NAME = /^(?:old)?pwd$/i;

function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name);
}

/** Provider-prefixed tokens: keep the prefix so a reader knows what kind of secret was there. */
const PREFIXED: readonly RegExp[] = [
  /\b(gh[pousr]_)[A-Za-z0-9]{20,}/g, // GitHub
  /\b(github_pat_)[A-Za-z0-9_]{20,}/g,
  /\b(glpat-)[A-Za-z0-9_-]{16,}/g, // GitLab
  /\b(sk-(?:proj-|ant-(?:api\d+-)?|live-)?)[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic
  /\b((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]{10,}/g, // Stripe
  /\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|AIPA))[A-Z0-9]{16}\b/g, // AWS access key ids
  /\b(xox[abposr]-)[A-Za-z0-9-]{10,}/g, // Slack
  /\b(AIza)[A-Za-z0-9_-]{30,}/g, // Google API keys
  /\b(ya29\.)[A-Za-z0-9_-]{20,}/g, // Google OAuth access tokens
  /\b(npm_)[A-Za-z0-9]{30,}/g,
  /\b(pypi-)[A-Za-z0-9_-]{30,}/g,
  /\b(hf_)[A-Za-z0-9]{30,}/g, // Hugging Face
  /\b(SG\.)[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, // SendGrid
  /\b(shp(?:at|ss|ca|pa)_)[A-Fa-f0-9]{32}/g, // Shopify
  /\b(dop_v1_)[a-f0-9]{64}/g, // DigitalOcean
  /\b(eyJ)[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, // JWT
];

/** Every provider token above holds a run of ten of these characters: without one, none can match. */
const TOKEN_CHARS_10 = /[A-Za-z0-9_-]{10}/;
const HAS_BEARER = /bearer/i;

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/** `scheme://user:password@host` → keep the user, drop the password. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/?)([^\s/:@'"]*):([^\s/@'"]+)@/gi;

/** `Authorization: Bearer x`, `Authorization: Basic x`, `X-Api-Key: x`, `Cookie: x` headers. */
const AUTH_HEADER = /\b((?:proxy-)?authorization|x-[a-z-]*(?:key|token|secret|auth)[a-z-]*|cookie|set-cookie)(\s*:\s*)(?:(bearer|basic|token|digest|negotiate)\s+)?([^\s'"]+)/gi;

/** A bare `Bearer <token>` anywhere (curl -H variants, env values). */
const BEARER = /\b(bearer\s+)([A-Za-z0-9._~+/=-]{8,})/gi;

/** `--password=x`, `--api-key x`, `--token 'x y'`; also single-dash long flags (`-password x`). */
const SECRET_FLAG = /(^|\s)(--?[A-Za-z][A-Za-z0-9_-]*)(=|\s+)('[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)/g;

/** curl/wget style `-u user:password`, `--user user:password`, `--proxy-user`. */
const USER_PASSWORD_FLAG = /(^|\s)(-u|--user|--proxy-user|--http-user|--http-password)(=|\s+)(['"]?)([^\s:'"]*):([^\s'"]+)\4/g;

/** mysql family `-pSECRET` (no space; `-p` alone prompts), sshpass `-p SECRET`. */
const MYSQL_TOOLS = /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mariadb|mariadb-dump|mysqlsh)\b/;
const MYSQL_P = /(^|\s)-p([^\s]+)/g;
const SSHPASS_P = /\b(sshpass\s+(?:-\w+\s+)*-p)(\s*)('[^']*'|"[^"]*"|\S+)/g;
/** Password flags whose names say nothing: `openssl enc -k X`, `docker login -p X`, `-pass pass:X`. */
const OPENSSL_K = /\b(openssl\b[^|;&\n]*?\s-k)(\s+)('[^']*'|"[^"]*"|\S+)/g;
const PASS_SOURCE = /(\s-(?:pass|passin|passout|password)\s+(?:pass|env|file|fd):?)('[^']*'|"[^"]*"|\S+)/g;
const LOGIN_P = /\b((?:docker|podman|buildah|nerdctl|helm(?:\s+registry)?|oras|skopeo|crane|cf|az\s+acr)\s+login\b[^|;&\n]*?\s-p)(\s*)('[^']*'|"[^"]*"|\S+)/g;

/** `NAME=value` / `export NAME=value` / `name: value` where the name looks secret. */
const ASSIGNMENT = /(^|[\s;&|('"?,{=])([A-Za-z_][A-Za-z0-9_.-]*)=('[^']*'|"(?:[^"\\]|\\.)*"|[^\s&;|'")]+)/g;

/** `"password": "x"` in inline JSON. */
const JSON_PAIR = /("([A-Za-z_][A-Za-z0-9_.-]*)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** Candidates for the entropy check: long runs of token characters. */
const TOKEN_RUN = /[A-Za-z0-9+/=_-]{20,}/g;

function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** True for a run that looks like a random key rather than a word, path or flag. */
export function looksLikeRandomToken(run: string): boolean {
  const core = run.replace(/^[-/=_]+|[-/=_]+$/g, '');
  if (core.length < 20) return false;
  // Hex keys, digests and UUID-shaped keys (git object ids are masked too: cheap to lose).
  if (/^[0-9a-f-]+$/i.test(core)) return core.replace(/-/g, '').length >= 32;
  const hasDigit = /[0-9]/.test(core);
  const hasLower = /[a-z]/.test(core);
  const hasUpper = /[A-Z]/.test(core);
  const entropy = shannonEntropy(core);
  // Words joined by dashes or slashes (paths, flags, package names) have low digit density.
  const digits = core.replace(/[^0-9]/g, '').length;
  if (hasDigit && (hasLower || hasUpper) && entropy >= 3.7 && digits >= 2) return true;
  return hasLower && hasUpper && core.length >= 32 && entropy >= 4.3;
}

function maskQuoted(value: string): string {
  const q = value[0];
  return (q === '"' || q === "'") && value.endsWith(q) && value.length >= 2 ? `${q}${MASK}${q}` : MASK;
}

/**
 * Returns the command with secret-looking parts replaced by `***`: provider tokens (prefix kept),
 * private keys, URL passwords, auth headers, secret flags and assignments, mysql `-p…`, and long
 * high-entropy tokens. The result keeps the command's shape so an auditor can still read it.
 */
export function maskSecrets(command: string): string {
  // Each expression runs only where the text holds what it cannot match without (a path or a
  // plain reason holds none of most): V8 compiles an expression on its first run, and the hook
  // masks a few strings per call in a fresh process. The results are the same.
  let out = command.includes('-----BEGIN ') ? command.replace(PEM_BLOCK, `[PRIVATE KEY ${MASK}]`) : command;
  if (TOKEN_CHARS_10.test(out)) for (const re of PREFIXED) out = out.replace(re, (_m, prefix: string) => `${prefix}${MASK}`);
  if (out.includes('@')) out = out.replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:${MASK}@`);
  if (out.includes(':')) out = out.replace(AUTH_HEADER, (_m, name: string, sep: string, scheme: string | undefined) => `${name}${sep}${scheme ? `${scheme} ` : ''}${MASK}`);
  if (HAS_BEARER.test(out)) out = out.replace(BEARER, (_m, lead: string) => `${lead}${MASK}`);
  if (out.includes(':')) out = out.replace(USER_PASSWORD_FLAG, (_m, lead: string, flag: string, sep: string, q: string, user: string) => `${lead}${flag}${sep}${q}${user}:${MASK}${q}`);
  if (out.includes('-')) {
    out = out.replace(SECRET_FLAG, (m, lead: string, flag: string, sep: string, value: string) =>
      isSecretName(flag.replace(/^-+/, '')) && !value.includes(MASK) && !/^[-<>|&;]/.test(value) ? `${lead}${flag}${sep}${maskQuoted(value)}` : m,
    );
  }
  if (MYSQL_TOOLS.test(out)) out = out.replace(MYSQL_P, (_m, lead: string) => `${lead}-p${MASK}`);
  if (out.includes('sshpass')) out = out.replace(SSHPASS_P, (_m, flag: string, sep: string, value: string) => `${flag}${sep}${maskQuoted(value)}`);
  if (out.includes('openssl')) out = out.replace(OPENSSL_K, (_m, flag: string, sep: string, value: string) => `${flag}${sep}${maskQuoted(value)}`);
  if (out.includes('-pass')) out = out.replace(PASS_SOURCE, (_m, flag: string, value: string) => `${flag}${maskQuoted(value)}`);
  if (out.includes('login')) out = out.replace(LOGIN_P, (_m, flag: string, sep: string, value: string) => `${flag}${sep}${maskQuoted(value)}`);
  if (out.includes('=')) {
    out = out.replace(ASSIGNMENT, (m, lead: string, name: string, value: string) =>
      isSecretName(name) && !value.includes(MASK) ? `${lead}${name}=${maskQuoted(value)}` : m,
    );
  }
  if (out.includes('"')) out = out.replace(JSON_PAIR, (m, head: string, name: string) => (isSecretName(name) ? `${head}"${MASK}"` : m));
  out = out.replace(TOKEN_RUN, (run) => (looksLikeRandomToken(run) ? MASK : run));
  return out;
}
