// Which rule applies to which command name. Commands not listed are treated generously: every
// non-option argument is taken as a path that may be read.
import { gitRule } from './gitRule';
import { aliasRule, makeRule, manRule, awkRule, cdRule, commandStringRule, declareRule, remapRule, shoptRule, envRule, evalRule, interpreter, prefix, printfRule, readRule, sedRule, shellRule, sourceRule, trapRule, watchRule, xargsRule } from './interpreterRules';
import { type OptionSpec, parseArgs } from './argParser';
import type { ResolvedWord } from './commandContext';
import { sqliteTouchesFiles } from './scriptLanguages';
import { searchSpecFor } from './searchSpecs';
import { emitAll, fileCommand, noFiles, unknownCommand, type Rule } from './ruleHelpers';
import { ackRule, agRule, fdRule, findRule, grepRule, listRule, rgRule } from './searchRules';
import { duRule, lsRule, metadataSpecFor, statRule } from './metadataRules';
import { compressRule, copyRule, cpioRule, curlRule, ddRule, dockerRule, inputOutput, jqRule, linkRule, moveRule, opensslRule, remoteCopyRule, sevenZipRule, splitRule, tarRule, unzipRule, wgetRule, yqRule, zipRule } from './transferRules';

const table = new Map<string, Rule>();

function define(names: string, rule: Rule): void {
  for (const n of names.split(/\s+/)) if (n !== '') table.set(n, rule);
}

