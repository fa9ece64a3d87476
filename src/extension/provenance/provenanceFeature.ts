// The editor side of AI-edit provenance, assembled for the composition root.
import * as vscode from 'vscode';
import { ProvenanceDocuments } from './provenanceDocuments';
import { ProvenanceMarks } from './provenanceMarks';
import { registerProvenanceCommands } from './provenanceCommands';

export interface ProvenanceFeature extends vscode.Disposable {
  /** Tracked AI ranges per open document. */
  readonly documents: ProvenanceDocuments;
  /** The gutter/ruler marks currently shown per document (line counts by kind). */
  readonly marks: ProvenanceMarks;
}

export function createProvenanceFeature(log: vscode.LogOutputChannel): ProvenanceFeature {
  const documents = new ProvenanceDocuments(log);
  const marks = new ProvenanceMarks(documents);
  const commands = registerProvenanceCommands(documents, log);
  return {
    documents,
    marks,
    dispose(): void {
      commands.dispose();
      marks.dispose();
      documents.dispose();
    },
  };
}
