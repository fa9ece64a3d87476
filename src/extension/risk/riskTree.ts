// The "Risk" view: files grouped by risk level (or by folder), each with its level icon, the main
// reason as description and every reason in the tooltip. Reads the RiskService's models; builds
// only the nodes VS Code asks for, so a 100k-file workspace renders its first level at once.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RiskLevel } from '../../core/policy/policyTypes';
import { RISK_LEVELS } from '../../core/risk/riskLevel';
import type { FileRisk } from '../../core/risk/riskTypes';
import { Disposable } from '../disposable';
import { levelIcon, levelTitle } from './riskLevelStyle';
import type { RiskService } from './riskService';

export type RiskGrouping = 'level' | 'folder';

export type RiskNode =
  | { readonly kind: 'level'; readonly level: RiskLevel; readonly count: number }
  | { readonly kind: 'root'; readonly folder: vscode.WorkspaceFolder }
  | { readonly kind: 'folder'; readonly folder: vscode.WorkspaceFolder; readonly rel: string }
  | { readonly kind: 'file'; readonly folder: vscode.WorkspaceFolder; readonly risk: FileRisk }
  | { readonly kind: 'more'; readonly count: number; readonly level: RiskLevel };

/** Items shown under one level before a "… N more" line: the tree is for reading, not paging. */
export const MAX_FILES_PER_LEVEL = 500;

