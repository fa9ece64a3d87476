// Which git-ignored paths the walks still show: those a policy rule names. An ignored `.env`
// that a rule classifies is what a team lead most needs to see; an ignored directory is entered
// only when a rule covers it or an anchored rule's literal path runs through it, so
// `node_modules` stays out while "/build/keys/" still reaches build/keys.
import type { PolicyEngine } from './policyEngine';
import { patternShape } from './patternOverlap';

export function policyNamedPaths(engine: PolicyEngine): (rel: string, isDir: boolean) => boolean {
  const throughDirs = new Set<string>();
  for (const layer of engine.layers) {
    const patterns = [...layer.doc.rules.flatMap((r) => r.patterns), ...layer.liveExceptions.flatMap((e) => e.patterns)];
    for (const p of patterns) {
      const shape = patternShape(p.text);
      if (shape.head === null) continue;
      let prefix = '';
      for (const seg of shape.segments) {
        if (/[*?[\\]/.test(seg)) break;
        prefix = prefix === '' ? seg : `${prefix}/${seg}`;
        throughDirs.add(prefix);
      }
    }
  }
  return (rel, isDir) => (isDir && throughDirs.has(rel)) || engine.classify(rel, isDir).some((m) => m.rule !== null && m.source !== 'airlock');
}
