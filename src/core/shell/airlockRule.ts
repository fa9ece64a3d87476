// Airlock's own command run from an AI's shell: read-only subcommands pass, anything that changes
// Airlock's state (policy, native files, provenance reviews and labels, the audit log, the secrets
// baseline) is refused, whatever spelling starts it (`airlock`, `npx airlock`, `node dist/cli.js`,
// `npm exec airlock`, a launcher path). An AI must not sign off or relabel its own lines.
import type { CommandContext, ResolvedWord } from './commandContext';

/** Subcommand → sub-subcommands that only read (null: every form of it only reads). */
const READ_ONLY: Readonly<Record<string, ReadonlySet<string> | null>> = {
  check: null,
  explain: null,
  help: null,
  provenance: new Set(['summary', 'help', '--help', '-h']),
  audit: new Set(['verify', 'export', 'help', '--help', '-h']),
  secrets: new Set(['scan', 'help', '--help', '-h']),
  launcher: new Set(['verify', 'help', '--help', '-h']),
  org: new Set(['doctor', 'help', '--help', '-h']),
};

const AIRLOCK_SCRIPT = /(^|\/)airlock(\/|$)|(^|\/)dist\/(cli|hook|launcher)\.[cm]?js$/;

function isAirlockName(text: string): boolean {
  const base = text.slice(text.lastIndexOf('/') + 1).replace(/\.(cmd|exe|ps1|[cm]?js)$/i, '');
  return /^airlock(-launcher|-hook)?$/.test(base);
}

function known(w: ResolvedWord | undefined): string | null {
  return w !== undefined && w.unknown.length === 0 && w.values.length === 1 ? w.values[0].literal : null;
}

/**
 * The arguments Airlock would get when this command starts it, or null when it does not.
 * `name` is the command's basename, `args` the words after it.
 */
export function airlockCall(name: string, args: readonly ResolvedWord[]): readonly ResolvedWord[] | null {
  if (isAirlockName(name)) return args;
  if (/^(node|nodejs|bun|deno)$/.test(name)) {
    const i = args.findIndex((w) => !(known(w) ?? '-').startsWith('-'));
    const script = known(args[i]);
    return script !== null && (AIRLOCK_SCRIPT.test(script) || isAirlockName(script)) ? args.slice(i + 1) : null;
  }
  if (/^(npm|pnpm|yarn|bun)$/.test(name)) {
    // `npm exec airlock …`, `pnpm dlx airlock …`, `yarn airlock …`: the first plain word naming Airlock.
    const plain = args.map(known);
    for (let i = 0; i < Math.min(plain.length, 6); i++) {
      const t = plain[i];
      if (t !== null && isAirlockName(t)) return args.slice(i + 1);
      if (t !== null && !t.startsWith('-') && !/^(exec|x|dlx|run|--)$/.test(t)) return null;
    }
  }
  return null;
}

/** Judges one Airlock invocation by its subcommand. */
export function airlockRule(ctx: CommandContext, args: readonly ResolvedWord[]): void {
  const words = args.map(known);
  if (words.some((w) => w === null)) {
    ctx.deny('Airlock is started with computed arguments; an AI may run only its read-only commands (check, explain, provenance summary, audit verify)');
    return;
  }
  const plain = words.filter((w): w is string => w !== null && !w.startsWith('-'));
  const [sub, subSub] = plain;
  if (sub === undefined) return; // `airlock --help`, `airlock --version`
  if (sub === 'exec' || sub === 'run') {
    // Masked execution: the wrapped command is analyzed on its own.
    const dashDash = words.indexOf('--');
    ctx.runCommand(args.slice(dashDash >= 0 ? dashDash + 1 : words.indexOf(sub) + 1));
    return;
  }
  if (sub === 'sync' && words.includes('--check')) return;
  if (Object.prototype.hasOwnProperty.call(READ_ONLY, sub)) {
    const subs = READ_ONLY[sub];
    if (subs === null || subSub === undefined || subs.has(subSub)) return;
  }
  const what = subSub !== undefined && READ_ONLY[sub] !== undefined ? `${sub} ${subSub}` : sub;
  ctx.deny(`\`airlock ${what}\` changes Airlock's own state (policy, native controls, provenance reviews and labels, audit log or secrets baseline); only a person may run it, not an AI tool call`);
}