// Readers: every operand is read.
define('cat tac nl more less most bat batcat view rev fold fmt expand unexpand column pr paste look tsort strings base32 base64 basenc md5sum sha1sum sha224sum sha256sum sha384sum sha512sum b2sum cksum sum shasum md5 file lsattr zless zmore zcat gzcat bzcat xzcat zstdcat lzcat bzless xzless', fileCommand({ short: 'wnbsmfa', long: ['wrap', 'separator', 'delimiters', 'width', 'tabs', 'output-separator', 'magic-file', 'files-from', 'language', 'theme', 'style', 'relative-to', 'relative-base', 'algorithm'], fileOptions: { '-f': 'read', '--files-from': 'read' } }));
define('head', fileCommand({ short: 'cn', long: ['bytes', 'lines'] }));
define('tail', fileCommand({ short: 'cns', long: ['bytes', 'lines', 'pid', 'sleep-interval', 'max-unchanged-stats'] }));
define('cut', fileCommand({ short: 'bcdf', long: ['bytes', 'characters', 'delimiter', 'fields', 'output-delimiter'] }));
define('wc', fileCommand({ long: ['files0-from'], fileOptions: { '--files0-from': 'read' } }));
define('od', fileCommand({ short: 'AjNStw', long: ['address-radix', 'skip-bytes', 'read-bytes', 'strings', 'format', 'width', 'endian'] }));
define('hexdump hd', fileCommand({ short: 'efns', fileOptions: { '-f': 'read' } }));
define('sort', fileCommand({ short: 'kotST', long: ['key', 'output', 'field-separator', 'buffer-size', 'temporary-directory', 'files0-from', 'compress-program', 'parallel', 'batch-size', 'random-source', 'sort'], fileOptions: { '-o': 'write', '--output': 'write', '--files0-from': 'read', '--random-source': 'read' } }));
define('diff diff3 sdiff colordiff cmp comm join', fileCommand({ short: 'CUFILSXxinatjo12eDW', long: ['label', 'unified', 'context', 'ignore-matching-lines', 'exclude', 'exclude-from', 'starting-file', 'horizon-lines', 'line-format', 'old-line-format', 'new-line-format', 'unchanged-line-format', 'width', 'tabsize', 'from-file', 'to-file', 'bytes', 'ignore-initial', 'output-delimiter', 'color', 'palette', 'output'], fileOptions: { '-X': 'read', '--exclude-from': 'read', '--from-file': 'read', '--to-file': 'read', '-o': 'write', '--output': 'write' }, recursive: ['-r', '--recursive'] }));
define('iconv', fileCommand({ short: 'fto', long: ['from-code', 'to-code', 'output'], fileOptions: { '-o': 'write', '--output': 'write' } }));
define('xxd', inputOutput('cglosn', ['cols', 'len', 'seek', 'offset', 'groupsize', 'name']));
define('uniq', inputOutput('fsw'));
define('split csplit', splitRule);
define('vi vim nvim nano emacs micro ed ex pico joe kak hx code subl gedit kate mate', (ctx) => {
  // Editors read the file and may write it back.
  const files = parseArgs(ctx.args, { short: 'cSuTwWsiU' }).operands.filter((w) => !w.text.startsWith('+'));
  emitAll(ctx, files, 'read', 'write');
});
define('open xdg-open gio', fileCommand({ short: 'a' }));
define('gpg gpg2', fileCommand({ short: 'oruk', long: ['output', 'recipient', 'local-user', 'homedir', 'passphrase-file', 'keyring', 'default-key', 'passphrase'], fileOptions: { '-o': 'write', '--output': 'write', '--passphrase-file': 'read' } }));
define('ssh', fileCommand({ access: 'none', short: 'bcDEeFIiJLlmOopQRSWwB', fileOptions: { '-i': 'read', '-F': 'read', '-E': 'write' } }));
define('ssh-keygen', fileCommand({ access: 'none', short: 'fbCtNnIVZaEGmMOPrsTwYzDFK', fileOptions: { '-f': 'read', '-s': 'read' } }));
// Name resolvers print a path, never content.
define('readlink realpath', fileCommand({ access: 'none', long: ['relative-to', 'relative-base'] }));
// locate matches its patterns against a database of names; `-d` names that database.
define('locate plocate mlocate', fileCommand({ access: 'none', short: 'dln', long: ['database', 'limit'], fileOptions: { '-d': 'read', '--database': 'read' } }));
define('man', manRule);
define('cpio', cpioRule);
define('make gmake', makeRule);
// Programs that run commands they are given (now, later or in another terminal) or debug any
// program: their command text is not followed.
define('gdb lldb expect tmux screen at batch crontab', (ctx) => ctx.uncertain(`${ctx.name} runs commands Airlock does not follow`));
define('sqlite3 sqlite', (ctx) => {
  // The database file is read and may be written; the SQL text is not a path, but its dot
  // commands and file functions open files and run commands (`.read .env`, `readfile()`).
  const valued = ['cmd', 'init', 'separator', 'newline', 'nullvalue', 'vfs', 'pagecache', 'lookaside', 'heap', 'mmap', 'maxsize'];
  const parsed = parseArgs(ctx.args, { short: '', long: valued, dashLong: valued, stopAtOperand: true });
  const [db, ...sql] = parsed.operands;
  if (db !== undefined) emitAll(ctx, [db], 'read', 'write');
  const texts = [...sql, ...parsed.options.filter((o) => /^--?cmd$/.test(o.name)).flatMap((o) => (o.value === null ? [] : [o.value]))];
  if (parsed.options.some((o) => /^--?init$/.test(o.name))) ctx.uncertain('sqlite3 -init runs the SQL and dot commands of a file');
  if (texts.some((w) => w.unknown.length > 0 || sqliteTouchesFiles(w.text))) ctx.uncertain('sqlite3 is given dot commands or SQL functions that open files or run commands');
  const input = ctx.stdin;
  if (sql.length === 0 && (input.kind === 'file' || input.kind === 'pipe' || (input.kind === 'text' && (input.text === null || sqliteTouchesFiles(input.text))))) ctx.uncertain('sqlite3 runs SQL and dot commands from its input, which can open files and run commands');
});

