// Whether two paths name the same folder once symbolic links are resolved (false when either is missing).
import { realpathSync } from 'node:fs';

export function sameDir(a: string, b: string): boolean {
  try {
    return realpathSync.native(a) === realpathSync.native(b);
  } catch {
    return false;
  }
}
