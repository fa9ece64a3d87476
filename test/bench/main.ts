// `npm run bench`: every benchmark, each printing its figures with ratios against the
// alternatives measured in the same run, then ONE JSON line holding every figure by name so runs
// can be compared over time. Benchmarks never fail on timing.
import { runAuditBench } from './auditBench';
import { runCaptureBench } from './captureBench';
import { runGatewayBench } from './gatewayBench';
import { runHookBench } from './hookBench';
import { runHookStartupBench } from './hookStartupBench';
import { runLauncherBench } from './launcherBench';
import { runNativeBench } from './nativeBench';
import { runPolicyBench } from './policyBench';
import { runProvenanceBench } from './provenanceBench';
import { runProvenanceStoreBench } from './provenanceStoreBench';
import { runRiskBench } from './riskBench';
import { runSandboxBench } from './sandboxBench';
import { runSecretsBench } from './secretsBench';
import { runScaleBench } from './scaleBench';
import { runShellBench } from './shellBench';
import { runTelemetryBench } from './telemetryBench';

type Bench = [string, () => Promise<Record<string, number>>];

const BENCHES: Bench[] = [
  ['policy', runPolicyBench],
  ['hookStartup', runHookStartupBench],
  ['launcher', runLauncherBench],
  ['hook', runHookBench],
  ['shell', runShellBench],
  ['audit', runAuditBench],
  ['telemetry', runTelemetryBench],
  ['native', runNativeBench],
  ['provenance', runProvenanceBench],
  ['capture', runCaptureBench],
  ['provenanceStore', runProvenanceStoreBench],
  ['risk', runRiskBench],
  ['secrets', runSecretsBench],
  ['gateway', runGatewayBench],
  ['scale', runScaleBench],
  ['sandbox', runSandboxBench],
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const figures: Record<string, number | string> = { date: new Date().toISOString(), node: process.version };
  for (const [name, run] of BENCHES) {
    if (only.length && !only.includes(name)) continue;
    try {
      for (const [k, v] of Object.entries(await run())) figures[`${name}.${k}`] = v;
    } catch (err) {
      console.error(`bench ${name} failed: ${(err as Error).message}`);
      figures[`${name}.error`] = (err as Error).message;
    }
  }
  console.log(`\nAIRLOCK_BENCH ${JSON.stringify(figures)}`);
}

void main();
