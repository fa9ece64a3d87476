// The active file's class and verdicts in the status bar, with its AI-line count; a click
// explains them.
import * as vscode from 'vscode';
import type { AiLineStats } from '../core/risk/riskTypes';
import { worstOf } from '../core/policy/verdictOrder';
import { Disposable } from './disposable';
import { explainUri } from './explainPath';
import type { PolicyService } from './policyService';

const ICON: Record<string, string> = { allow: '$(unlock)', ask: '$(question)', deny: '$(lock)' };

/** Where the AI-line count comes from (the risk service). */
export interface AiLineSource {
  aiLinesFor(uri: vscode.Uri): AiLineStats | undefined;
  readonly onDidChange: vscode.Event<unknown>;
}

export class PolicyStatusBar extends Disposable {
  readonly item = this._register(vscode.window.createStatusBarItem('airlock.status', vscode.StatusBarAlignment.Left, 50));

  constructor(
    private readonly policies: PolicyService,
    private readonly aiLines?: AiLineSource,
  ) {
    super();
    this.item.name = 'Airlock';
    this.item.command = 'airlock.explainPath';
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(policies.onDidChange(() => this.update()));
    if (aiLines) this._register(aiLines.onDidChange(() => this.update()));
    this.update();
  }

  update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const result = uri && uri.scheme === 'file' ? explainUri(this.policies, uri) : undefined;
    if (!result) {
      this.item.hide();
      return;
    }
    if (!result.policyValid) {
      this.item.text = '$(error) Airlock: policy invalid — AI denied';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else {
      const worst = worstOf(result.read, result.edit);
      const ai = uri && this.aiLines?.aiLinesFor(uri);
      const aiText = ai && ai.total > 0 ? ` · $(sparkle) ${ai.total} AI line${ai.total === 1 ? '' : 's'}${ai.unreviewed ? ` (${ai.unreviewed} unreviewed)` : ', reviewed'}` : '';
      this.item.text = `${ICON[worst]} ${result.className}: AI read ${result.read}, edit ${result.edit}${aiText}`;
      this.item.backgroundColor = worst === 'deny' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }
    this.item.tooltip = `Airlock — ${result.reason}\nClick to explain.`;
    this.item.show();
  }
}
