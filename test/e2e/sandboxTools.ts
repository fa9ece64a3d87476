// Claude Code's Bash sandbox needs system tools on Linux (bubblewrap and socat). `airlock sync`
// turns the sandbox on with failIfUnavailable, so without them the client refuses to start: say
// so up front instead of failing every case with the client's message.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The missing sandbox tools on this machine (Linux only; macOS ships its sandbox). */
export function missingSandboxTools(): string[] {
  if (process.platform !== 'linux') return [];
  return ['bwrap', 'socat'].filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

export function assertSandboxTools(): void {
  const missing = missingSandboxTools();
  if (missing.length > 0) {
    throw new Error(`Claude Code's sandbox needs ${missing.join(' and ')} on PATH; run \`bash test/e2e/installClaude.sh\` (installs bubblewrap and socat with apt-get) or install them yourself`);
  }
}

/**
 * A PATH of one folder that links every program on the current PATH except the sandbox tools:
 * the machine as a teammate without bubblewrap/socat would have it, without uninstalling anything.
 */
export function pathWithoutSandboxTools(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const hidden = new Set(['bwrap', 'socat']);
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (!folder || !existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      const link = join(dir, name);
      // The first folder on PATH wins, as in a shell lookup.
      if (hidden.has(name) || existsSync(link)) continue;
      symlinkSync(join(folder, name), link);
    }
  }
  return dir;
}
