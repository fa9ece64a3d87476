// Command-line options of the offline host launcher (run.sh passes --repo and --cache itself).
import * as path from 'node:path';

export type HostMode = 'test' | 'serve' | 'screenshot';

export interface HostOptions {
  mode: HostMode;
  repo: string;
  cache: string;
  workspace: string;
  extensionPath: string;
  /** extensionTestsPath, without `.js`, as test-electron takes it. */
  testsPath: string;
  artifacts: string;
  timeoutSeconds: number;
  verbose: boolean;
  enableExtensions: boolean;
  port: number | undefined;
  screenshotPath: string | undefined;
  commands: string[];
  /** Files to open in editors before the commands run (screenshot mode). */
  openFiles: string[];
  waitMs: number;
  viewport: { width: number; height: number };
}

export const USAGE = `Usage: bash test/offline-host/run.sh [options]
Runs the integration suite (out/test/integration/index.js) in a real VS Code extension host
(code-server + headless chromium), offline. Exit code: the extension host's (0 = all passed,
1 = failures), 2 = usage error, 3 = the host could not be set up or started, 124 = timed out.

  --workspace DIR        folder to open (default test/fixtures/host-workspace)
  --timeout SECONDS      overall limit (default 300 for tests, 180 for screenshots)
  --verbose              also print workbench log lines that are normally filtered
  --enable-extensions    do not disable installed extensions (built-ins always stay on)
  --tests PATH           extensionTestsPath module (default out/test/integration/index)
  --extension DIR        extensionDevelopmentPath (default the repository)
  --artifacts DIR        where logs and screenshots go (default artifacts/offline-host/<mode>)
  --no-build             skip building the extension and the tests first

  --serve [--port N]     start code-server with Airlock installed, open --workspace, print the URL,
                         and keep running until Ctrl-C
  --screenshot FILE.png  open --workspace with Airlock loaded, open each --open FILE (relative to
                         the workspace) in an editor, run each --command ID in turn,
                         wait --wait MS (default 1500), save a PNG of the workbench
  --size WIDTHxHEIGHT    browser viewport for --screenshot (default 1400x900)
`;

export class UsageError extends Error {}

export function parseHostOptions(argv: readonly string[], cwd: string): HostOptions {
  let repo: string | undefined;
  let cache: string | undefined;
  let workspace: string | undefined;
  let extensionPath: string | undefined;
  let testsPath: string | undefined;
  let artifacts: string | undefined;
  let timeoutSeconds: number | undefined;
  let verbose = false;
  let enableExtensions = false;
  let serve = false;
  let port: number | undefined;
  let screenshotPath: string | undefined;
  const commands: string[] = [];
  const openFiles: string[] = [];
  let waitMs = 1500;
  let viewport = { width: 1400, height: 900 };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const positiveInt = (): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${arg} needs a positive integer, got "${raw}"`);
      return n;
    };
    switch (arg) {
      case '--repo': repo = path.resolve(cwd, value()); break;
      case '--cache': cache = path.resolve(cwd, value()); break;
      case '--workspace': workspace = path.resolve(cwd, value()); break;
      case '--extension': extensionPath = path.resolve(cwd, value()); break;
      case '--tests': testsPath = path.resolve(cwd, value()).replace(/\.js$/, ''); break;
      case '--artifacts': artifacts = path.resolve(cwd, value()); break;
      case '--timeout': timeoutSeconds = positiveInt(); break;
      case '--verbose': verbose = true; break;
      case '--enable-extensions': enableExtensions = true; break;
      case '--serve': serve = true; break;
      case '--port': port = positiveInt(); break;
      case '--screenshot': screenshotPath = path.resolve(cwd, value()); break;
      case '--command': commands.push(value()); break;
      case '--open': openFiles.push(value()); break;
      case '--wait': waitMs = positiveInt(); break;
      case '--size': {
        const m = /^(\d+)x(\d+)$/.exec(value());
        if (!m) throw new UsageError('--size needs WIDTHxHEIGHT, e.g. 1400x900');
        viewport = { width: Number(m[1]), height: Number(m[2]) };
        break;
      }
      default:
        throw new UsageError(`unknown option: ${arg}`);
    }
  }
  if (!repo || !cache) throw new UsageError('--repo and --cache are required (run.sh passes them)');
  if (serve && screenshotPath) throw new UsageError('--serve and --screenshot cannot be combined');
  if (port !== undefined && !serve) throw new UsageError('--port only applies to --serve');
  if ((commands.length > 0 || openFiles.length > 0) && !screenshotPath) {
    throw new UsageError('--command and --open only apply to --screenshot');
  }
  const resolvedWorkspace = workspace ?? path.join(repo, 'test', 'fixtures', 'host-workspace');
  const mode: HostMode = serve ? 'serve' : screenshotPath ? 'screenshot' : 'test';

  return {
    mode,
    repo,
    cache,
    workspace: resolvedWorkspace,
    extensionPath: extensionPath ?? repo,
    testsPath:
      testsPath ??
      (mode === 'screenshot'
        ? path.join(repo, 'out', 'offline-host', 'screenshotDriver')
        : path.join(repo, 'out', 'test', 'integration', 'index')),
    artifacts: artifacts ?? path.join(repo, 'artifacts', 'offline-host', mode),
    timeoutSeconds: timeoutSeconds ?? (mode === 'screenshot' ? 180 : 300),
    verbose,
    enableExtensions,
    port,
    screenshotPath,
    commands,
    openFiles: openFiles.map((f) => path.resolve(resolvedWorkspace, f)),
    waitMs,
    viewport,
  };
}
