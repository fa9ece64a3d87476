// What a caught value says, whatever was thrown: an Error's message, or the value as text (a
// thrown string or object must not turn into "undefined" in a report).

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The errno code of a failed file-system call (`ENOENT`, `EEXIST`, ...), if any. */
export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
