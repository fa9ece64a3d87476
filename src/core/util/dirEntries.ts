// A folder's entries, or null when it cannot be read (gone, not a folder, no permission): walks
// skip such a folder or report it, they never stop on it.
import { type Dirent, readdirSync } from 'node:fs';

export function dirEntries(dir: string): Dirent[] | null {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
}
