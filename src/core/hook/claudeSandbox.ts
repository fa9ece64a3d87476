// Whether Claude Code's own Bash sandbox will run this command. Claude's sandbox forbids new
// namespaces, so `airlock exec` (bubblewrap) cannot start inside it: where it is on, the hook
// relies on it (Airlock's sync turns it on and makes it mandatory) instead of rewriting.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isObject, type JsonObject } from './payloadFields';

function sandboxSettings(file: string): JsonObject | null {
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return isObject(doc) && isObject(doc['sandbox']) ? doc['sandbox'] : null;
  } catch {
    return null;
  }
}

/** Claude Code's settings files, highest precedence first. */
function settingsFiles(root: string, home: string | null, platform: NodeJS.Platform): string[] {
  const managed = platform === 'darwin' ? '/Library/Application Support/ClaudeCode/managed-settings.json' : '/etc/claude-code/managed-settings.json';
  const files = [managed, path.join(root, '.claude', 'settings.local.json'), path.join(root, '.claude', 'settings.json')];
  if (home) files.push(path.join(home, '.claude', 'settings.json'));
  return files;
}

function firstBoolean(layers: readonly JsonObject[], key: string): boolean | undefined {
  for (const l of layers) if (typeof l[key] === 'boolean') return l[key] as boolean;
  return undefined;
}

export function claudeSandboxActive(root: string, home: string | null, toolInput: unknown, platform: NodeJS.Platform = process.platform): boolean {
  const layers = settingsFiles(root, home, platform).map(sandboxSettings).filter((s): s is JsonObject => s !== null);
  if (firstBoolean(layers, 'enabled') !== true) return false;
  // The model may ask to run one command outside the sandbox unless the settings forbid it.
  const escape = isObject(toolInput) && toolInput['dangerouslyDisableSandbox'] === true;
  return !(escape && firstBoolean(layers, 'allowUnsandboxedCommands') !== false);
}
