// Wires the risk sidebar's parts for the composition root: the model service, the two views,
// Explorer decorations, the policy file's semantic diagnostics and quick fixes, and commands.
import * as vscode from 'vscode';
import type { PolicyService } from '../policyService';
import { registerPolicyCodeActions } from './policyCodeActions';
import { PolicyInfoTreeProvider } from './policyInfoTree';
import { registerRiskCommands } from './riskCommands';
import { RiskDecorations } from './riskDecorations';
import { RiskService } from './riskService';
import { RiskTreeProvider } from './riskTree';
import { SemanticProblems } from './semanticProblems';

export interface RiskFeature extends vscode.Disposable {
  readonly service: RiskService;
  readonly tree: RiskTreeProvider;
  readonly policyInfo: PolicyInfoTreeProvider;
  readonly decorations: RiskDecorations;
  readonly semantic: SemanticProblems;
}

export function createRiskFeature(policies: PolicyService, log: vscode.LogOutputChannel): RiskFeature {
  const service = new RiskService(policies, log);
  const semantic = new SemanticProblems(service);
  const tree = new RiskTreeProvider(service);
  const policyInfo = new PolicyInfoTreeProvider(policies, semantic);
  const decorations = new RiskDecorations(service);
  const disposables = vscode.Disposable.from(service, semantic, tree, policyInfo, decorations, registerPolicyCodeActions(), registerRiskCommands(policies, service, tree, log));
  return { service, tree, policyInfo, decorations, semantic, dispose: () => disposables.dispose() };
}