// Writers.
define('tee', fileCommand({ access: 'write', long: ['output-error'] }));
// A reference file gives only its times, mode, owner or size.
define('touch', fileCommand({ access: 'write', short: 'drt', long: ['date', 'reference', 'time'], fileOptions: { '-r': 'metadata', '--reference': 'metadata' } }));
define('rm rmdir unlink shred mkdir mkfifo mknod', fileCommand({ access: 'write', short: 'nsmZ', long: ['iterations', 'size', 'mode', 'context', 'random-source'] }));
define('truncate', fileCommand({ access: 'write', short: 'sr', long: ['size', 'reference'], fileOptions: { '-r': 'metadata', '--reference': 'metadata' } }));
define('chmod chown chgrp', (ctx) => {
  const hasReference = ctx.args.some((w) => w.text.startsWith('--reference'));
  fileCommand({ access: 'write', long: ['reference', 'from'], fileOptions: { '--reference': 'metadata' }, skip: hasReference ? 0 : 1 })(ctx);
});
define('sudoedit', fileCommand({ access: 'write', short: 'ugCDhpT' }));

define('cp install', copyRule);
define('mv', moveRule);
define('ln link', linkRule);
define('dd', ddRule);
define('scp rsync', remoteCopyRule);
define('tar bsdtar gtar', tarRule);
define('zip', zipRule);
define('unzip', unzipRule);
define('gzip gunzip bzip2 bunzip2 xz unxz lzma unlzma zstd unzstd lz4 unlz4 compress uncompress brotli pigz unpigz', compressRule);
define('7z 7za 7zr', sevenZipRule);
define('curl', curlRule);
define('wget', wgetRule);
define('docker podman nerdctl', dockerRule);
define('openssl', opensslRule);
define('git', gitRule);
define('jq gojq jaq', jqRule);
define('yq', yqRule);

// Search and listing.
define('grep egrep fgrep zgrep zegrep zfgrep rgrep ggrep pcregrep pcre2grep ugrep', grepRule);
define('rg ripgrep', rgRule);
define('ag pt sift ug', agRule);
define('ack ack-grep', ackRule);
define('find gfind bfs', findRule);
define('fd fdfind', fdRule);
define('tree exa eza lsd', listRule);
// Metadata: what `stat` tells, never content (a folder `ls` or `du` prints entries of is listed).
define('ls dir vdir', lsRule);
define('stat', statRule);
define('du', duRule);

// Code runners.
define('bash sh zsh dash ksh mksh ash yash fish busybox', shellRule);
define('eval', evalRule);
define('source .', sourceRule);
define('python python2 python3 pypy pypy3 python3.8 python3.9 python3.10 python3.11 python3.12 python3.13 python3.14', interpreter({ code: ['-c'], module: ['-m'], value: ['-W', '-X', '-Q'] }));
define('node nodejs tsx ts-node', interpreter({ code: ['-e', '--eval', '-p', '--print'], value: ['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--input-type', '--title'], fileValue: ['--env-file', '--env-file-if-exists'] }));
define('deno bun', interpreter({ code: ['-e', '--eval', '-p', '--print'], value: ['--import-map', '--config', '-c', '--allow-read', '--allow-write', '--allow-net', '--allow-env', '--allow-run', '-A'], fileValue: ['--env-file'], subcommands: true }));
define('perl', interpreter({ code: ['-e', '-E'], value: ['-I', '-M', '-m', '-x'], attached: ['-i', '-0', '-l', '-F', '-C', '-d', '-D', '-V'] }));
define('ruby', interpreter({ code: ['-e'], value: ['-r', '-I', '-C', '-E', '-F', '-x'], attached: ['-i', '-0', '-W', '-K', '-T'] }));
define('php', interpreter({ code: ['-r', '-B', '-R', '-E'], value: ['-d', '-z'], fileValue: ['-c', '-F'] }));
define('lua luajit', interpreter({ code: ['-e'], value: ['-l'] }));
define('Rscript R julia', interpreter({ code: ['-e', '--eval', '-E', '--print'], value: ['--default-packages'] }));
define('osascript', interpreter({ code: ['-e'], value: ['-l', '-s'] }));
define('pwsh powershell powershell.exe', interpreter({ code: ['-c', '-Command', '-command', '-EncodedCommand', '-e', '-ec'], fileValue: ['-File', '-f', '-file'], value: ['-ExecutionPolicy', '-ep', '-WorkingDirectory', '-wd'] }));
define('sed gsed', sedRule);
define('awk gawk mawk nawk busybox-awk', awkRule);
define('xargs', xargsRule);
define('watch', watchRule);
define('trap', trapRule);
define('shopt', shoptRule);
define('su runuser script', commandStringRule);
define('unshare nsenter chroot bwrap firejail proot fakechroot fakeroot systemd-run setpriv capsh', remapRule);
define('alias', aliasRule);

