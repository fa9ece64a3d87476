// VS Code content changes → the core's TextChange. The event fires after the change, so line-end
// hints are derived only where the new document tells them for sure (one change per event);
// otherwise the core's safe defaults apply (a possibly-AI line is marked modified, never counted
// as untouched; a possibly-human line is never tagged).
import type * as vscode from 'vscode';
import type { TextChange } from '../../core/provenance/textChange';

export function toTextChanges(document: vscode.TextDocument, changes: readonly vscode.TextDocumentContentChangeEvent[]): TextChange[] {
  return changes.map((c) => {
    const base = {
      startLine: c.range.start.line,
      startCharacter: c.range.start.character,
      endLine: c.range.end.line,
      endCharacter: c.range.end.character,
      text: c.text.replace(/\r\n/g, '\n'),
    };
    if (changes.length !== 1) return base;
    // Where the inserted text ends in the new document: at a line end means nothing of the old
    // end line survived after the change.
    const after = document.positionAt(document.offsetAt(c.range.start) + c.text.length);
    const endAtLineEnd = after.character === document.lineAt(after.line).text.length;
    const startAtLineEnd = c.range.isEmpty && endAtLineEnd ? true : undefined;
    return { ...base, endAtLineEnd, ...(startAtLineEnd !== undefined ? { startAtLineEnd } : {}) };
  });
}
