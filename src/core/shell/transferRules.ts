// Rules for commands that copy, pack, convert or send files: cp/mv, rsync/scp, tar/zip, curl/wget,
// dd, docker, openssl, jq...
import { hasOption, optionValues, parseArgs, sliceWord } from './argParser';
import type { CommandContext, ResolvedWord } from './commandContext';
import { emitAll, emitFileOptions, type Rule } from './ruleHelpers';
import type { ShellAccess } from './shellTypes';

/** cp, install: sources are read (searched with -r), the destination written. */
export const copyRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: ctx.name === 'install' ? 'tSmogC' : 'tS', long: ['target-directory', 'suffix', 'mode', 'owner', 'group'] });
  const recursive = hasOption(parsed, '-r', '-R', '-a', '--recursive', '--archive') || ctx.name === 'install' && hasOption(parsed, '-D');
  const { sources, dest } = sourcesAndDest(parsed.operands, optionValues(parsed, '-t', '--target-directory'));
  emitAll(ctx, sources, recursive ? 'search' : 'read');
  emitAll(ctx, dest, 'write');
};

/** mv: both ends are read and written (the source disappears, the destination is replaced). */
export const moveRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'tS', long: ['target-directory', 'suffix'] });
  const { sources, dest } = sourcesAndDest(parsed.operands, optionValues(parsed, '-t', '--target-directory'));
  emitAll(ctx, [...sources, ...dest], 'read', 'write');
};

/** ln: the target is read through the new link (a symlink to a protected file is a bypass). */
export const linkRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'tS', long: ['target-directory', 'suffix'] });
  const { sources, dest } = sourcesAndDest(parsed.operands, optionValues(parsed, '-t', '--target-directory'));
  emitAll(ctx, sources, 'read');
  emitAll(ctx, dest, 'write');
};

function sourcesAndDest(operands: readonly ResolvedWord[], target: readonly ResolvedWord[]): { sources: ResolvedWord[]; dest: ResolvedWord[] } {
  if (target.length > 0) return { sources: [...operands], dest: [...target] };
  if (operands.length < 2) return { sources: [...operands], dest: [] };
  return { sources: operands.slice(0, -1), dest: operands.slice(-1) };
}

/** `host:path`, `user@host:path`, `rsync://...`: a remote operand, not a local file. */
function isRemote(word: ResolvedWord): boolean {
  const t = word.text;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(t) || /^[^/]*[^/\\]:/.test(t) && !t.startsWith('./');
}

/** scp, rsync: local sources read (searched when recursive), a local destination written. */
export const remoteCopyRule: Rule = (ctx) => {
  const rsync = ctx.name === 'rsync';
  const parsed = parseArgs(ctx.args, rsync
    ? { short: 'efBTM', long: ['rsh', 'exclude', 'include', 'exclude-from', 'include-from', 'files-from', 'password-file', 'log-file', 'filter', 'chmod', 'chown', 'backup-dir', 'partial-dir', 'temp-dir', 'compare-dest', 'copy-dest', 'link-dest', 'max-size', 'min-size', 'timeout', 'bwlimit', 'port', 'rsync-path', 'suffix', 'out-format', 'log-file-format', 'remote-option', 'usermap', 'groupmap', 'info', 'debug', 'iconv', 'checksum-choice', 'compress-choice', 'compress-level', 'sockopts', 'contimeout', 'max-delete', 'modify-window', 'stop-after', 'stop-at'] }
    : { short: 'FilocPSJDX' });
  emitFileOptions(ctx, parsed, { '--exclude-from': 'read', '--include-from': 'read', '--files-from': 'read', '--password-file': 'read', '--log-file': 'write', '-F': 'read', '-i': 'read' });
  const recursive = hasOption(parsed, '-r', '-a', '--recursive', '--archive');
  const operands = parsed.operands;
  const sources = operands.length > 1 ? operands.slice(0, -1) : operands;
  const dest = operands.length > 1 ? operands.slice(-1) : [];
  for (const s of sources) if (!isRemote(s)) ctx.emit(s, recursive ? 'search' : 'read');
  for (const d of dest) if (!isRemote(d)) ctx.emit(d, 'write');
};

const TAR_VALUE_LETTERS = 'fCTXbgNKLVIH';

