// Per-run directories: code-server, chromium and the extension host write only here (and the artifacts
// dir), so a run leaves nothing in $HOME or /tmp and parallel runs do not share state.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RunDirs {
  root: string;
  userData: string;
  extensions: string;
  profile: string;
  configFile: string;
  /** XDG_* and TMPDIR for every process the launcher starts. */
  env: Record<string, string>;
}

// Keeps an offline workbench quiet and deterministic: no update/gallery/telemetry lookups, no
// walkthroughs or trust prompts in front of what a test or screenshot looks at.
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
  // With chat off, the secondary side bar would only be an empty panel in every screenshot.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** AIRLOCK_HOST_UNTRUSTED=1: workspace trust on and never granted (Restricted Mode), for trust tests. */
export function untrustedRun(): boolean {
  return process.env.AIRLOCK_HOST_UNTRUSTED === '1';
}

const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};

export function createRunDirs(extraSettings: Record<string, unknown> = {}): RunDirs {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-host-'));
  const sub = (name: string): string => {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  const userData = sub('user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...(untrustedRun() ? UNTRUSTED_SETTINGS : {}), ...extraSettings }, null, 2));
  const configFile = path.join(root, 'code-server.yaml');
  // --config keeps code-server from creating ~/.config/code-server/config.yaml on first start.
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  return {
    root,
    userData,
    extensions: sub('extensions'),
    profile: sub('chromium-profile'),
    configFile,
    env: {
      // The extension writes per-user files (the launcher in ~/.airlock): keep them in the run.
      HOME: sub('home'),
      XDG_CONFIG_HOME: sub('xdg-config'),
      XDG_DATA_HOME: sub('xdg-data'),
      XDG_CACHE_HOME: sub('xdg-cache'),
      TMPDIR: sub('tmp'),
    },
  };
}

export function removeRunDirs(dirs: RunDirs): void {
  fs.rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3 });
}
