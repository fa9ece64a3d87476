// The telemetry schedule while the editor is open, in a real extension host: with a "telemetry"
// section in a trusted workspace's policy, the extension ships the audit records and a signed
// checkpoint to the policy's OTLP endpoint on its own (no hook, no `telemetry serve`).
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { appendAuditEvents } from '../../src/core/audit/auditAppend';
import { resolveAuditDir } from '../../src/core/audit/auditLocation';

interface TelemetryApi {
  policies: { engineFor(folder: vscode.WorkspaceFolder): { valid: boolean; telemetrySettings: unknown } | undefined };
  telemetry: { lastRun: Map<string, { ran: boolean; error: string | null }> };
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('telemetry schedule in the editor', function () {
  this.timeout(90_000);
  let api: TelemetryApi;
  let folder: vscode.WorkspaceFolder;
  let policyFile = '';
  let original = '';
  const received: { name: string; attrs: Record<string, unknown> }[] = [];
  const collector = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { resourceLogs?: { scopeLogs: { logRecords: { eventName?: string; attributes?: { key: string; value: { stringValue?: string } }[] }[] }[] }[] };
      for (const rl of body.resourceLogs ?? []) for (const sl of rl.scopeLogs) for (const r of sl.logRecords) received.push({ name: r.eventName ?? '', attrs: Object.fromEntries((r.attributes ?? []).map((a) => [a.key, a.value.stringValue])) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  before(async () => {
    const ext = vscode.extensions.getExtension('airlock-dev.airlock');
    assert.ok(ext);
    api = (await ext.activate()) as TelemetryApi;
    folder = (vscode.workspace.workspaceFolders ?? [])[0];
    assert.ok(folder, 'a workspace folder is open');
    assert.equal(vscode.workspace.isTrusted, true, 'the schedule runs in trusted workspaces only');
    policyFile = path.join(folder.uri.fsPath, '.airlock', 'policy.json');
    original = fs.readFileSync(policyFile, 'utf8');
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  });

  after(async () => {
    fs.writeFileSync(policyFile, original);
    collector.closeAllConnections();
    await new Promise<void>((r) => collector.close(() => r()));
  });

  it('ships a decision recorded while open, and a signed checkpoint, to the policy\'s endpoint', async () => {
    const session = `it-telemetry-${randomUUID()}`;
    appendAuditEvents(resolveAuditDir(folder.uri.fsPath).dir, [{ kind: 'decision', client: 'claude-code', session, tool: 'Read', paths: ['.env'], verdict: 'deny', class: 'secret' }]);
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/logs`;
    assert.ok(original.trimStart().startsWith('{'), 'the fixture policy is a JSON object');
    fs.writeFileSync(policyFile, original.replace('{', `{\n  "telemetry": { "otlpEndpoint": "${endpoint}", "intervalSeconds": 10 },`));
    await until('the policy with a telemetry section', () => api.policies.engineFor(folder)?.telemetrySettings);
    const mine = await until('the decision at the collector', () => received.find((e) => e.name === 'airlock.decision' && e.attrs['gen_ai.conversation.id'] === session));
    assert.equal(mine.attrs['airlock.verdict'], 'deny');
    await until('a signed checkpoint at the collector', () => received.some((e) => e.name === 'airlock.audit.checkpoint'));
    const last = await until('the run recorded', () => api.telemetry.lastRun.get(folder.uri.toString()));
    assert.equal(last.error, null);
  });
});