/** tar: create reads members (recursively), extract writes; `-f` names the archive; `-C` moves. */
export const tarRule: Rule = (ctx) => {
  let args = [...ctx.args];
  // Old style: `tar czf out.tgz files...`, where each value letter takes the next word.
  if (args.length > 0 && args[0].unknown.length === 0 && /^[A-Za-z]+$/.test(args[0].text)) {
    const letters = args[0].text;
    const rest = args.slice(1);
    const rebuilt: ResolvedWord[] = [];
    for (const l of letters) {
      rebuilt.push(ctx.literalWord(`-${l}`));
      if (TAR_VALUE_LETTERS.includes(l) && rest.length > 0) rebuilt.push(rest.shift() as ResolvedWord);
    }
    args = [...rebuilt, ...rest];
  }
  const parsed = parseArgs(args, {
    short: TAR_VALUE_LETTERS,
    long: ['file', 'directory', 'files-from', 'exclude-from', 'exclude', 'blocking-factor', 'listed-incremental', 'newer', 'starting-file', 'tape-length', 'label', 'use-compress-program', 'format', 'owner', 'group', 'mode', 'mtime', 'transform', 'xform', 'to-command', 'checkpoint-action', 'newer-mtime', 'after-date', 'index-file', 'rsh-command', 'volno-file', 'info-script', 'new-volume-script', 'strip-components', 'level', 'record-size', 'sort', 'warning', 'occurrence'],
  });
  const has = (...names: string[]): boolean => hasOption(parsed, ...names);
  const create = has('-c', '--create', '-r', '--append', '-u', '--update', '-A', '--catenate', '--concatenate');
  const extract = has('-x', '--extract', '--get');
  const compare = has('-d', '--diff', '--compare');
  const archives = optionValues(parsed, '-f', '--file');
  if (create) emitAll(ctx, archives, 'write', ...(has('-c', '--create') ? [] : ['read' as const]));
  else emitAll(ctx, archives, 'read');
  emitFileOptions(ctx, parsed, { '-T': 'read', '--files-from': 'read', '-X': 'read', '--exclude-from': 'read' });
  // `echo .env | tar -cf - -T -`: the member names come from standard input.
  if (optionValues(parsed, '-T', '--files-from').some((w) => w.unknown.length === 0 && /^(-|\/dev\/stdin|\/dev\/fd\/0|\/proc\/self\/fd\/0)$/.test(w.text))) ctx.emit(ctx.inputWord(ctx.pipeRoots ?? 'unknown'), 'search');
  if (has('--to-command', '-I', '--use-compress-program')) ctx.uncertain('tar runs a helper command');
  const dirs = optionValues(parsed, '-C', '--directory');
  const members = (): void => {
    if (create || compare) emitAll(ctx, parsed.operands, 'search');
    else if (extract) {
      if (parsed.operands.length > 0) emitAll(ctx, parsed.operands, 'write');
      else if (!has('-O', '--to-stdout')) ctx.emit(ctx.literalWord('.'), 'write');
    }
  };
  if (dirs.length > 0) ctx.inDirectory(dirs[dirs.length - 1], members);
  else members();
};

/** zip ARCHIVE FILES...: the archive is written, the files read (searched with -r). */
export const zipRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'bntPOsZxi', long: ['temp-path', 'suffixes', 'password', 'output-file', 'split-size', 'compression-method', 'exclude', 'include'] });
  emitFileOptions(ctx, parsed, { '-O': 'write', '--output-file': 'write' });
  const [archive, ...files] = parsed.operands;
  if (archive !== undefined) emitAll(ctx, [archive], 'read', 'write');
  emitAll(ctx, files, hasOption(parsed, '-r', '-R', '--recurse-paths') ? 'search' : 'read');
  if (hasOption(parsed, '-@', '--names-stdin')) ctx.emit(ctx.inputWord(ctx.pipeRoots ?? 'unknown'), 'read');
};

/** unzip ARCHIVE [members] [-d dir]: reads the archive, writes where it extracts. */
export const unzipRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'dxP' });
  const [archive, ...members] = parsed.operands;
  if (archive !== undefined) ctx.emit(archive, 'read');
  if (hasOption(parsed, '-p', '-c', '-l', '-t', '-v', '-Z', '-z')) return;
  const dirs = optionValues(parsed, '-d');
  const write = (): void => {
    if (members.length > 0) emitAll(ctx, members, 'write');
    else ctx.emit(ctx.literalWord('.'), 'write');
  };
  if (dirs.length > 0) ctx.inDirectory(dirs[0], write);
  else write();
};