// Prefixes: run the rest of the line as a command.
define('nohup builtin setsid unbuffer caffeinate chronic coproc', prefix({ short: 'w' }));
define('command', prefix({ noRun: ['-v', '-V'] }));
define('exec', prefix({ short: 'a' }));
define('time', prefix({ short: 'fo', long: ['format', 'output'], fileOptions: { '-o': 'write', '--output': 'write' } }));
define('nice', prefix({ short: 'n', long: ['adjustment'] }));
define('ionice', prefix({ short: 'cnpt', long: ['class', 'classdata', 'pid'] }));
define('stdbuf', prefix({ short: 'ioe', long: ['input', 'output', 'error'] }));
define('timeout', prefix({ short: 'sk', long: ['signal', 'kill-after'], skip: 1 }));
define('taskset chrt', prefix({ skip: 1, short: 'c', long: ['cpu-list'] }));
define('flock', prefix({ short: 'wEc', long: ['timeout', 'conflict-exit-code', 'command'], skip: 1 }));
define('sudo', prefix({ short: 'ugCDhpTrtU', long: ['user', 'group', 'close-from', 'chdir', 'host', 'prompt', 'role', 'type', 'command-timeout', 'other-user'], chdir: ['-D', '--chdir'], assignments: true, noRun: ['-l', '--list', '-v', '--validate', '-k', '-K'] }));
define('doas', prefix({ short: 'uC', fileOptions: { '-C': 'read' } }));
define('strace ltrace', prefix({ short: 'oepsuEaIXPb', long: ['output', 'expr', 'attach', 'user', 'env', 'string-limit', 'trace-path'], fileOptions: { '-o': 'write', '--output': 'write' } }));
define('npx bunx pnpx', prefix({ short: 'p', long: ['package', 'call', 'cache', 'registry'] }));
define('env', envRule);

// Builtins and commands without file operands.
define('cd pushd popd', cdRule);
// An unset variable expands to nothing; treating it as unknown is the cautious reading.
define('unset', (ctx) => ctx.assignUnknown(ctx.args.map((w) => w.text)));
define('read mapfile readarray', readRule);
define('printf', printfRule);
define('export local declare typeset readonly', declareRule);
define('echo true false : exit return shift sleep kill killall pkill date whoami pwd which type hash uname id hostname clear wait jobs bg fg disown set test [ let getopts ulimit umask seq yes basename dirname expr printenv tput stty ps uptime nproc free df arch logname tty groups break continue help history true false sync usleep pgrep locale dircolors tabs reset mesg bind complete compgen enable ulimit times suspend logout dirs', noFiles);

/** The rule for a command name (basename); unknown commands get the generous default. */
export function ruleFor(name: string): Rule {
  return table.get(name) ?? table.get(name.replace(/\.exe$/i, '')) ?? unknownCommand;
}

/**
 * The option spec that reads a command's words letter by letter, where Airlock knows every letter
 * of its short options (the search and listing tools, `git grep`): the mention pass then takes a
 * bundle such as `-rn` as flags, not as a file name. Undefined: read generously.
 */
export function optionSpecFor(name: string, args: readonly ResolvedWord[]): OptionSpec | undefined {
  const sub = name === 'git' ? parseArgs(args, { short: 'Cc', long: ['git-dir', 'work-tree', 'namespace', 'super-prefix', 'config-env', 'exec-path', 'list-cmds', 'attr-source'], stopAtOperand: true }).operands[0]?.text : undefined;
  return searchSpecFor(name, sub) ?? metadataSpecFor(name);
}
