// Gutter and overview-ruler marks for AI lines (unreviewed, reviewed, modified by a human look
// different), a hover with tool, model, session, time and review state, and a CodeLens to review.
import * as vscode from 'vscode';
import type { TrackedRange } from '../../core/provenance/rangeTracker';
import { Disposable } from '../disposable';
import type { ProvenanceDocuments } from './provenanceDocuments';

export type MarkKind = 'unreviewed' | 'reviewed' | 'modified';

const SHOW_MARKS = 'airlock.provenance.showMarks';

function bar(color: string): vscode.Uri {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="6" height="16"><rect x="1" y="0" width="3" height="16" fill="${color}"/></svg>`;
  return vscode.Uri.parse(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
}

const STYLES: Record<MarkKind, vscode.DecorationRenderOptions> = {
  unreviewed: { gutterIconPath: bar('#d18616'), gutterIconSize: 'contain', overviewRulerColor: '#d18616', overviewRulerLane: vscode.OverviewRulerLane.Left },
  reviewed: { gutterIconPath: bar('#2ea043'), gutterIconSize: 'contain', overviewRulerColor: '#2ea04380', overviewRulerLane: vscode.OverviewRulerLane.Left },
  modified: { gutterIconPath: bar('#8957e5'), gutterIconSize: 'contain', overviewRulerColor: '#8957e5', overviewRulerLane: vscode.OverviewRulerLane.Left },
};

export function markKindOf(range: TrackedRange): MarkKind {
  if (range.reviewedBy !== undefined) return 'reviewed';
  return range.state === 'ai-modified' ? 'modified' : 'unreviewed';
}

export function describeRange(range: TrackedRange): string {
  const lines = range.startLine === range.endLine ? `line ${range.startLine}` : `lines ${range.startLine}–${range.endLine}`;
  const state = range.state === 'ai-modified' ? 'AI-written, since modified by a human' : 'AI-written';
  const review = range.reviewedBy !== undefined ? `reviewed by ${range.reviewedBy}${range.reviewedAt ? ` at ${range.reviewedAt}` : ''}` : 'not reviewed';
  return [`**Airlock: ${state}** (${lines})`, '', `- Tool: ${range.tool}`, `- Model: ${range.model}`, `- Session: ${range.session}`, `- Time: ${range.time}`, `- Review: ${review}`].join('\n');
}

export class ProvenanceMarks extends Disposable implements vscode.HoverProvider, vscode.CodeLensProvider {
  private readonly types: Record<MarkKind, vscode.TextEditorDecorationType>;
  /** What each visible editor shows, by document URI (for tests and the API). */
  readonly shown = new Map<string, Record<MarkKind, number>>();
  private readonly lensChanged = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.lensChanged.event;

  constructor(private readonly documents: ProvenanceDocuments) {
    super();
    this.types = {
      unreviewed: this._register(vscode.window.createTextEditorDecorationType(STYLES.unreviewed)),
      reviewed: this._register(vscode.window.createTextEditorDecorationType(STYLES.reviewed)),
      modified: this._register(vscode.window.createTextEditorDecorationType(STYLES.modified)),
    };
    this._register(documents.onDidChange((uri) => this.refresh(uri)));
    this._register(vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SHOW_MARKS)) this.refresh();
      }),
    );
    this._register(vscode.languages.registerHoverProvider({ scheme: 'file' }, this));
    this._register(vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this));
    this.refresh();
  }

  private get enabled(): boolean {
    return vscode.workspace.getConfiguration().get<boolean>(SHOW_MARKS, true);
  }

  refresh(uri?: vscode.Uri): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (uri && editor.document.uri.toString() !== uri.toString()) continue;
      const byKind: Record<MarkKind, vscode.Range[]> = { unreviewed: [], reviewed: [], modified: [] };
      if (this.enabled) {
        for (const r of this.documents.ranges(editor.document.uri)) {
          byKind[markKindOf(r)].push(new vscode.Range(r.startLine - 1, 0, r.endLine - 1, 0));
        }
      }
      for (const kind of Object.keys(byKind) as MarkKind[]) editor.setDecorations(this.types[kind], byKind[kind]);
      const count = (kind: MarkKind): number => byKind[kind].reduce((n, r) => n + r.end.line - r.start.line + 1, 0);
      this.shown.set(editor.document.uri.toString(), { unreviewed: count('unreviewed'), reviewed: count('reviewed'), modified: count('modified') });
    }
    this.lensChanged.fire();
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.enabled) return undefined;
    const range = this.documents.rangeAt(document.uri, position.line + 1);
    if (!range) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(describeRange(range)), new vscode.Range(range.startLine - 1, 0, range.endLine - 1, Number.MAX_SAFE_INTEGER));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled) return [];
    return this.documents
      .ranges(document.uri)
      .filter((r) => r.reviewedBy === undefined)
      .map(
        (r) =>
          new vscode.CodeLens(new vscode.Range(r.startLine - 1, 0, r.startLine - 1, 0), {
            title: `$(check) Mark ${r.endLine - r.startLine + 1} AI line(s) reviewed (${r.tool})`,
            command: 'airlock.markReviewed',
            arguments: [document.uri, { startLine: r.startLine, endLine: r.endLine }],
          }),
      );
  }
}