/** gzip, xz, bzip2, zstd...: read the files and replace them unless writing to stdout. */
export const compressRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'SobTM', long: ['suffix', 'output', 'threads', 'memlimit', 'format', 'block-size'] });
  emitFileOptions(ctx, parsed, { '-o': 'write', '--output': 'write' });
  const toStdout = hasOption(parsed, '-c', '--stdout', '--to-stdout', '-t', '--test', '-l', '--list') || /cat$/.test(ctx.name);
  emitAll(ctx, parsed.operands, ...(toStdout ? ['read' as const] : ['read' as const, 'write' as const]));
};

/** 7z a|x|l ARCHIVE [files]. */
export const sevenZipRule: Rule = (ctx) => {
  const [command, ...rest] = ctx.args;
  const parsed = parseArgs(rest, {});
  const [archive, ...files] = parsed.operands;
  const mode = command?.text ?? '';
  for (const o of parsed.options) if (o.name.startsWith('-o') && /^-o./.test(o.name)) ctx.emit(ctx.literalWord(o.name.slice(2)), 'write');
  if (archive === undefined) return;
  if (mode === 'a' || mode === 'u') { ctx.emit(archive, 'write'); emitAll(ctx, files, 'search'); }
  else { ctx.emit(archive, 'read'); if (mode === 'x' || mode === 'e') ctx.emit(ctx.literalWord('.'), 'write'); }
};

/** curl: `@file` data and form fields, uploads, config and key files are read; outputs written. */
export const curlRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, {
    short: 'AbcCdDeEFHKmoPQrTtuUwxXyYz',
    long: ['data', 'data-ascii', 'data-binary', 'data-raw', 'data-urlencode', 'json', 'form', 'form-string', 'upload-file', 'output', 'output-dir', 'cookie', 'cookie-jar', 'dump-header', 'config', 'cacert', 'capath', 'cert', 'key', 'netrc-file', 'header', 'user-agent', 'referer', 'request', 'user', 'url', 'proxy', 'write-out', 'trace', 'trace-ascii', 'stderr', 'proxy-cacert', 'proxy-cert', 'proxy-key', 'pubkey', 'etag-save', 'etag-compare', 'libcurl', 'connect-timeout', 'max-time', 'retry', 'range', 'proxy-user', 'oauth2-bearer', 'variable', 'expand-data', 'aws-sigv4', 'resolve', 'connect-to', 'interface', 'limit-rate', 'max-filesize', 'unix-socket', 'abstract-unix-socket', 'crlfile', 'cert-type', 'key-type'],
  });
  const atFile = (w: ResolvedWord, at: number): void => {
    if (w.text.slice(at + 1) !== '-') ctx.emit(sliceWord(w, at + 1), 'read');
  };
  for (const o of parsed.options) {
    const v = o.value;
    if (v === null) continue;
    const t = v.text;
    switch (o.name) {
      case '-d': case '--data': case '--data-ascii': case '--data-binary': case '--json': case '-H': case '--header': case '-w': case '--write-out':
        if (t.startsWith('@')) atFile(v, 0);
        else if (v.unknown.length > 0 && v.sketch.startsWith('@')) ctx.emit(v, 'read');
        break;
      case '--data-urlencode': {
        const at = t.indexOf('@');
        const eq = t.indexOf('=');
        if (at >= 0 && (eq < 0 || at < eq)) atFile(v, at);
        break;
      }
      case '-F': case '--form': {
        const m = /^[^=]*=([@<])/.exec(t);
        if (m !== null) {
          const start = m[0].length;
          const end = t.indexOf(';', start);
          const file = t.slice(start, end < 0 ? undefined : end).replace(/^"(.*)"$/, '$1');
          if (file !== '-') ctx.emitPath(file, 'read', v.unknown.length > 0);
          if (v.unknown.length > 0) ctx.uncertain(`curl form field is computed (${v.raw})`);
        }
        break;
      }
      case '-T': case '--upload-file': case '-K': case '--config': case '--cacert': case '--capath': case '-E': case '--cert': case '--key': case '--netrc-file': case '--proxy-cacert': case '--proxy-cert': case '--proxy-key': case '--pubkey': case '--etag-compare': case '--crlfile':
        ctx.emit(v, 'read');
        break;
      case '-b': case '--cookie':
        if (!t.includes('=')) ctx.emit(v, 'read');
        break;
      case '-o': case '--output': case '--output-dir': case '-c': case '--cookie-jar': case '-D': case '--dump-header': case '--trace': case '--trace-ascii': case '--stderr': case '--etag-save': case '--libcurl':
        ctx.emit(v, 'write');
        break;
      case '--url':
        fileUrl(ctx, v);
        break;
    }
  }
  for (const w of parsed.operands) fileUrl(ctx, w);
};

