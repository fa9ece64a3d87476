// What Codex's `/hooks` review writes when a developer trusts a project's hooks: one
// `[hooks.state."<hooks.json>:<event>:<group>:<handler>"]` entry per handler whose `trusted_hash`
// is the sha256 of the handler's normalized identity (sorted-key compact JSON). Codex runs an
// untrusted hook nowhere and says nothing, so the e2e test also checks the audit log for the
// hook's decisions: a wrong hash here fails that check rather than passing silently.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type HookGroup = { matcher?: string | null; hooks?: { type?: string; command?: string; timeout?: number }[] };

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortKeys(o[k])]));
  }
  return v;
}

const snakeCase = (event: string): string => event.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

/** The `config.toml` trust entries for every command hook in `<root>/.codex/hooks.json` (none if it is absent). */
export function codexHookTrustToml(root: string): string {
  const file = join(root, '.codex', 'hooks.json');
  if (!existsSync(file)) return '';
  const hooks = (JSON.parse(readFileSync(file, 'utf8')) as { hooks?: Record<string, HookGroup[]> }).hooks ?? {};
  const lines: string[] = [];
  for (const [event, groups] of Object.entries(hooks)) {
    groups.forEach((group, g) => {
      (group.hooks ?? []).forEach((h, i) => {
        if (h.type !== 'command' || typeof h.command !== 'string') return;
        const identity: Record<string, unknown> = {
          event_name: snakeCase(event),
          hooks: [{ type: 'command', command: h.command, timeout: h.timeout ?? 600, async: false }],
        };
        if (group.matcher !== undefined && group.matcher !== null) identity.matcher = group.matcher;
        const hash = createHash('sha256').update(JSON.stringify(sortKeys(identity))).digest('hex');
        lines.push(`[hooks.state.${JSON.stringify(`${file}:${snakeCase(event)}:${g}:${i}`)}]`, `trusted_hash = "sha256:${hash}"`);
      });
    });
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
