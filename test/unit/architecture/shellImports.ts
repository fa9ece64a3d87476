// How many core modules each shell reaches into: a thin shell calls a few feature entry points, not
// the parts. The small words (`core/util`, `core/words`) do not count. Run it to see the list:
//   npx tsx test/unit/architecture/shellImports.ts
import { importGraph } from './importGraph';

export type Shell = 'cli' | 'extension';

/** The hook's own fast path (kept lean for start-up time): counted apart from the rest of the CLI. */
export const HOOK_PATH = /^src\/cli\/(hook[^/]*|commands\/hookCommand)\.ts$/;

/** Core module → the shell files that import it (in `graph`, the real one of src by default). */
export function shellImports(shell: Shell, include: (file: string) => boolean = () => true, graph: ReadonlyMap<string, readonly string[]> = importGraph()): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  for (const [file, targets] of graph) {
    if (!file.startsWith(`src/${shell}/`) || !include(file)) continue;
    for (const t of targets) {
      const m = /^src\/core\/(.+)\.ts$/.exec(t);
      if (!m || /^(util|words)\//.test(m[1])) continue;
      reached.set(m[1], [...(reached.get(m[1]) ?? []), file]);
    }
  }
  return reached;
}

function report(title: string, reached: Map<string, string[]>): void {
  console.log(`${title}: ${reached.size} core modules`);
  for (const [mod, files] of [...reached].sort()) console.log(`  ${mod}  <- ${[...new Set(files)].join(' ')}`);
}

if (require.main === module) {
  report('cli (without the hook path)', shellImports('cli', (f) => !HOOK_PATH.test(f)));
  report('cli hook path', shellImports('cli', (f) => HOOK_PATH.test(f)));
  report('cli (all)', shellImports('cli'));
  report('extension', shellImports('extension'));
}