/** `file:///path` URLs read local files. */
function fileUrl(ctx: CommandContext, w: ResolvedWord): void {
  const m = /^file:\/\/(localhost)?(\/[^?#]*)/i.exec(w.text);
  if (m !== null) {
    let p = m[2];
    try { p = decodeURIComponent(p); } catch { ctx.uncertain(`malformed file URL (${w.raw})`); }
    ctx.emitPath(p, 'read', w.unknown.length > 0);
  } else if (w.unknown.length > 0 && /^\$|^file:/i.test(w.sketch)) {
    ctx.uncertain(`${ctx.name} URL is computed (${w.raw})`);
  }
}

/** wget: `-O` output written, `-i` URL list and `--post-file` read. */
export const wgetRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'OoaiPeUTtwQlAR', long: ['output-document', 'output-file', 'append-output', 'input-file', 'directory-prefix', 'execute', 'post-file', 'body-file', 'load-cookies', 'save-cookies', 'certificate', 'private-key', 'ca-certificate', 'user', 'password', 'header', 'user-agent', 'post-data', 'method', 'body-data', 'tries', 'timeout', 'wait', 'level', 'accept', 'reject', 'referer', 'config'] });
  emitFileOptions(ctx, parsed, {
    '-O': 'write', '--output-document': 'write', '-o': 'write', '--output-file': 'write', '-a': 'write', '--append-output': 'write', '-P': 'write', '--directory-prefix': 'write', '--save-cookies': 'write',
    '-i': 'read', '--input-file': 'read', '--post-file': 'read', '--body-file': 'read', '--load-cookies': 'read', '--certificate': 'read', '--private-key': 'read', '--ca-certificate': 'read', '--config': 'read',
  });
};

/** dd if=FILE of=FILE. */
export const ddRule: Rule = (ctx) => {
  for (const w of ctx.args) {
    if (w.text.startsWith('if=')) ctx.emit(sliceWord(w, 3), 'read');
    else if (w.text.startsWith('of=')) ctx.emit(sliceWord(w, 3), 'write');
  }
};

const DOCKER_RUN_VALUES = ['e', 'env', 'v', 'volume', 'p', 'publish', 'w', 'workdir', 'name', 'network', 'net', 'u', 'user', 'entrypoint', 'l', 'label', 'mount', 'env-file', 'h', 'hostname', 'platform', 'cpus', 'm', 'memory', 'restart', 'add-host', 'device', 'cap-add', 'cap-drop', 'dns', 'log-driver', 'log-opt', 'security-opt', 'tmpfs', 'ulimit', 'pull', 'gpus', 'ipc', 'pid', 'shm-size', 'stop-signal', 'runtime', 'cidfile', 'label-file', 'volumes-from', 'link', 'expose', 'health-cmd', 'memory-swap', 'cpu-shares', 'group-add'];

