// Composition root: the log channel first, then services by constructor injection, every
// disposable owned by the extension context.
import * as vscode from 'vscode';
import { registerExplainCommand } from './explainPath';
import { LauncherSetup } from './launcherSetup';
import { createModelsFeature, type ModelsFeature } from './models/modelsFeature';
import { PolicyDiagnostics } from './policyDiagnostics';
import { PolicyService } from './policyService';
import { createProvenanceFeature, type ProvenanceFeature } from './provenance/provenanceFeature';
import { createRiskFeature, type RiskFeature } from './risk/riskFeature';
import { SecretDetection } from './secrets/secretDetection';
import type { SecretFindingsService } from './secrets/secretFindingsService';
import { PolicyStatusBar } from './statusBar';
import { registerSyncCommand } from './syncCommand';
import { TelemetryScheduleFeature } from './telemetryScheduleFeature';

export interface AirlockApi {
  readonly policies: PolicyService;
  readonly diagnostics: PolicyDiagnostics;
  readonly statusBar: PolicyStatusBar;
  /** The risk model service, the sidebar views and the Explorer decorations. */
  readonly risk: RiskFeature;
  /** Current secret findings per file (masked), with a change event: for the risk view and tests. */
  readonly secrets: SecretFindingsService;
  /** AI-edit provenance in the editor: tracked ranges per document and the marks shown. */
  readonly provenance: ProvenanceFeature;
  /** The per-user launcher the hooks run (installed in trusted workspaces only). */
  readonly launcher: LauncherSetup;
  /** The governed model path: Airlock models, the @airlock participant, Airlock's tools. */
  readonly models: ModelsFeature;
  /** The telemetry flush + checkpoint schedule (trusted workspaces with a "telemetry" policy section). */
  readonly telemetry: TelemetryScheduleFeature;
  /** Milliseconds spent in the synchronous part of activate(). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): AirlockApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Airlock', { log: true });
  context.subscriptions.push(log);
  const policies = new PolicyService(log);
  const risk = createRiskFeature(policies, log);
  context.subscriptions.push(risk);
  const diagnostics = new PolicyDiagnostics(policies, risk.semantic);
  const statusBar = new PolicyStatusBar(policies, risk.service);
  context.subscriptions.push(policies, diagnostics, statusBar, registerExplainCommand(policies, log));
  const secretDetection = new SecretDetection(log);
  context.subscriptions.push(secretDetection, risk.service.useSecretFindings(secretDetection.findings));
  const provenance = createProvenanceFeature(log);
  context.subscriptions.push(provenance, provenance.documents.onDidChange((uri) => risk.service.annotationsChanged(uri)));
  const launcher = new LauncherSetup(context, log);
  context.subscriptions.push(launcher, registerSyncCommand(context.extensionPath, log));
  const models = createModelsFeature(context, policies, log);
  context.subscriptions.push(models);
  const telemetry = new TelemetryScheduleFeature(policies, log, String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0'));
  context.subscriptions.push(telemetry);
  const activationMs = performance.now() - started;
  log.info(`[main] activated in ${activationMs.toFixed(1)} ms; trusted workspace: ${vscode.workspace.isTrusted}`);
  return { policies, diagnostics, statusBar, risk, secrets: secretDetection.findings, provenance, launcher, models, telemetry, activationMs };
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
