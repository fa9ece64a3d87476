// Explorer decorations: a badge and colour for files an AI may not read or edit, and for files
// with unreviewed AI lines. Computed from the risk model; fires only the URIs that changed.
import * as vscode from 'vscode';
import { worstOf } from '../../core/policy/verdictOrder';
import { Disposable } from '../disposable';
import type { RiskService } from './riskService';

export const DECORATIONS_SETTING = 'airlock.decorations.enabled';

export class RiskDecorations extends Disposable implements vscode.FileDecorationProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>());
  readonly onDidChangeFileDecorations = this.changed.event;
  private enabled = vscode.workspace.getConfiguration().get<boolean>(DECORATIONS_SETTING, true);

  constructor(private readonly risk: RiskService) {
    super();
    this._register(vscode.window.registerFileDecorationProvider(this));
    this._register(risk.onDidChange((c) => this.changed.fire(c.uris ? [...c.uris] : undefined)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(DECORATIONS_SETTING)) return;
        this.enabled = vscode.workspace.getConfiguration().get<boolean>(DECORATIONS_SETTING, true);
        this.changed.fire(undefined);
      }),
    );
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (!this.enabled) return undefined;
    const r = this.risk.riskFor(uri);
    // Airlock's own files are always edit-protected; badging them all would be noise.
    if (!r || r.className === 'airlock-managed') return undefined;
    const denied = worstOf(r.read, r.edit) === 'deny';
    const tips: string[] = [];
    if (denied) tips.push(`Airlock: AI ${r.read === 'deny' ? 'read and edit' : 'edit'} denied (class ${r.className})`);
    if (r.ai.unreviewed > 0) tips.push(`${r.ai.unreviewed} AI line${r.ai.unreviewed === 1 ? '' : 's'} unreviewed`);
    if (!tips.length) return undefined;
    const d = new vscode.FileDecoration(denied ? 'D' : 'AI', tips.join('; '), new vscode.ThemeColor(denied ? 'airlock.deniedForeground' : 'airlock.unreviewedAiForeground'));
    d.propagate = false;
    return d;
  }
}