/** docker/podman: `cp` local ends, `build` context and Dockerfile, `run -v` bind mounts, env files. */
export const dockerRule: Rule = (ctx) => {
  const global = parseArgs(ctx.args, { short: 'Hcl', long: ['host', 'context', 'config', 'log-level', 'tlscacert', 'tlscert', 'tlskey'], stopAtOperand: true });
  const [sub, ...rest] = global.operands;
  const name = sub?.text ?? '';
  const isContainerPath = (w: ResolvedWord): boolean => /^[\w][\w.-]*:/.test(w.text) && !/^[a-zA-Z]:[\\/]/.test(w.text);
  if (name === 'cp') {
    const parsed = parseArgs(rest, {});
    const [src, dest] = parsed.operands;
    if (src !== undefined && !isContainerPath(src)) ctx.emit(src, 'search');
    if (dest !== undefined && !isContainerPath(dest)) ctx.emit(dest, 'write');
    return;
  }
  if (name === 'build' || name === 'buildx' || name === 'image') {
    const args = name === 'build' ? rest : rest.slice(1);
    const parsed = parseArgs(args, { short: 'ftop', long: ['file', 'tag', 'build-arg', 'secret', 'ssh', 'target', 'platform', 'label', 'output', 'cache-from', 'cache-to', 'build-context', 'network', 'progress', 'iidfile', 'metadata-file', 'add-host'] });
    emitFileOptions(ctx, parsed, { '-f': 'read', '--file': 'read', '--iidfile': 'write', '--metadata-file': 'write' });
    for (const s of optionValues(parsed, '--secret')) {
      const m = /(?:^|,)(?:src|source)=([^,]+)/.exec(s.text);
      if (m !== null) ctx.emitPath(m[1], 'read', s.unknown.length > 0);
    }
    for (const w of parsed.operands) if (w.text !== '-' && !/^[a-z]+:\/\//.test(w.text)) ctx.emit(w, 'search');
    return;
  }
  if (name === 'run' || name === 'create' || name === 'compose' || name === 'container') {
    const parsed = parseArgs(name === 'container' ? rest.slice(1) : rest, { short: 'evpwulhmf', long: [...DOCKER_RUN_VALUES, 'file', 'project-directory'], stopAtOperand: true });
    emitFileOptions(ctx, parsed, { '--env-file': 'read', '--label-file': 'read', '-f': 'read', '--file': 'read', '--cidfile': 'write' });
    for (const v of optionValues(parsed, '-v', '--volume')) {
      const host = v.text.split(':')[0];
      if (/^[./~]/.test(host)) ctx.emit(sliceWordTo(ctx, v, host.length), 'search');
      else if (v.unknown.length > 0) ctx.uncertain(`docker volume is computed (${v.raw})`);
    }
    for (const m of optionValues(parsed, '--mount')) {
      const src = /(?:^|,)(?:src|source)=([^,]+)/.exec(m.text);
      if (src !== null && /^[./~]/.test(src[1])) ctx.emitPath(src[1], 'search', m.unknown.length > 0);
    }
    return;
  }
  if (name === 'load' || name === 'import') emitFileOptions(ctx, parseArgs(rest, { short: 'i', long: ['input'] }), { '-i': 'read', '--input': 'read' });
  if (name === 'save' || name === 'export') emitFileOptions(ctx, parseArgs(rest, { short: 'o', long: ['output'] }), { '-o': 'write', '--output': 'write' });
};

function sliceWordTo(ctx: CommandContext, w: ResolvedWord, n: number): ResolvedWord {
  return w.unknown.length > 0 ? w : ctx.literalWord(w.text.slice(0, n));
}

const OPENSSL_READ = new Set(['-in', '-inkey', '-key', '-cert', '-certfile', '-CAfile', '-signkey', '-config', '-extfile', '-kfile', '-CAkey', '-CAserial', '-paramfile', '-sigfile', '-signature', '-verify', '-prverify', '-rand', '-untrusted', '-trusted', '-peerkey', '-dcert', '-dkey', '-CRL', '-crl', '-req', '-recip', '-signer', '-content']);
const OPENSSL_WRITE = new Set(['-out', '-keyout', '-writerand', '-sigout', '-reqout']);

/** openssl SUBCOMMAND: `-in`/`-key`... read, `-out` written, `-pass file:x` read, bare files read. */
export const opensslRule: Rule = (ctx) => {
  const args = ctx.args.slice(1);
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    const next = args[i + 1];
    if (OPENSSL_READ.has(t) && next !== undefined) { ctx.emit(next, 'read'); i++; continue; }
    if (OPENSSL_WRITE.has(t) && next !== undefined) { ctx.emit(next, 'write'); i++; continue; }
    if (/^-pass(in|out)?$|^-passwd$/.test(t) && next !== undefined) {
      if (next.text.startsWith('file:')) ctx.emit(sliceWord(next, 5), 'read');
      i++;
      continue;
    }
    if (t.startsWith('-') && args[i].unknown.length === 0) continue;
    ctx.emit(args[i], 'read');
  }
};