export class RiskTreeProvider extends Disposable implements vscode.TreeDataProvider<RiskNode> {
  private readonly changed = this._register(new vscode.EventEmitter<RiskNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private groupingValue: RiskGrouping = 'level';
  readonly view: vscode.TreeView<RiskNode>;

  constructor(private readonly risk: RiskService) {
    super();
    this.view = this._register(vscode.window.createTreeView('airlock.risk', { treeDataProvider: this, showCollapseAll: true }));
    this._register(risk.onDidChange(() => this.changed.fire(undefined)));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.updateMessage()));
    this.updateMessage();
    void vscode.commands.executeCommand('setContext', 'airlock.risk.groupBy', this.groupingValue);
  }

  get grouping(): RiskGrouping {
    return this.groupingValue;
  }

  setGrouping(grouping: RiskGrouping): void {
    this.groupingValue = grouping;
    void vscode.commands.executeCommand('setContext', 'airlock.risk.groupBy', grouping);
    this.changed.fire(undefined);
  }

  private updateMessage(): void {
    this.view.message = vscode.workspace.isTrusted
      ? undefined
      : 'Restricted Mode: Airlock shows risk but writes nothing here (no sync, no hooks, no annotations) until you trust this workspace.';
  }

  getChildren(node?: RiskNode): RiskNode[] {
    const folders = this.risk.folders();
    if (!node) {
      if (this.groupingValue === 'level') {
        return RISK_LEVELS.map((level) => ({ kind: 'level' as const, level, count: folders.reduce((n, f) => n + f.model.atLevel(level).size, 0) })).filter((n) => n.count > 0);
      }
      if (folders.length === 1) return this.folderChildren(folders[0].folder, '');
      return folders.map((f) => ({ kind: 'root' as const, folder: f.folder }));
    }
    switch (node.kind) {
      case 'level': {
        const files: Array<{ folder: vscode.WorkspaceFolder; risk: FileRisk }> = [];
        for (const f of folders) {
          for (const rel of f.model.atLevel(node.level)) {
            const risk = f.model.get(rel);
            if (risk) files.push({ folder: f.folder, risk });
          }
        }
        files.sort((a, b) => (a.risk.rel < b.risk.rel ? -1 : a.risk.rel > b.risk.rel ? 1 : a.folder.index - b.folder.index));
        const shown: RiskNode[] = files.slice(0, MAX_FILES_PER_LEVEL).map((f) => ({ kind: 'file', ...f }));
        if (files.length > MAX_FILES_PER_LEVEL) shown.push({ kind: 'more', count: files.length - MAX_FILES_PER_LEVEL, level: node.level });
        return shown;
      }
      case 'root':
        return this.folderChildren(node.folder, '');
      case 'folder':
        return this.folderChildren(node.folder, node.rel);
      default:
        return [];
    }
  }

  private folderChildren(folder: vscode.WorkspaceFolder, rel: string): RiskNode[] {
    const model = this.risk.folders().find((f) => f.folder.uri.toString() === folder.uri.toString())?.model;
    if (!model) return [];
    const { folders, files } = model.children(rel);
    const out: RiskNode[] = folders.filter((d) => model.folder(d)).map((d) => ({ kind: 'folder', folder, rel: d }));
    for (const f of files) {
      const risk = model.get(f);
      if (risk) out.push({ kind: 'file', folder, risk });
    }
    return out;
  }

  getTreeItem(node: RiskNode): vscode.TreeItem {
    switch (node.kind) {
      case 'level': {
        const item = new vscode.TreeItem(levelTitle(node.level), node.level === 'critical' || node.level === 'high' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `level:${node.level}`;
        item.description = `${node.count} file${node.count === 1 ? '' : 's'}`;
        item.iconPath = levelIcon(node.level);
        item.contextValue = 'airlockRiskLevel';
        return item;
      }
      case 'root':
      case 'folder': {
        const rel = node.kind === 'folder' ? node.rel : '';
        const agg = this.risk.folders().find((f) => f.folder.uri.toString() === node.folder.uri.toString())?.model.folder(rel);
        const item = new vscode.TreeItem(node.kind === 'root' ? node.folder.name : path.posix.basename(rel), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `folder:${node.folder.uri.toString()}:${rel}`;
        item.resourceUri = this.risk.uriOf(node.folder, rel);
        if (agg) {
          item.iconPath = levelIcon(agg.level);
          item.description = RISK_LEVELS.filter((l) => l !== 'none' && l !== 'low' && agg.counts[l] > 0).map((l) => `${agg.counts[l]} ${l}`).join(', ') || `${agg.files} files`;
          item.tooltip = `${rel || node.folder.name}: ${agg.files} files, highest risk ${agg.level}${agg.aiUnreviewed ? `, ${agg.aiUnreviewed} AI lines unreviewed` : ''}`;
        }
        item.contextValue = 'airlockRiskFolder';
        return item;
      }
      case 'file':
        return this.fileItem(node.folder, node.risk);
      case 'more': {
        const item = new vscode.TreeItem(`… ${node.count} more ${node.level} files`, vscode.TreeItemCollapsibleState.None);
        item.tooltip = 'Group by folder to browse all files, or run `airlock check --json` for the full list.';
        return item;
      }
    }
  }

  private fileItem(folder: vscode.WorkspaceFolder, risk: FileRisk): vscode.TreeItem {
    const uri = this.risk.uriOf(folder, risk.rel);
    const item = new vscode.TreeItem(path.posix.basename(risk.rel), vscode.TreeItemCollapsibleState.None);
    item.id = `file:${uri.toString()}`;
    item.resourceUri = uri;
    item.iconPath = levelIcon(risk.level);
    const dir = path.posix.dirname(risk.rel);
    const multiRoot = this.risk.folders().length > 1;
    const where = this.groupingValue === 'level' ? `${multiRoot ? `${folder.name}/` : ''}${dir === '.' ? '' : dir}` : '';
    const main = risk.reasons[0]?.text ?? '';
    item.description = where ? `${where} — ${main}` : main;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${risk.rel}** — risk **${risk.level}**\n\n`);
    for (const r of risk.reasons) tip.appendMarkdown(`- $(${levelIcon(r.level).id}) ${escapeMarkdown(r.text)}\n`);
    item.tooltip = tip;
    item.contextValue = risk.ai.unreviewed > 0 ? 'airlockRiskFile.ai' : 'airlockRiskFile';
    item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
    return item;
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
