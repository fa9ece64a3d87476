// Benchmarks `airlock sync` (plan + merge + write) for policies of growing size, against the
// naive alternative of rewriting the shared JSON files with JSON.stringify (which would drop
// comments and hand-written formatting). Not a test: it prints figures and never fails on timing.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyNativePlan } from '../../src/core/native/applyNativePlan';
import { hookCommandFor } from '../../src/core/native/hookCommand';
import type { NativePlan } from '../../src/core/native/nativeTypes';
import { planNativeFiles } from '../../src/core/native/planNativeFiles';
import type { DataClass, PolicyDocument, PolicyRule } from '../../src/core/policy/policyTypes';

const NOW = new Date('2026-06-01T12:00:00Z');
const loc = { source: '.airlock/policy.json', line: 1, column: 1 };

function cls(name: string, read: DataClass['read'], edit: DataClass['edit']): [string, DataClass] {
  return [name, { name, read, edit, risk: 'low', reviewRequired: false, location: loc }];
}

function policy(patterns: number): PolicyDocument {
  const rules: PolicyRule[] = [];
  for (let i = 0; i < patterns; i++) {
    const text = i % 3 === 0 ? `/team${i}/secrets/` : i % 3 === 1 ? `*.key${i}` : `/svc${i}/public/`;
    rules.push({ index: i, patterns: [{ text, location: loc }], className: i % 3 === 2 ? 'public' : i % 2 ? 'secret' : 'restricted', location: loc });
  }
  return {
    source: '.airlock/policy.json', version: 1, ai: 'on', mode: 'enforce',
    classes: new Map([cls('secret', 'deny', 'deny'), cls('restricted', 'ask', 'deny'), cls('public', 'allow', 'allow')]),
    defaultClass: 'public', rules, exceptions: [], outside: 'deny', shell: 'ask', secrets: 'deny',
  };
}

function time(fn: () => void, minMs = 300): number {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    fn();
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  } while (elapsed < minMs);
  return elapsed / n;
}

/** The naive alternative: parse, overwrite Airlock's keys, stringify (comments lost). */
function rewriteWithStringify(root: string, plan: NativePlan): void {
  for (const f of plan.files) {
    if (f.spec.kind !== 'json-managed') continue;
    const abs = path.join(root, f.path);
    const doc = fs.existsSync(abs) ? (JSON.parse(fs.readFileSync(abs, 'utf8')) as Record<string, unknown>) : {};
    for (const e of f.spec.edits) {
      let o = doc;
      for (const k of e.path.slice(0, -1)) o = (o[k as string] ??= {}) as Record<string, unknown>;
      const last = e.path[e.path.length - 1] as string;
      o[last] = e.kind === 'set' ? e.value : e.kind === 'array-members' ? [...e.values] : e.kind === 'object-entries' ? { ...e.entries } : [e.group];
    }
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, JSON.stringify(doc, null, 2));
  }
}

export async function runNativeBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  for (const n of [10, 100, 1000]) {
    const doc = policy(n);
    const hook = hookCommandFor('npx');
    const planMs = time(() => planNativeFiles(doc, { root: '/ws', hookCommand: hook, now: NOW }));
    const plan = planNativeFiles(doc, { root: '/ws', hookCommand: hook, now: NOW });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-native-bench-'));
    const naiveRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-native-bench-naive-'));
    try {
      fs.mkdirSync(path.join(root, '.claude'));
      fs.writeFileSync(path.join(root, '.claude/settings.json'), '{\n  // team\n  "permissions": { "deny": ["Bash(rm -rf *)"] }\n}\n');
      const firstMs = time(() => {
        fs.rmSync(path.join(root, '.airlock'), { recursive: true, force: true });
        fs.writeFileSync(path.join(root, '.claude/settings.json'), '{\n  // team\n  "permissions": { "deny": ["Bash(rm -rf *)"] }\n}\n');
        applyNativePlan(plan, root, { check: false });
      }, 200);
      const checkMs = time(() => applyNativePlan(plan, root, { check: true }));
      const naiveMs = time(() => rewriteWithStringify(naiveRoot, plan));
      figures[`plan_${n}_ms`] = planMs;
      figures[`first_sync_${n}_ms`] = firstMs;
      figures[`check_${n}_ms`] = checkMs;
      figures[`naive_json_rewrite_${n}_ms`] = naiveMs;
      console.log(
        `native: ${n} patterns: plan ${planMs.toFixed(2)} ms, first sync ${firstMs.toFixed(1)} ms, check (in sync) ${checkMs.toFixed(1)} ms; ` +
          `naive JSON.stringify rewrite of the shared files (loses comments) ${naiveMs.toFixed(2)} ms: first sync ${(firstMs / naiveMs).toFixed(1)}x, in-sync check ${(checkMs / naiveMs).toFixed(2)}x of it`,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(naiveRoot, { recursive: true, force: true });
    }
  }
  return figures;
}

if (require.main === module) {
  void runNativeBench();
}
