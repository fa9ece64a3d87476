// An editor's exclusion settings (`files.exclude`: glob -> true) as a walk predicate. Globs are
// relative to the folder; `{ "when": ... }` sibling conditions are not evaluated and count as off.
import { Minimatch } from 'minimatch';

export function excludeGlobs(settings: Readonly<Record<string, unknown>> | undefined): ((rel: string, isDir: boolean) => boolean) | undefined {
  const globs = Object.entries(settings ?? {})
    .filter(([, on]) => on === true)
    .map(([glob]) => new Minimatch(glob, { dot: true }));
  if (globs.length === 0) return undefined;
  return (rel) => globs.some((m) => m.match(rel));
}
