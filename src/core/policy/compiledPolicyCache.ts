// The hook runs once per assistant tool call; validating and compiling an org policy of thousands
// of rules costs more than Node's own start-up. This cache keeps the validated, compiled policy in
// the user's private cache folder (never in the workspace, where an AI writes), and trusts an
// entry only after checking it: the folder is the user's alone (0700, owned by them), the entry
// is named by a hash of the policy's bytes, Airlock's version and the day, every layer it was
// built from still has the bytes it had, and an HMAC with a per-user random key matches. Anything
// else is a miss: the policy is loaded the slow way, which is always correct.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeAtomic } from '../util/atomicWrite';
import { compileGitignorePattern, patternFromParts, patternParts, type PatternParts, type PatternResult } from './gitignorePattern';
import { BASELINE_ENV, loadPolicy, type LoadOptions } from './loadPolicy';
import { PolicyEngine } from './policyEngine';
import type { PolicyProblem } from './policyError';
import type { DataClass, PolicyDocument, PolicyRule } from './policyTypes';
import type { SourceLocation } from './policyRefs';
import { POLICY_RELATIVE_PATH } from '../words/airlockLayout';

const FORMAT = 1;

export interface CacheOptions extends LoadOptions {
  /** The cache folder; null turns the cache off. Default: policyCacheDir(env). */
  readonly cacheDir?: string | null;
  /** Airlock's version and build: a new build never reads an older one's entries. Default: buildId(). */
  readonly version?: string;
}

/** Airlock's version and this bundle's build time: a rebuilt Airlock never trusts what an older one compiled. */
export function buildId(): string {
  let stamp = '';
  try {
    stamp = String(statSync(__filename).mtimeMs);
  } catch {
    // No file behind this module: the version alone.
  }
  return `${process.env.AIRLOCK_VERSION ?? '0.1.0'}+${stamp}`;
}

/** A rule in a few array slots: org policies have thousands, and parsing is most of a cache hit. */
type StoredRule = [className: string, reason: string | null, carveOut: 0 | 1, line: number, column: number, texts: string[], lines: number[], columns: number[]];
type StoredDoc = Omit<PolicyDocument, 'classes' | 'rules'> & { classes: DataClass[]; rules: StoredRule[] };

function storeRule(r: PolicyRule): StoredRule {
  return [r.className, r.reason ?? null, r.carveOut ? 1 : 0, r.location.line, r.location.column, r.patterns.map((p) => p.text), r.patterns.map((p) => p.location.line), r.patterns.map((p) => p.location.column)];
}

function restoreRule([className, reason, carveOut, line, column, texts, lines, columns]: StoredRule, index: number, source: string): PolicyRule {
  return {
    index,
    className,
    ...(reason === null ? {} : { reason }),
    ...(carveOut ? { carveOut: true } : {}),
    location: { source, line, column },
    patterns: texts.map((text, i) => ({ text, location: { source, line: lines[i], column: columns[i] } })),
  };
}

interface Entry {
  readonly format: number;
  readonly name: string;
  readonly layers: ReadonlyArray<{ file: string; sha256: string }>;
  /** Each document, its file name written once (every location inside says ''). */
  readonly docs: ReadonlyArray<{ file: string; doc: StoredDoc }>;
  readonly problems: readonly PolicyProblem[];
  readonly patterns: ReadonlyArray<PatternParts>;
}

/** `$XDG_CACHE_HOME/airlock/policy` (or ~/.cache/...); null when AIRLOCK_NO_POLICY_CACHE is set. */
export function policyCacheDir(env: NodeJS.ProcessEnv): string | null {
  if (env.AIRLOCK_NO_POLICY_CACHE) return null;
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : join(homedir(), '.cache'));
  return base ? join(base, 'airlock', 'policy') : null;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The folder is usable only when this user alone can write it. */
function privateDir(dir: string, create: boolean): boolean {
  try {
    if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    if (!st.isDirectory() || (st.mode & 0o022) !== 0) return false;
    return typeof process.getuid !== 'function' || st.uid === process.getuid();
  } catch {
    return false;
  }
}

function macKey(dir: string, create: boolean): Buffer | null {
  const file = join(dir, 'key');
  try {
    return readFileSync(file);
  } catch {
    if (!create) return null;
  }
  try {
    writeAtomic(file, randomBytes(32).toString('hex'));
    return readFileSync(file);
  } catch {
    return null;
  }
}

function entryName(root: string, policyText: string, env: NodeJS.ProcessEnv, now: Date, version: string): string {
  // The day is in the name: which exceptions have expired (and their warnings) change with it.
  return sha256(JSON.stringify([FORMAT, version, resolve(root, POLICY_RELATIVE_PATH), env[BASELINE_ENV] ?? '', now.toISOString().slice(0, 10), sha256(policyText)]));
}

