// `airlock org doctor`: reads a machine's installed org rollout back and lists every difference
// from what `airlock org compile` produces for the same baseline, so an admin sees drift (a file
// missing, a plugin not force-enabled, a permission rule dropped) before a developer does.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { OrgFile } from './orgFile';
import { isMachinePath, orgOutPath } from './orgPlatforms';
import { errorMessage } from '../util/errorMessage';

export interface OrgDifference {
  readonly path: string;
  readonly message: string;
}

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function compareJson(path: string, prefix: string, expected: Record<string, unknown>, actual: unknown, out: OrgDifference[]): void {
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
    out.push({ path, message: `${prefix || 'the file'} is not a JSON object` });
    return;
  }
  const found = actual as Record<string, unknown>;
  for (const [key, want] of Object.entries(expected)) {
    const name = `"${prefix}${key}"`;
    const have = found[key];
    const wantInString = jsonObjectIn(want);
    if (have === undefined) out.push({ path, message: `${name} is missing (expected ${JSON.stringify(want)})` });
    // `true` locks every Copilot customization surface: at least as strict as the list Airlock asks for.
    else if (key === 'strictPluginOnlyCustomization' && have === true) continue;
    else if (wantInString) compareJsonString(path, name, `${prefix}${key}.`, wantInString, have, out);
    else if (Array.isArray(want) && Array.isArray(have)) {
      const missing = want.filter((w) => !have.some((h) => isDeepStrictEqual(h, w)));
      if (missing.length) out.push({ path, message: `${name} lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}` });
    } else if (typeof want === 'object' && want !== null && !Array.isArray(want)) {
      compareJson(path, `${prefix}${key}.`, want as Record<string, unknown>, have, out);
    } else if (!isDeepStrictEqual(want, have)) {
      out.push({ path, message: `${name} is ${JSON.stringify(have)}, expected ${JSON.stringify(want)}` });
    }
  }
}

/** The object a JSON string holds, or null. */
function jsonObjectIn(v: unknown): Record<string, unknown> | null {
  if (typeof v !== 'string' || !v.startsWith('{')) return null;
  try {
    const parsed: unknown = JSON.parse(v);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** An object held as a JSON string (VS Code policy values): compared by value, so an admin may enable other plugins too. */
function compareJsonString(path: string, name: string, prefix: string, expected: Record<string, unknown>, have: unknown, out: OrgDifference[]): void {
  const parsed = jsonObjectIn(have);
  if (parsed === null) out.push({ path, message: `${name} is ${JSON.stringify(have)}, expected a JSON string holding ${JSON.stringify(expected)}` });
  else compareJson(path, prefix, expected, parsed, out);
}

/**
 * Who may change the file: anyone but root (or an AI tool running as that user) could change
 * what Airlock enforces. Owners are checked on this machine only (a copy under --system-root
 * belongs to whoever made it); Windows ACLs are not read.
 */
function accessProblems(file: string, f: OrgFile, thisMachine: boolean, platform: NodeJS.Platform): string[] {
  let st;
  try {
    st = lstatSync(file);
  } catch {
    return [];
  }
  if (st.isSymbolicLink()) return f.symlinkIgnoredBy ? [`is a symbolic link, which ${f.symlinkIgnoredBy} ignores: install the file itself`] : [];
  if (platform === 'win32') return [];
  const out: string[] = [];
  if (st.mode & 0o022) out.push(`is writable by ${st.mode & 0o002 ? 'everyone' : 'its group'} (mode ${(st.mode & 0o777).toString(8)}): only root may change what Airlock enforces`);
  if (thisMachine && st.uid !== 0) out.push(`is owned by uid ${st.uid}, not root: its owner (or an AI tool running as them) could change what Airlock enforces`);
  return out;
}

/**
 * Compares the machine files among `expected` with this machine's (`systemRoot` null), or with a
 * copy of a machine's files below `systemRoot` laid out as `org compile --out` writes them. JSON
 * files are compared by value: extra keys an admin added are fine, a missing or changed Airlock
 * key is a difference; the baseline and other files must match byte for byte. Files a user could
 * change, and symbolic links a client ignores, are differences too.
 */
export function orgDoctor(expected: readonly OrgFile[], systemRoot: string | null, platform: NodeJS.Platform = process.platform): OrgDifference[] {
  const out: OrgDifference[] = [];
  for (const f of expected) {
    if (!isMachinePath(f.path)) continue;
    const file = systemRoot === null ? f.path : join(systemRoot, orgOutPath(f.path));
    const text = read(file);
    if (text === null) {
      out.push({ path: f.path, message: 'is missing' });
      continue;
    }
    for (const message of accessProblems(file, f, systemRoot === null, platform)) out.push({ path: f.path, message });
    if (f.path.endsWith('.json') && !/[\\/]baseline\.json$/.test(f.path)) {
      let actual: unknown;
      try {
        actual = JSON.parse(text);
      } catch (e) {
        out.push({ path: f.path, message: `is not valid JSON (${errorMessage(e)})` });
        continue;
      }
      compareJson(f.path, '', JSON.parse(f.content) as Record<string, unknown>, actual, out);
    } else if (text !== f.content) {
      out.push({ path: f.path, message: 'differs from the compiled baseline' });
    }
  }
  return out;
}
