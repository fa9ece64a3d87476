// `.vscode/settings.json`: the settings that narrow GitHub Copilot's reach in VS Code beyond hooks.
// - chat.tools.edits.autoApprove: glob -> false makes agent edits to protected files wait for approval;
// - github.copilot.enable: keyed by language id only, so it cannot switch completions off for some
//   paths; it is set to false for every language ("*") only when the default class is protected.
//   Earlier versions remapped protected files to an `airlock-protected` language id, which cost them
//   their highlighting and schema validation; `files.associations` is now emptied of those entries.
// VS Code globs are not gitignore patterns: every glob here is written to match at any depth, which
// is broader than an anchored policy pattern (stricter, never looser).
import { MANAGED_PATHS } from '../words/managedPaths';
import { type ClassifiedPolicy, isProtected, parsePattern, rootedGlob } from './nativePatterns';
import type { JsonManagedEdit, NativeWarning } from './nativeTypes';

export const VSCODE_SETTINGS_PATH = '.vscode/settings.json';

/** VS Code globs for what a gitignore pattern covers; null when the pattern uses gitignore escapes VS Code lacks. */
export function vscodeGlobs(p: { anchored: boolean; dirOnly: boolean; body: string }): string[] | null {
  if (p.body.includes('\\')) return null;
  // Braces group alternatives in VS Code globs but are literal in gitignore.
  const g = rootedGlob(p).replace(/[{}]/g, (c) => `[${c}]`);
  const any = g.startsWith('**/') || g === '**' ? g : `**/${g}`;
  if (any === '**' || any.endsWith('/**')) return [any];
  if (p.dirOnly) return [`${any}/**`];
  return [any, `${any}/**`];
}

export function planVscodeSettings(policy: ClassifiedPolicy): { edits: JsonManagedEdit[]; warnings: NativeWarning[] } {
  const warnings: NativeWarning[] = [];
  const autoApprove: Record<string, boolean> = {};
  const copilot: Record<string, boolean> = {};
  const skipped: string[] = [];

  if (!policy.monitor) {
    if (policy.aiOff) {
      autoApprove['**/*'] = false;
      copilot['*'] = false;
    } else {
      if (isProtected(policy.defaultEdit)) autoApprove['**/*'] = false;
      if (isProtected(policy.defaultRead) || isProtected(policy.defaultEdit)) copilot['*'] = false;
      for (const p of policy.patterns) {
        const globs = vscodeGlobs(p);
        const editProtected = isProtected(p.edit);
        const anyProtected = isProtected(p.read) || editProtected;
        if (!anyProtected) continue;
        if (!globs) {
          skipped.push(p.text);
          continue;
        }
        if (editProtected) for (const g of globs) autoApprove[g] = false;
      }
    }
    for (const m of MANAGED_PATHS) {
      const parsed = parsePattern(m);
      const globs = parsed && vscodeGlobs(parsed);
      if (globs) for (const g of globs) autoApprove[g] = false;
    }
  }
  for (const text of skipped) {
    warnings.push({ file: VSCODE_SETTINGS_PATH, message: `${text} uses a gitignore escape that VS Code globs cannot express; it is left out of ${VSCODE_SETTINGS_PATH} (the hooks still enforce it)`, pattern: text });
  }
  const carved = policy.patterns.filter((p) => !isProtected(p.read) && !isProtected(p.edit));
  if (!policy.monitor && carved.length > 0 && Object.values(autoApprove).some((v) => v === false)) {
    warnings.push({
      file: VSCODE_SETTINGS_PATH,
      message: `VS Code settings cannot carve paths out of a protected glob; any of ${carved.map((p) => p.text).join(', ')} that lies inside a protected pattern keeps the protected treatment there (approval before edits)`,
    });
  }
  return {
    edits: [
      { kind: 'object-entries', path: ['chat.tools.edits.autoApprove'], entries: autoApprove },
      // Empty: removes the language-id entries earlier versions wrote (the sync state knows them).
      { kind: 'object-entries', path: ['files.associations'], entries: {} },
      { kind: 'object-entries', path: ['github.copilot.enable'], entries: copilot },
    ],
    warnings,
  };
}
