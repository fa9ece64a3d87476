// The inner walls hold: lint rejects an upward import between core folders (as it rejects `vscode`
// in core), and the real import graph of src has no upward edge and no cycle, dynamic imports too.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { importGraph, REPO } from './importGraph';

interface FloorConfig {
  readonly CORE_FLOORS: readonly (readonly string[])[];
  readonly POLICY_WORDS: readonly string[];
}

async function floorConfig(): Promise<FloorConfig> {
  return (await import(path.join(REPO, 'eslint.config.mjs'))) as FloorConfig;
}

async function importErrors(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO });
  const [result] = await eslint.lintText(source, { filePath: path.join(REPO, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('core floors', () => {
  it('lint rejects an upward import between core folders, static or type-only', async () => {
    assert.match((await importErrors('src/core/policy/probe.ts', "import { decide } from '../decide/decide';\nvoid decide;\n")).join('\n'), /floor/);
    assert.match((await importErrors('src/core/decide/probe.ts', "import type { HookEvent } from '../hook/hookEventTypes';\nexport type X = HookEvent;\n")).join('\n'), /floor/);
    assert.match((await importErrors('src/core/workspace/probe.ts', "export { loadPolicy } from '../policy/loadPolicy';\n")).join('\n'), /floor/);
    assert.match((await importErrors('src/core/paths/probe.ts', "import { writeAtomic } from '../../core/provenance/recordStore';\nvoid writeAtomic;\n")).join('\n'), /floor/);
  });

  it('lint still rejects vscode and the shells in every core folder', async () => {
    assert.match((await importErrors('src/core/decide/probe.ts', "import * as vscode from 'vscode';\nvoid vscode;\n")).join('\n'), /vscode/);
    assert.match((await importErrors('src/core/util/probe.ts', "import { run } from '../../cli/main';\nvoid run;\n")).join('\n'), /shells/);
  });

  it('lint accepts downward imports and the policy words from any floor', async () => {
    assert.deepEqual(await importErrors('src/core/hook/probe.ts', "import { decide } from '../decide/decide';\nvoid decide;\n"), []);
    assert.deepEqual(await importErrors('src/core/secrets/probe.ts', "import type { RiskLevel } from '../policy/policyTypes';\nexport type X = RiskLevel;\n"), []);
  });

  it('lint keeps the policy words on the ground floor', async () => {
    assert.match((await importErrors('src/core/policy/policyTypes.ts', "import type { PolicyEngine } from './policyEngine';\nexport type X = PolicyEngine;\n")).join('\n'), /ground floor/);
    assert.deepEqual(await importErrors('src/core/policy/policyTypes.ts', "import type { SourceLocation } from './policyRefs';\nexport type X = SourceLocation;\n"), []);
  });

  it('the real import graph of src has no upward edge between core folders', async () => {
    const { CORE_FLOORS, POLICY_WORDS } = await floorConfig();
    const floorOf = (file: string): number | null => {
      const m = /^src\/core\/([^/]+)\/([^/]+)\.ts$/.exec(file);
      if (!m) return null;
      if (m[1] === 'policy' && POLICY_WORDS.includes(m[2])) return 0;
      const floor = CORE_FLOORS.findIndex((f) => f.includes(m[1]));
      assert.notEqual(floor, -1, `src/core/${m[1]} has no floor in eslint.config.mjs`);
      return floor;
    };
    const upward: string[] = [];
    for (const [file, targets] of importGraph()) {
      const from = floorOf(file);
      if (from === null) continue;
      for (const t of targets) if ((floorOf(t) ?? -1) > from) upward.push(`${file} -> ${t}`);
    }
    assert.deepEqual(upward, []);
  });

  it('src has no import cycle', () => {
    const graph = importGraph();
    assert.ok(graph.size > 300, `read ${graph.size} files`);
    assert.deepEqual(cycles(graph), []);
  });
});
