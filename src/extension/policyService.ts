// Holds the loaded policy of every workspace folder and reloads it when the policy (or a
// baseline it extends) changes: a valid edit restores service without a restart.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { loadPolicyCached } from '../core/policy/compiledPolicyCache';

import type { PolicyEngine } from '../core/policy/policyEngine';
import { Disposable } from './disposable';
import { POLICY_RELATIVE_PATH } from '../core/words/airlockLayout';
import { watchWorkspaceFile } from './watchWorkspaceFile';

export class PolicyService extends Disposable {
  private readonly engines = new Map<string, PolicyEngine>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.WorkspaceFolder>());
  readonly onDidChange = this.changed.event;
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this._register(watchWorkspaceFile(POLICY_RELATIVE_PATH, (folder) => this.reload(folder)));
    // Baselines named by `extends` live outside the watched name; saving any JSON re-checks.
    this._register(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.languageId === 'json' || doc.languageId === 'jsonc' || doc.fileName.endsWith('.json')) {
          for (const [key, engine] of this.engines) {
            if (engine.layers.some((l) => l.doc.source === doc.fileName)) {
              const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === key);
              if (folder) this.reload(folder);
            }
          }
        }
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.reloadAll()));
    this._register({ dispose: () => this.expiryTimer && clearTimeout(this.expiryTimer) });
    // Off the activation path: an org policy of thousands of rules takes longer to load than
    // activate() may take. Every consumer already listens to onDidChange.
    this.ready = new Promise<void>((resolve) =>
      setImmediate(() => {
        if (!this.disposedFlag) this.reloadAll();
        resolve();
      }),
    );
    this._register({ dispose: () => (this.disposedFlag = true) });
  }

  /** Resolves once the policies of the folders open at activation are loaded. */
  readonly ready: Promise<void>;
  private disposedFlag = false;

  /** Folders that have a policy file (loaded, valid or not). */
  get folders(): vscode.WorkspaceFolder[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => this.engines.has(f.uri.toString()));
  }

  engineFor(folder: vscode.WorkspaceFolder): PolicyEngine | undefined {
    return this.engines.get(folder.uri.toString());
  }

  /** The engine governing a file, with its folder. */
  engineForUri(uri: vscode.Uri): { folder: vscode.WorkspaceFolder; engine: PolicyEngine } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const engine = folder && this.engineFor(folder);
    return folder && engine ? { folder, engine } : undefined;
  }

  reloadAll(): void {
    const live = new Set<string>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      live.add(folder.uri.toString());
      this.reload(folder);
    }
    for (const key of [...this.engines.keys()]) if (!live.has(key)) this.engines.delete(key);
  }

  reload(folder: vscode.WorkspaceFolder): void {
    if (folder.uri.scheme !== 'file') return;
    const key = folder.uri.toString();
    const policyUri = vscode.Uri.joinPath(folder.uri, POLICY_RELATIVE_PATH);
    if (!existsSync(policyUri.fsPath)) {
      if (this.engines.delete(key)) this.changed.fire(folder);
      return;
    }
    // Through the verified compiled-policy cache the hook uses (an org policy loads in
    // milliseconds); an untrusted workspace writes nothing, not even to the user's cache.
    const engine = loadPolicyCached(folder.uri.fsPath, { cacheDir: vscode.workspace.isTrusted ? undefined : null });
    this.engines.set(key, engine);
    if (engine.error) this.log.warn(`[policy] ${folder.name}: invalid policy, AI access fails closed: ${engine.error.message}`);
    else this.log.info(`[policy] ${folder.name}: loaded ${engine.layers.map((l) => l.doc.source).join(' + ')} (${engine.layers.reduce((n, l) => n + l.patternCount, 0)} patterns)`);
    this.scheduleExpiry();
    this.changed.fire(folder);
  }

  /** Reload when the next exception expires, so an expired one stops applying on time. */
  private scheduleExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    const next = Math.min(...[...this.engines.values()].map((e) => e.nextExpiry?.getTime() ?? Infinity));
    if (!Number.isFinite(next)) return;
    const delay = Math.max(1000, Math.min(next - Date.now() + 1000, 2 ** 31 - 1));
    this.expiryTimer = setTimeout(() => this.reloadAll(), delay);
  }
}
