// The shells stay thin: each reaches a bounded number of core modules (feature entry points and
// the words they print), so a new command calls a feature instead of assembling one from parts.
// Lower a ceiling when a cut lands; raising one needs a reason in review. History: 38 → 40 when
// the telemetry schedule and org platforms landed; then the telemetry, org and launcher command
// groups (CLI 40 → 26) and the risk, secret findings, model and tool services (extension 40 → 28)
// moved behind core entry points, and the ceilings came down to what they reach; CLI 26 → 25 when
// `exec`/`run` took the policy's secret confidence from the loaded policy (no policyTypes import);
// 25 → 26 when `secrets scan` became a gate that reads the policy's "secretsUnscanned" (its entry
// point `check/secretsScanGate`: loading the policy is above the secrets floor). Hook 30 → 31 when
// hooks inside `airlock run` read the secret verdicts `run` leaves read-only for them
// (`sandbox/runView`: the hook must find that folder and check its mount itself). CLI 26 → 27
// when `airlock run` started the scheduled telemetry flush through the entry it runs from
// (`hook/sandboxDecision`'s airlockEntry: the launcher has no cli.js beside its bundles); 27 → 28
// when `airlock run` began storing the provenance records hooks inside hand it
// (`provenance/recordRelay`: `.airlock/` is read-only inside, and the sandbox floor sits below
// provenance, so the shell wires the one into the other).
import * as assert from 'node:assert/strict';
import { importGraph } from './importGraph';
import { HOOK_PATH, shellImports } from './shellImports';

const CLI_CEILING = 28;
const HOOK_CEILING = 31;
const EXTENSION_CEILING = 28;

function within(label: string, reached: Map<string, string[]>, ceiling: number): void {
  assert.ok(reached.size > 0, `${label}: the count read no imports at all`);
  assert.ok(reached.size <= ceiling, `${label} reaches ${reached.size} core modules (ceiling ${ceiling}):\n  ${[...reached.keys()].sort().join('\n  ')}`);
}

describe('thin shells', () => {
  it('the CLI commands reach few core modules (the hook path is counted apart)', () => {
    within('cli without the hook path', shellImports('cli', (f) => !HOOK_PATH.test(f)), CLI_CEILING);
  });

  it("the hook's lean path does not grow", () => {
    within('cli hook path', shellImports('cli', (f) => HOOK_PATH.test(f)), HOOK_CEILING);
  });

  it('the extension reaches few core modules', () => {
    within('extension', shellImports('extension'), EXTENSION_CEILING);
  });

  it('counts what it claims: a shell file importing a core module is seen, util and words are not', () => {
    const cli = shellImports('cli');
    assert.ok(cli.get('check/checkWorkspace')?.includes('src/cli/commands/checkCommand.ts'));
    assert.ok(![...cli.keys()].some((m) => m.startsWith('util/') || m.startsWith('words/')));
  });

  it('fails when a shell file imports one more core module directly (the ceilings are what the shells reach)', () => {
    const real = importGraph();
    const withEdge = (file: string, target: string): Map<string, string[]> => new Map([...real].map(([f, t]) => [f, f === file ? [...t, target] : t]));
    const cases = [
      { label: 'cli', file: 'src/cli/commands/checkCommand.ts', target: 'src/core/decide/decide.ts', count: (g: Map<string, string[]>) => shellImports('cli', (f) => !HOOK_PATH.test(f), g), ceiling: CLI_CEILING },
      { label: 'hook', file: 'src/cli/commands/hookCommand.ts', target: 'src/core/risk/riskModel.ts', count: (g: Map<string, string[]>) => shellImports('cli', (f) => HOOK_PATH.test(f), g), ceiling: HOOK_CEILING },
      { label: 'extension', file: 'src/extension/statusBar.ts', target: 'src/core/decide/decide.ts', count: (g: Map<string, string[]>) => shellImports('extension', () => true, g), ceiling: EXTENSION_CEILING },
    ];
    for (const c of cases) {
      assert.ok(real.has(c.file), `${c.file} is gone: pick another shell file`);
      assert.ok(!c.count(real).has(c.target.replace(/^src\/core\/|\.ts$/g, '')), `${c.label} already reaches ${c.target}`);
      assert.equal(c.count(real).size, c.ceiling, `${c.label}: the ceiling is not what the shell reaches; lower it`);
      assert.throws(() => within(c.label, c.count(withEdge(c.file, c.target)), c.ceiling), /ceiling/);
    }
  });
});