function readEntry(dir: string, name: string, readText: (f: string) => string, policyFile: string, policyText: string): Entry | null {
  const key = macKey(dir, false);
  if (!key) return null;
  let stored: string;
  try {
    stored = readFileSync(join(dir, `${name}.json`), 'utf8');
  } catch {
    return null;
  }
  // "<hex MAC>\n<body>": one parse of the body, after the MAC says it is ours.
  const nl = stored.indexOf('\n');
  const body = stored.slice(nl + 1);
  const want = createHmac('sha256', key).update(body).digest();
  const got = Buffer.from(stored.slice(0, Math.max(0, nl)), 'hex');
  if (nl < 0 || got.length !== want.length || !timingSafeEqual(got, want)) return null;
  const entry = JSON.parse(body) as Entry;
  if (entry.format !== FORMAT || entry.name !== name) return null;
  for (const layer of entry.layers) {
    let text: string;
    try {
      text = layer.file === policyFile ? policyText : readText(layer.file);
    } catch {
      return null;
    }
    if (sha256(text) !== layer.sha256) return null;
  }
  return entry;
}

function engineFrom(root: string, entry: Entry, now: Date): PolicyEngine {
  const parts = new Map(entry.patterns.map((p) => [p.text, p]));
  const compile = (text: string): PatternResult => {
    const p = parts.get(text);
    return p ? { ok: true, pattern: patternFromParts(p) } : compileGitignorePattern(text);
  };
  const docs = entry.docs.map(({ file, doc: d }): PolicyDocument => {
    // Put the file name back into every location by walking the known shape (a JSON reviver
    // visiting every value costs more than the rest of the load).
    const at = (x: { location: SourceLocation }): void => {
      if (x.location.source === '') (x.location as { source: string }).source = file;
    };
    d.classes.forEach(at);
    for (const e of d.exceptions) {
      at(e);
      e.patterns.forEach(at);
    }
    return { ...d, source: file, classes: new Map(d.classes.map((c) => [c.name, c])), rules: d.rules.map((r, i) => restoreRule(r, i, file)) };
  });
  return new PolicyEngine(root, docs, entry.problems, now, compile);
}

function writeEntry(dir: string, name: string, engine: PolicyEngine, texts: Map<string, string>): void {
  const key = macKey(dir, true);
  if (!key) return;
  const patterns = new Map<string, PatternParts>();
  for (const layer of engine.layers) {
    for (const p of layer.compiledPatterns) {
      const x = patternParts(p);
      if (x) patterns.set(x.text, x);
    }
  }
  const entry: Entry = {
    format: FORMAT,
    name,
    layers: [...texts].map(([file, text]) => ({ file, sha256: sha256(text) })),
    docs: engine.layers.map((l) => ({
      file: l.doc.source,
      doc: JSON.parse(JSON.stringify({ ...l.doc, classes: [...l.doc.classes.values()], rules: l.doc.rules.map(storeRule) }, (k, v: unknown) => (k === 'source' && v === l.doc.source ? '' : v))) as StoredDoc,
    })),
    problems: engine.problems,
    patterns: [...patterns.values()],
  };
  const body = JSON.stringify(entry);
  writeAtomic(join(dir, `${name}.json`), `${createHmac('sha256', key).update(body).digest('hex')}\n${body}`);
}

/** loadPolicy() through the cache: the same engine, without validating and compiling again. */
export function loadPolicyCached(root: string, options: CacheOptions): PolicyEngine {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  const readText = options.readText ?? ((f: string) => readFileSync(f, 'utf8'));
  const dir = options.cacheDir === undefined ? policyCacheDir(env) : options.cacheDir;
  const policyFile = resolve(root, POLICY_RELATIVE_PATH);
  let policyText: string;
  try {
    policyText = readText(policyFile);
  } catch {
    return loadPolicy(root, options); // It reports the unreadable policy.
  }
  if (!dir || (!privateDir(dir, false) && !privateDir(dir, true))) return loadPolicy(root, options);
  const name = entryName(root, policyText, env, now, options.version ?? buildId());
  const hit = readEntry(dir, name, readText, policyFile, policyText);
  if (hit) return engineFrom(root, hit, now);
  const texts = new Map<string, string>();
  const engine = loadPolicy(root, {
    ...options,
    readText: (f) => {
      const t = f === policyFile ? policyText : readText(f);
      texts.set(f, t);
      return t;
    },
  });
  // Only a usable policy is worth keeping; an invalid one fails closed on every call anyway.
  if (engine.valid) {
    try {
      writeEntry(dir, name, engine, texts);
    } catch {
      // A cache is an optimisation; never fail a decision for it.
    }
  }
  return engine;
}
