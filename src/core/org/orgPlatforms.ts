// Where each client looks for machine-wide (managed) configuration on each platform, and where
// Airlock's own org files go. The client paths were read from the clients' own code: Claude Code
// 2.1.331 (its managed-settings folder per OS) and the Copilot CLI 1.0.102 Linux, macOS (arm64)
// and Windows (x64) builds. Only the Linux paths were exercised with the real clients
// (test/e2e/orgManaged.test.ts, test/e2e/orgCopilot.test.ts).

export type OrgPlatform = 'linux' | 'macos' | 'windows';

export const ORG_PLATFORMS: readonly OrgPlatform[] = ['linux', 'macos', 'windows'];

export interface OrgLayout {
  readonly platform: OrgPlatform;
  /** Claude Code's managed-settings folder (`managed-settings.json`, `managed-settings.d/`). */
  readonly claudeDir: string;
  /** The Copilot CLI's file-based managed settings (`managed-settings.json`). */
  readonly copilotSettings: string;
  /** The Copilot CLI's policy hook folder: every `*.json` in it is a hook file that runs first. */
  readonly copilotPolicyDir: string;
  /** Airlock's machine-wide folder: the baseline and the Claude Code plugin marketplace. */
  readonly airlockDir: string;
  /** Codex's managed config layer (it overrides the user's config.toml); null where none is known. */
  readonly codexManagedConfig: string | null;
  /** VS Code's policy file; null where policies come from MDM profiles or the registry (vscodePolicy.ts). */
  readonly vscodePolicy: string | null;
}

const LAYOUTS: Record<OrgPlatform, OrgLayout> = {
  linux: {
    platform: 'linux',
    claudeDir: '/etc/claude-code',
    copilotSettings: '/etc/github-copilot/managed-settings.json',
    copilotPolicyDir: '/etc/github-copilot/policy.d',
    airlockDir: '/etc/airlock',
    codexManagedConfig: '/etc/codex/managed_config.toml',
    vscodePolicy: '/etc/vscode/policy.json',
  },
  macos: {
    platform: 'macos',
    claudeDir: '/Library/Application Support/ClaudeCode',
    copilotSettings: '/Library/Application Support/GitHubCopilot/managed-settings.json',
    // The macOS build names the same folder as Linux (and no other policy hook folder).
    copilotPolicyDir: '/etc/github-copilot/policy.d',
    airlockDir: '/Library/Application Support/Airlock',
    // Codex reads the same Unix path on macOS (besides MDM preferences, which Airlock does not write).
    codexManagedConfig: '/etc/codex/managed_config.toml',
    vscodePolicy: null,
  },
  windows: {
    platform: 'windows',
    // Claude Code names this folder literally, whatever %ProgramFiles% is.
    claudeDir: 'C:\\Program Files\\ClaudeCode',
    // The Copilot CLI builds this from %ProgramFiles%; C:\Program Files on a default install.
    copilotSettings: 'C:\\Program Files\\GitHubCopilot\\managed-settings.json',
    copilotPolicyDir: 'C:\\ProgramData\\GitHub\\Copilot\\policy.d',
    airlockDir: 'C:\\ProgramData\\Airlock',
    // No managed config file of Codex on Windows is known: Airlock writes none there.
    codexManagedConfig: null,
    vscodePolicy: null,
  },
};

export function orgLayout(platform: OrgPlatform): OrgLayout {
  return LAYOUTS[platform];
}

/** The platform Airlock runs on, in the words `--platform` takes. */
export function hostOrgPlatform(platform: NodeJS.Platform = process.platform): OrgPlatform {
  return platform === 'darwin' ? 'macos' : platform === 'win32' ? 'windows' : 'linux';
}

/** Joins below a machine folder with the platform's separator. */
export function machinePath(layout: OrgLayout, dir: string, ...parts: string[]): string {
  return [dir, ...parts].join(layout.platform === 'windows' ? '\\' : '/');
}

/** A machine path (`/etc/...`, `C:\...`), as opposed to a relative snippet path. */
export function isMachinePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:\\/.test(p);
}

/**
 * Where a machine file goes below an output or system-root folder: the path without its root,
 * with `/` separators (`/etc/x` → `etc/x`, `C:\Program Files\x` → `C/Program Files/x`).
 */
export function orgOutPath(p: string): string {
  const drive = /^([A-Za-z]):\\/.exec(p);
  if (drive) return `${drive[1].toUpperCase()}/${p.slice(3).replace(/\\/g, '/')}`;
  return p.replace(/^\/+/, '');
}
