// Why Airlock's own files are guarded; the list itself is MANAGED_PATHS (src/core/native), the
// files `airlock sync` writes and the ones assistants read their hooks from.

export const GUARD_REASON = "Airlock's policy and the assistant controls generated from it are protected from AI edits";