/** jq FILTER [files]: `-f` filter file, `--slurpfile`/`--rawfile NAME FILE` read. */
export const jqRule: Rule = (ctx) => {
  const args = ctx.args;
  const operands: ResolvedWord[] = [];
  let fromFile = false;
  let positionalArgs = false;
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (positionalArgs || args[i].unknown.length > 0 || !t.startsWith('-') || t === '-') { if (!positionalArgs) operands.push(args[i]); continue; }
    if (t === '--args' || t === '--jsonargs') { positionalArgs = true; continue; }
    if (t === '--arg' || t === '--argjson') { i += 2; continue; }
    if (t === '--slurpfile' || t === '--rawfile') { if (args[i + 2] !== undefined) ctx.emit(args[i + 2], 'read'); i += 2; continue; }
    if (t === '-f' || t === '--from-file') { if (args[i + 1] !== undefined) ctx.emit(args[i + 1], 'read'); fromFile = true; i++; continue; }
    if (t === '--indent' || t === '-L') i++;
  }
  const files = fromFile ? operands : operands.slice(1);
  emitAll(ctx, files, 'read');
};

/** yq [eval] EXPR [files]; `-i` edits in place. */
export const yqRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'oIpn', long: ['output-format', 'indent', 'input-format', 'front-matter', 'expression', 'from-file'] });
  emitFileOptions(ctx, parsed, { '--from-file': 'read' });
  let operands = [...parsed.operands];
  if (operands[0] !== undefined && /^(e|eval|ea|eval-all)$/.test(operands[0].text)) operands = operands.slice(1);
  const files = operands.length === 1 || optionValues(parsed, '--expression', '--from-file').length > 0 ? operands : operands.slice(1);
  const access: ShellAccess[] = hasOption(parsed, '-i', '--inplace') ? ['read', 'write'] : ['read'];
  emitAll(ctx, files, ...access);
};

/** Commands with an input file and an optional output file: xxd, uniq, iconv-like. */
export function inputOutput(short: string, dashLong: readonly string[] = []): Rule {
  return (ctx) => {
    const parsed = parseArgs(ctx.args, { short, dashLong });
    const [input, output] = parsed.operands;
    if (input !== undefined) ctx.emit(input, 'read');
    if (output !== undefined) ctx.emit(output, 'write');
  };
}

/** split/csplit: read the input, write files named by the prefix. */
export const splitRule: Rule = (ctx: CommandContext) => {
  const parsed = parseArgs(ctx.args, { short: ctx.name === 'csplit' ? 'bfn' : 'abCdlLnt', long: ['suffix-length', 'additional-suffix', 'bytes', 'line-bytes', 'lines', 'number', 'separator', 'filter', 'prefix', 'suffix-format', 'digits'] });
  const [input, ...rest] = parsed.operands;
  if (input !== undefined) ctx.emit(input, 'read');
  const prefixes = ctx.name === 'csplit' ? optionValues(parsed, '-f', '--prefix') : rest.slice(0, 1);
  // The pieces are named PREFIX + suffix; the prefix itself is the closest path to check.
  for (const p of prefixes) ctx.emit(p, 'write');
};

/** cpio: `-o`/`-p` take the names of the files to copy from standard input; `-F`/`-I`/`-O` name archives. */
export const cpioRule: Rule = (ctx) => {
  const parsed = parseArgs(ctx.args, { short: 'FIOEMRHC', long: ['file', 'pattern-file', 'format', 'message', 'owner', 'block-size', 'io-size', 'rsh-command'] });
  emitFileOptions(ctx, parsed, { '-I': 'read', '-O': 'write', '-E': 'read', '--pattern-file': 'read' });
  emitAll(ctx, optionValues(parsed, '-F', '--file'), 'read', 'write');
  const passing = hasOption(parsed, '-p', '--pass-through');
  if (passing || hasOption(parsed, '-o', '--create')) ctx.emit(ctx.inputWord(ctx.pipeRoots ?? 'unknown'), 'search');
  if (passing) emitAll(ctx, parsed.operands, 'write');
  if (hasOption(parsed, '-i', '--extract')) ctx.emit(ctx.literalWord('.'), 'write');
};
