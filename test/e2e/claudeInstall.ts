// Installs a pinned Claude Code from the npm registry into `.e2e-cache/` and returns its native
// executable. Runnable alone: `npx tsx test/e2e/claudeInstall.ts`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_CACHE, ensurePinned } from './pinnedInstall';

/** The pinned client version; the hook fixtures in test/fixtures/hook-events were captured from it. */
export const CLAUDE_CODE_VERSION = '2.1.331';

export interface ClaudeInstall {
  readonly version: string;
  /** Absolute path of the native `claude` executable. */
  readonly executable: string;
  /** True when this call ran `npm install`; false when the cache already held the version. */
  readonly installed: boolean;
}

/** Where the pinned client lives: `<project>/.e2e-cache/claude-code-<version>/`. */
export function claudeCacheDir(version: string = CLAUDE_CODE_VERSION): string {
  return join(E2E_CACHE, `claude-code-${version}`);
}

/**
 * The npm package that carries the native binary for this machine. The wrapper package's
 * postinstall only copies this binary over a stub, so the install skips scripts and the test
 * uses the platform package directly.
 */
export function platformPackage(): { name: string; binary: string } {
  const base = '@anthropic-ai/claude-code';
  const arch = process.arch;
  if (process.platform === 'linux') {
    // glibcVersionRuntime is absent from the process report on musl (Alpine).
    const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
    const musl = report.header?.glibcVersionRuntime === undefined;
    return { name: `${base}-linux-${arch}${musl ? '-musl' : ''}`, binary: 'claude' };
  }
  if (process.platform === 'darwin') return { name: `${base}-darwin-${arch}`, binary: 'claude' };
  if (process.platform === 'win32') return { name: `${base}-win32-${arch}`, binary: 'claude.exe' };
  throw new Error(`Claude Code ships no native binary for ${process.platform}-${arch}`);
}

/** The executable of a platform package inside an install folder, if it is there at `version`. */
export function platformBinaryIn(dir: string, pkg: { name: string; binary: string }, version: string): string | undefined {
  const pkgDir = join(dir, 'node_modules', ...pkg.name.split('/'));
  const manifest = join(pkgDir, 'package.json');
  const exe = join(pkgDir, pkg.binary);
  if (!existsSync(manifest) || !existsSync(exe)) return undefined;
  const found = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  if (found !== version || statSync(exe).size === 0) return undefined;
  return exe;
}

/** Installs the pinned Claude Code into the cache unless it is already there; returns its executable. */
export function ensureClaudeCode(version: string = CLAUDE_CODE_VERSION): ClaudeInstall {
  const pkg = platformPackage();
  const install = ensurePinned({
    cacheName: `claude-code-${version}`,
    spec: `@anthropic-ai/claude-code@${version}`,
    usable: (dir) => platformBinaryIn(dir, pkg, version) !== undefined,
    // The wrapper declares node >=22 for its JS fallback; we run the native binary, not that.
    npmFlags: ['--engine-strict=false'],
  });
  const executable = platformBinaryIn(install.dir, pkg, version);
  if (!executable) throw new Error(`Claude Code cache at ${install.dir} is unusable`);
  return { version, executable, installed: install.installed };
}

if (require.main === module) {
  const started = Date.now();
  const result = ensureClaudeCode();
  const version = execFileSync(result.executable, ['--version'], { env: { ...process.env, DISABLE_AUTOUPDATER: '1' } }).toString().trim();
  console.log(`${result.installed ? 'installed' : 'cached'} ${result.executable} (${version}) in ${Date.now() - started} ms`);
}
