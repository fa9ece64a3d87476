// A typed error for provenance operations, with where it happened when known.

export class ProvenanceError extends Error {
  constructor(
    /** The message without the location prefix. */
    readonly detail: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(file ? `${file}${line !== undefined ? `:${line}:${column ?? 1}` : ''}: ${detail}` : detail);
    this.name = 'ProvenanceError';
  }
}
