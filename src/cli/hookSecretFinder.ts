// The hook's view of secrets: a file holding a live (blocking, not baselined) credential is
// protected for AI reads per the policy's `secrets` verdict; a file the scanner cannot judge gets
// its `secretsUnscanned` verdict. Answers are cached per user by file identity (scanCache.ts), and
// within one call hard links and repeated operands are judged once.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { SecretCheck } from '../core/decide/scopeScan';
import { AnnotationStore } from '../core/provenance/annotationStore';
import { reanchor } from '../core/provenance/reanchor';
import { fileIdentity, SecretScanCache, userSecretCacheDir } from '../core/secrets/scanCache';
import { probeFile } from '../core/secrets/secretProbe';
import { loadSecretsBaseline } from '../core/secrets/secretsBaseline';
import type { SecretsBaseline } from '../core/secrets/secretTypes';

/**
 * The lines of `rel` that provenance says an AI wrote (re-anchored to the current text). The one
 * place secrets ask provenance anything; unknown provenance means "not the AI".
 */
function aiWrittenLines(root: string): (rel: string, line: number) => boolean {
  const byFile = new Map<string, Set<number>>();
  return (rel, line) => {
    let lines = byFile.get(rel);
    if (!lines) {
      lines = new Set();
      try {
        const annotations = new AnnotationStore(root).load(rel);
        if (annotations) {
          const text = fs.readFileSync(path.join(root, rel), 'utf8');
          for (const r of reanchor(annotations, text).annotations.ranges) for (let l = r.startLine; l <= r.endLine; l++) lines.add(l);
        }
      } catch {
        // No readable provenance: the line counts as human-written.
      }
      byFile.set(rel, lines);
    }
    return lines.has(line);
  };
}

/**
 * The hook's secret check; `flush()` keeps what it learnt for the next call (per-user cache);
 * `writeView(dir)` leaves every verdict it holds in `dir` for hooks that cannot read that cache
 * (inside `airlock run`, where it is masked: it holds its key).
 */
export type HookSecretFinder = ((abs: string) => SecretCheck | null) & { readonly flush: () => void; readonly writeView: (dir: string) => void };

/** `view`: a folder `airlock run` filled with `writeView` and the caller found read-only (SecretScanCache). */
export function hookSecretFinder(root: string, genericBlockConfidence: number, view: string | null = null): HookSecretFinder {
  let baseline: SecretsBaseline | undefined;
  let cache: SecretScanCache | undefined;
  const aiWroteLine = aiWrittenLines(root);
  // Same content, same answer: 2,000 hard links to one file cost one scan.
  const byIdentity = new Map<string, SecretCheck | null>();
  const find = (abs: string): SecretCheck | null => {
    let id: string | null = null;
    let st: fs.BigIntStats | undefined;
    try {
      st = fs.statSync(abs, { bigint: true });
      id = fileIdentity(st);
    } catch {
      // probeFile reports a file it cannot examine.
    }
    const known = id === null ? undefined : byIdentity.get(id);
    if (known !== undefined) return known;
    if (baseline === undefined) {
      try {
        baseline = loadSecretsBaseline(root);
      } catch {
        // A corrupt baseline suppresses nothing: every finding counts (the stricter side).
        baseline = { fingerprints: new Set() };
      }
      const context = createHash('sha256').update(`${path.resolve(root)}\0${genericBlockConfidence}\0${[...baseline.fingerprints].sort().join(',')}\0${[...(baseline.acceptedUnscanned ?? [])].sort().join(',')}`).digest('hex');
      cache = new SecretScanCache(userSecretCacheDir(process.env, homedir(), process.platform), context, view);
    }
    const v = probeFile(abs, root, { baseline, genericBlockConfidence, aiWroteLine }, cache, st);
    const found = v.kind === 'secret' ? { rule: v.rule, line: v.line } : v.kind === 'unscanned' ? { unscanned: v.reason } : null;
    if (id !== null) byIdentity.set(id, found);
    return found;
  };
  return Object.assign(find, { flush: () => cache?.flush(), writeView: (dir: string) => cache?.writeView(dir) });
}
