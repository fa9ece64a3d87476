// The real import graph of src, read with TypeScript's own pre-processor (dynamic `import()` included),
// for the architecture tests and the shell-imports count.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export const REPO = path.resolve(__dirname, '../../..');

export function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(abs);
    return e.name.endsWith('.ts') ? [abs] : [];
  });
}

/** Every relative import of every file under src (static, type-only, re-exports, dynamic), repo-relative. */
export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(REPO, 'src'))) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.resolve(path.dirname(file), spec))
      .map((abs) => (fs.existsSync(`${abs}.ts`) ? `${abs}.ts` : abs));
    graph.set(toPosix(path.relative(REPO, file)), targets.map((t) => toPosix(path.relative(REPO, t))));
  }
  return graph;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
