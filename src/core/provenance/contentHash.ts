// Hashes that let annotations be checked and re-anchored against file content.
import { createHash } from 'node:crypto';
import type { LineRange } from './annotationTypes';

/** Split text into lines, treating CRLF and LF alike; a final newline does not start a new line. */
export function splitLines(text: string): string[] {
  if (text.length === 0) {
    return [];
  }
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

/** `sha256:<hex>` of lines joined by `\n`: independent of position and of line endings. */
export function hashLines(lines: readonly string[]): string {
  return 'sha256:' + createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
}

export function hashRange(lines: readonly string[], range: LineRange): string {
  return hashLines(lines.slice(range.startLine - 1, range.endLine));
}

/**
 * `blob:<sha1>`: the id git gives this exact content, so the text a set of annotations refers to
 * can be fetched back from the object database (`git cat-file blob`) when re-anchoring.
 */
export function fileHashOf(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const hash = createHash('sha1');
  hash.update(`blob ${bytes.length}\0`);
  hash.update(bytes);
  return 'blob:' + hash.digest('hex');
}

/** The git object id inside a `blob:` file hash, or undefined for another form. */
export function blobIdOf(fileHash: string | undefined): string | undefined {
  const match = /^blob:([0-9a-f]{40}|[0-9a-f]{64})$/.exec(fileHash ?? '');
  return match ? match[1] : undefined;
}
