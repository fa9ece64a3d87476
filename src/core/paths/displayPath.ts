// Policy sources are absolute inside core; people read them relative to the workspace.
import { isAbsolute, relative, sep } from 'node:path';

export function displayPath(file: string, root: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(root, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}
