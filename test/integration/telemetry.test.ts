// The telemetry schedule while the editor is open, in a real extension host: with a "telemetry"
// section in a trusted workspace's policy, the extension ships the audit records and a signed
// checkpoint to the policy's OTLP endpoint on its own (no hook, no `telemetry serve`).
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { appendAuditEvents } from '../../src/core/audit/auditAppend';
import { resolveAuditDir } from '../../src/core/audit/auditLocation';
import { OtlpCollector } from '../helpers/otlpCollector';
import { until } from '../helpers/waitUntil';

interface TelemetryApi {
  policies: { engineFor(folder: vscode.WorkspaceFolder): { valid: boolean; telemetrySettings: unknown } | undefined };
  telemetry: { lastRun: Map<string, { ran: boolean; error: string | null }> };
}

describe('telemetry schedule in the editor', function () {
  this.timeout(90_000);
  let api: TelemetryApi;
  let folder: vscode.WorkspaceFolder;
  let policyFile = '';
  let original = '';
  const collector = new OtlpCollector();
  let endpoint = '';

  before(async () => {
    const ext = vscode.extensions.getExtension('airlock-dev.airlock');
    assert.ok(ext);
    api = (await ext.activate()) as TelemetryApi;
    folder = (vscode.workspace.workspaceFolders ?? [])[0];
    assert.ok(folder, 'a workspace folder is open');
    assert.equal(vscode.workspace.isTrusted, true, 'the schedule runs in trusted workspaces only');
    policyFile = path.join(folder.uri.fsPath, '.airlock', 'policy.json');
    original = fs.readFileSync(policyFile, 'utf8');
    endpoint = await collector.listen();
  });

  after(async () => {
    fs.writeFileSync(policyFile, original);
    await collector.close();
  });

  it('ships a decision recorded while open, and a signed checkpoint, to the policy\'s endpoint', async () => {
    const session = `it-telemetry-${randomUUID()}`;
    appendAuditEvents(resolveAuditDir(folder.uri.fsPath).dir, [{ kind: 'decision', client: 'claude-code', session, tool: 'Read', paths: ['.env'], verdict: 'deny', class: 'secret' }]);
    assert.ok(original.trimStart().startsWith('{'), 'the fixture policy is a JSON object');
    fs.writeFileSync(policyFile, original.replace('{', `{\n  "telemetry": { "otlpEndpoint": "${endpoint}", "intervalSeconds": 10 },`));
    await until('the policy with a telemetry section', () => api.policies.engineFor(folder)?.telemetrySettings ?? undefined, 30_000);
    const mine = await until('the decision at the collector', () => collector.events().find((e) => e.name === 'airlock.decision' && e.attrs['gen_ai.conversation.id'] === session), 30_000);
    assert.equal(mine.attrs['airlock.verdict'], 'deny');
    await until('a signed checkpoint at the collector', () => collector.events().some((e) => e.name === 'airlock.audit.checkpoint'), 30_000);
    const last = await until('the run recorded', () => api.telemetry.lastRun.get(folder.uri.toString()), 30_000);
    assert.equal(last.error, null);
  });
});
