// The "Exceptions & Problems" view: every policy exception (owner, expiry; expired ones marked)
// and every policy problem, each opening the policy file at its line.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PolicyProblem } from '../../core/policy/policyError';
import type { PolicyException } from '../../core/policy/policyTypes';
import { daysUntilExpiry, EXPIRY_WARNING_DAYS } from '../../core/risk/fileRisk';
import { Disposable } from '../disposable';
import type { PolicyService } from '../policyService';
import type { SemanticProblems } from './semanticProblems';

export type PolicyInfoNode =
  | { readonly kind: 'section'; readonly section: 'exceptions' | 'problems'; readonly folder: vscode.WorkspaceFolder; readonly count: number; readonly multiRoot: boolean }
  | { readonly kind: 'exception'; readonly exception: PolicyException; readonly source: string; readonly expired: boolean }
  | { readonly kind: 'problem'; readonly problem: PolicyProblem };

export class PolicyInfoTreeProvider extends Disposable implements vscode.TreeDataProvider<PolicyInfoNode> {
  private readonly changed = this._register(new vscode.EventEmitter<PolicyInfoNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<PolicyInfoNode>;

  constructor(
    private readonly policies: PolicyService,
    private readonly semantic: SemanticProblems,
  ) {
    super();
    this.view = this._register(vscode.window.createTreeView('airlock.policyInfo', { treeDataProvider: this }));
    this._register(policies.onDidChange(() => this.changed.fire(undefined)));
    this._register(semantic.onDidChange(() => this.changed.fire(undefined)));
  }

  getChildren(node?: PolicyInfoNode): PolicyInfoNode[] {
    if (!node) {
      const folders = this.policies.folders;
      const multiRoot = folders.length > 1;
      return folders.flatMap((folder) => {
        const engine = this.policies.engineFor(folder);
        if (!engine) return [];
        const exceptions = engine.layers.reduce((n, l) => n + l.doc.exceptions.length, 0);
        return [
          { kind: 'section' as const, section: 'exceptions' as const, folder, count: exceptions, multiRoot },
          { kind: 'section' as const, section: 'problems' as const, folder, count: this.semantic.all(engine).length, multiRoot },
        ];
      });
    }
    if (node.kind !== 'section') return [];
    const engine = this.policies.engineFor(node.folder);
    if (!engine) return [];
    if (node.section === 'problems') return this.semantic.all(engine).map((problem) => ({ kind: 'problem', problem }));
    return engine.layers.flatMap((l) => [
      ...l.liveExceptions.map((exception) => ({ kind: 'exception' as const, exception, source: l.doc.source, expired: false })),
      ...l.expiredExceptions.map((exception) => ({ kind: 'exception' as const, exception, source: l.doc.source, expired: true })),
    ]);
  }

  getTreeItem(node: PolicyInfoNode): vscode.TreeItem {
    if (node.kind === 'section') {
      const title = node.section === 'exceptions' ? 'Exceptions' : 'Policy problems';
      const item = new vscode.TreeItem(node.multiRoot ? `${node.folder.name}: ${title}` : title, node.count ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `${node.section}:${node.folder.uri.toString()}`;
      item.description = node.count ? String(node.count) : 'none';
      item.iconPath = new vscode.ThemeIcon(node.section === 'exceptions' ? 'calendar' : 'checklist');
      return item;
    }
    if (node.kind === 'exception') {
      const e = node.exception;
      const days = daysUntilExpiry(e.expires, new Date());
      const item = new vscode.TreeItem(e.patterns.map((p) => p.text).join(', '), vscode.TreeItemCollapsibleState.None);
      item.description = node.expired ? `${e.className} · ${e.owner} · EXPIRED ${e.expires}` : `${e.className} · ${e.owner} · expires ${e.expires} (${days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`})`;
      item.tooltip = `Exception at ${path.basename(node.source)}:${e.location.line}\nClass: ${e.className}\nOwner: ${e.owner}\nApproved by: ${e.approvedBy}\nReason: ${e.reason}\nExpires: ${e.expires}${node.expired ? ' — expired, no longer applies' : ''}`;
      item.iconPath = node.expired
        ? new vscode.ThemeIcon('history', new vscode.ThemeColor('problemsWarningIcon.foreground'))
        : new vscode.ThemeIcon('key', days <= EXPIRY_WARNING_DAYS ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
      item.command = openAt(node.source, e.location.line, e.location.column);
      item.contextValue = node.expired ? 'airlockExceptionExpired' : 'airlockException';
      return item;
    }
    const p = node.problem;
    const item = new vscode.TreeItem(p.message, vscode.TreeItemCollapsibleState.None);
    item.description = `${path.basename(p.file)}:${p.line}:${p.column}`;
    item.tooltip = `${p.file}:${p.line}:${p.column}\n${p.message}`;
    item.iconPath = new vscode.ThemeIcon(p.severity === 'error' ? 'error' : 'warning', new vscode.ThemeColor(p.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground'));
    item.command = openAt(p.file, p.line, p.column);
    return item;
  }
}

function openAt(file: string, line: number, column: number): vscode.Command {
  const pos = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
  return { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(file), { selection: new vscode.Range(pos, pos) }] };
}
