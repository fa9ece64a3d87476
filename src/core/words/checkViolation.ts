// One shape for what `airlock check` fails on, whichever part found it (policy, native files,
// secrets, provenance, history), so the JSON and SARIF reports read them all alike.

export interface Violation {
  /** A stable code: `native-drift`, `secret`, `unreviewed-ai`, ... */
  readonly kind: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}
