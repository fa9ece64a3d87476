// The hook runs once per assistant tool call; validating and compiling an org policy of thousands
// of rules costs more than Node's own start-up. This cache keeps the validated, compiled policy in
// the user's private cache folder (never in the workspace, where an AI writes), and trusts an
// entry only after checking it: the folder is the user's alone (0700, owned by them), the entry
// is named by a hash of the policy's bytes, Airlock's version and the day, every layer it was
// built from still has the bytes it had, and an HMAC with a per-user random key matches. Anything
// else is a miss: the policy is loaded the slow way, which is always correct.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ClassifyStore } from './classifyStore';
import { writeAtomic } from '../util/atomicWrite';
import { patternFromParts, patternParts, type PatternParts } from './gitignorePattern';
import { BASELINE_ENV, loadPolicy, type LoadOptions } from './loadPolicy';
import { PolicyEngine } from './policyEngine';
import type { LayerEntry, PrebuiltLayer } from './policyLayer';
import type { PatternIndexData } from './patternSet';
import type { PolicyProblem } from './policyError';
import type { DataClass, PolicyDocument, PolicyRule } from './policyTypes';
import type { SourceLocation } from './policyRefs';
import { POLICY_RELATIVE_PATH } from '../words/airlockLayout';

// Bump with every change to the entry's layout: an entry of another layout is never read.
const FORMAT = 5;

export interface CacheOptions extends LoadOptions {
  /** The cache folder; null turns the cache off. Default: policyCacheDir(env). */
  readonly cacheDir?: string | null;
  /** Airlock's version and build: a new build never reads an older one's entries. Default: buildId(). */
  readonly version?: string;
  /**
   * For one-shot processes (the hook, `airlock exec`): read and check the records a block at a
   * time, when a path first selects one, instead of reading and hashing the whole entry up front.
   * A block that no longer matches then throws (the caller fails closed) instead of being a miss.
   */
  readonly lazyRecords?: boolean;
}

/** Set by the build (esbuild `define`): one stamp for every bundle of one build. */
declare const AIRLOCK_BUILD_STAMP: string | undefined;

/**
 * Airlock's version and build: a rebuilt Airlock never trusts what an older one compiled. The
 * bundles of one build share the stamp, so the hooks inside `airlock run` (hook.js, which cannot
 * write the cache there) use the entry `run` itself (commands.js) wrote before starting them. Run
 * from source: this module's file time.
 */
export function buildId(): string {
  let stamp = typeof AIRLOCK_BUILD_STAMP === 'string' ? AIRLOCK_BUILD_STAMP : '';
  if (stamp === '') {
    try {
      stamp = String(statSync(__filename).mtimeMs);
    } catch {
      // No file behind this module: the version alone.
    }
  }
  return `${process.env.AIRLOCK_VERSION ?? '0.1.0'}+${stamp}`;
}

// An entry is "<hex MAC>\n<head JSON>\n<record>\n<record>...". The head holds everything a load
// needs up front (settings, classes, exceptions, each layer's literal index, record offsets, the
// SHA-256 of every block of records); a record (one pattern, or one rule) is parsed only when a
// path selects it. The MAC covers the head, the head's block hashes the records: a Read need not
// read, nor hash, the megabytes of records of an org policy it never selects.

/** A rule in a few array slots. */
type StoredRule = [className: string, reason: string | null, carveOut: 0 | 1, line: number, column: number, texts: string[], lines: number[], columns: number[]];
/** A pattern: what it compiles to, and the rule (kind 0) or live exception (kind 1) it belongs to. */
type StoredPattern = [parts: PatternParts, kind: 0 | 1, owner: number, line: number];
type StoredHead = Omit<PolicyDocument, 'classes' | 'rules' | 'source'> & { classes: DataClass[] };

interface StoredLayer {
  readonly file: string;
  /** The document without its rules; every location inside says '' for the file. */
  readonly doc: StoredHead;
  readonly ruleCount: number;
  readonly ruleClasses: readonly string[];
  readonly index: PatternIndexData;
  /** Record numbers of this layer's first pattern and first rule. */
  readonly patternBase: number;
  readonly ruleBase: number;
}

interface Head {
  readonly format: number;
  readonly name: string;
  readonly layers: ReadonlyArray<{ file: string; sha256: string }>;
  readonly docs: readonly StoredLayer[];
  readonly problems: readonly PolicyProblem[];
  /**
   * Where record k starts (in bytes, after the head's line); one extra offset marks the end. Eight
   * hex digits each, in one string: it parses far faster than an org policy's worth of numbers,
   * and only the offsets of records a path selects are ever read.
   */
  readonly offsets: string;
  /** The records' length in bytes, and the SHA-256 (hex, one after the other) of each BLOCK of them. */
  readonly size: number;
  readonly blocks: string;
}

interface Entry {
  readonly head: Head;
  /** Bytes [start, end) of the records (after the head's line), checked against the head's block hashes. */
  readonly records: (start: number, end: number) => Buffer;
}

/** Records are hashed in blocks of this many bytes. */
const BLOCK = 1 << 16;

const NL = 0x0a;

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

/** `$XDG_CACHE_HOME/airlock/policy` (or ~/.cache/...); null when AIRLOCK_NO_POLICY_CACHE is set. */
export function policyCacheDir(env: NodeJS.ProcessEnv): string | null {
  if (env.AIRLOCK_NO_POLICY_CACHE) return null;
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : join(homedir(), '.cache'));
  return base ? join(base, 'airlock', 'policy') : null;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

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

function entryName(root: string, policySha: string, env: NodeJS.ProcessEnv, now: Date, version: string): string {
  // The day is in the name: which exceptions have expired (and their warnings) change with it.
  return sha256(JSON.stringify([FORMAT, version, resolve(root, POLICY_RELATIVE_PATH), env[BASELINE_ENV] ?? '', now.toISOString().slice(0, 10), policySha]));
}

function blockHashes(records: Buffer): string {
  let out = '';
  for (let at = 0; at < records.length; at += BLOCK) out += sha256(records.subarray(at, at + BLOCK));
  return out;
}

/** Reads `length` bytes at `position` of an open file; fewer means the file is shorter. */
function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** The MAC line and the head of an entry, read until the head's end (an org policy's head is ~150 KB). */
function readHeadLines(fd: number): { mac: Buffer; head: Buffer } | null {
  let buf: Buffer = Buffer.alloc(0);
  for (let step = 1 << 18; ; step *= 2) {
    const more = readAt(fd, buf.length, step);
    buf = buf.length === 0 ? more : Buffer.concat([buf, more]);
    const nl = buf.indexOf(NL);
    const headEnd = nl < 0 ? -1 : buf.indexOf(NL, nl + 1);
    if (headEnd >= 0) return { mac: buf.subarray(0, nl), head: buf.subarray(nl + 1, headEnd) };
    if (more.length < step) return null;
  }
}

function readEntry(dir: string, name: string, layerSha: (file: string) => string, lazy: boolean): Entry | null {
  const key = macKey(dir, false);
  if (!key) return null;
  const file = join(dir, `${name}.json`);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  let head: Head;
  let recordsAt: number;
  let eager: Buffer | null = null;
  try {
    const lines = readHeadLines(fd);
    if (!lines) return null;
    const want = createHmac('sha256', key).update(lines.head).digest();
    const got = Buffer.from(lines.mac.toString('latin1'), 'hex');
    if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
    head = JSON.parse(lines.head.toString('utf8')) as Head;
    if (head.format !== FORMAT || head.name !== name || typeof head.offsets !== 'string' || typeof head.blocks !== 'string' || !Number.isSafeInteger(head.size)) return null;
    recordsAt = lines.mac.length + lines.head.length + 2;
    // A truncated or extended entry is a miss here, before anything is built from it.
    if (fstatSync(fd).size !== recordsAt + head.size) return null;
    if (!lazy) {
      eager = readAt(fd, recordsAt, head.size);
      if (eager.length !== head.size || blockHashes(eager) !== head.blocks) return null;
    }
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
  for (const layer of head.layers) {
    let sum: string;
    try {
      sum = layerSha(layer.file);
    } catch {
      return null;
    }
    if (sum !== layer.sha256) return null;
  }
  if (eager) {
    const all = eager;
    return { head, records: (a, b) => all.subarray(a, b) };
  }
  // Blocks are read on demand and trusted only once their hash is the head's.
  const checked = new Map<number, Buffer>();
  const block = (j: number): Buffer => {
    let bytes = checked.get(j);
    if (bytes) return bytes;
    const length = Math.min(BLOCK, head.size - j * BLOCK);
    const fd2 = openSync(file, 'r');
    try {
      bytes = readAt(fd2, recordsAt + j * BLOCK, length);
    } finally {
      closeSync(fd2);
    }
    if (bytes.length !== length || sha256(bytes) !== head.blocks.slice(64 * j, 64 * j + 64)) {
      // This call fails closed; removing the entry lets the next one rebuild it.
      rmSync(file, { force: true });
      throw new Error(`the compiled-policy cache entry ${file} changed after it was verified (removed; the next call rebuilds it)`);
    }
    checked.set(j, bytes);
    return bytes;
  };
  const records = (a: number, b: number): Buffer => {
    const first = Math.floor(a / BLOCK);
    const last = Math.floor(Math.max(a, b - 1) / BLOCK);
    if (first === last) return block(first).subarray(a - first * BLOCK, b - first * BLOCK);
    const parts: Buffer[] = [];
    for (let j = first; j <= last; j++) parts.push(block(j));
    return Buffer.concat(parts).subarray(a - first * BLOCK, b - first * BLOCK);
  };
  return { head, records };
}

function engineFrom(root: string, { head, records }: Entry, now: Date): PolicyEngine {
  const offset = (k: number): number => Number.parseInt(head.offsets.slice(8 * k, 8 * k + 8), 16);
  const record = <T>(k: number): T => JSON.parse(records(offset(k), offset(k + 1) - 1).toString('utf8')) as T;
  const docs: PolicyDocument[] = [];
  const prebuilt: PrebuiltLayer[] = [];
  for (const layer of head.docs) {
    const file = layer.file;
    // Put the file name back into every location by walking the known shape (a JSON reviver
    // visiting every value costs more than the rest of the load).
    const at = (x: { location: SourceLocation }): void => {
      if (x.location.source === '') (x.location as { source: string }).source = file;
    };
    layer.doc.classes.forEach(at);
    for (const e of layer.doc.exceptions) {
      at(e);
      e.patterns.forEach(at);
    }
    // One object per rule however it is reached: loosening checks compare rules by identity.
    const rules = new Array<PolicyRule | undefined>(layer.ruleCount);
    const rule = (i: number): PolicyRule => (rules[i] ??= restoreRule(record<StoredRule>(layer.ruleBase + i), i, file));
    const doc = { ...layer.doc, source: file, classes: new Map(layer.doc.classes.map((c) => [c.name, c])) } as Omit<PolicyDocument, 'rules'> as PolicyDocument;
    // Whole-document readers (reports, the editor's risk view) get every rule, restored on first read.
    let all: readonly PolicyRule[] | undefined;
    Object.defineProperty(doc, 'rules', { enumerable: true, get: () => (all ??= Array.from({ length: layer.ruleCount }, (_, i) => rule(i))) });
    docs.push(doc);
    prebuilt.push({
      index: layer.index,
      ruleClasses: layer.ruleClasses,
      pattern: (i) => patternFromParts(record<StoredPattern>(layer.patternBase + i)[0]),
      entry: (i): LayerEntry => {
        const [, kind, owner, line] = record<StoredPattern>(layer.patternBase + i);
        return kind === 0 ? { kind: 'rule', rule: rule(owner), line } : { kind: 'exception', exception: doc.exceptions[owner], line };
      },
    });
  }
  return new PolicyEngine(root, docs, head.problems, now, prebuilt);
}

function writeEntry(dir: string, name: string, engine: PolicyEngine, texts: Map<string, string>): void {
  const key = macKey(dir, true);
  if (!key) return;
  const records: string[] = [];
  const docs = engine.layers.map((l): StoredLayer => {
    const patternBase = records.length;
    const patterns = l.compiledPatterns;
    for (let i = 0; i < patterns.length; i++) {
      const parts = patternParts(patterns[i]);
      if (!parts) throw new Error('a pattern the cache cannot store');
      const e = l.entry(i);
      const stored: StoredPattern = e.kind === 'rule' ? [parts, 0, e.rule.index, e.line] : [parts, 1, l.doc.exceptions.indexOf(e.exception), e.line];
      records.push(JSON.stringify(stored));
    }
    const ruleBase = records.length;
    for (const r of l.doc.rules) records.push(JSON.stringify(storeRule(r)));
    const { rules: _rules, source, ...rest } = l.doc;
    const doc = JSON.parse(JSON.stringify({ ...rest, classes: [...l.doc.classes.values()] }, (k, v: unknown) => (k === 'source' && v === source ? '' : v))) as StoredHead;
    return { file: source, doc, ruleCount: l.doc.rules.length, ruleClasses: [...l.ruleClasses], index: l.indexData(), patternBase, ruleBase };
  });
  const hex8 = (n: number): string => {
    if (n > 0xffffffff) throw new Error('a cache entry this large is not kept');
    return n.toString(16).padStart(8, '0');
  };
  const offsets: string[] = [];
  let at = 0;
  for (const r of records) {
    offsets.push(hex8(at));
    at += Buffer.byteLength(r, 'utf8') + 1;
  }
  offsets.push(hex8(at));
  const recordBytes = Buffer.from(records.map((r) => `${r}\n`).join(''), 'utf8');
  const layers = [...texts].map(([file, text]) => ({ file, sha256: sha256(Buffer.from(text, 'utf8')) }));
  const head: Head = { format: FORMAT, name, layers, docs, problems: engine.problems, offsets: offsets.join(''), size: recordBytes.length, blocks: blockHashes(recordBytes) };
  const headText = JSON.stringify(head);
  writeAtomic(join(dir, `${name}.json`), Buffer.concat([Buffer.from(`${createHmac('sha256', key).update(headText).digest('hex')}\n${headText}\n`, 'utf8'), recordBytes]));
}

/** loadPolicy() through the cache: the same engine, without validating and compiling again. */
export function loadPolicyCached(root: string, options: CacheOptions): PolicyEngine {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  const given = options.readText;
  // Without an editor's text, files are hashed as bytes: decoding an org policy costs more than hashing it.
  const readText = given ?? ((f: string) => readFileSync(f, 'utf8'));
  const readBytes = (f: string): Buffer => (given ? Buffer.from(given(f), 'utf8') : readFileSync(f));
  const dir = options.cacheDir === undefined ? policyCacheDir(env) : options.cacheDir;
  const policyFile = resolve(root, POLICY_RELATIVE_PATH);
  let policyBytes: Buffer;
  try {
    policyBytes = readBytes(policyFile);
  } catch {
    return loadPolicy(root, options); // It reports the unreadable policy.
  }
  if (!dir || (!privateDir(dir, false) && !privateDir(dir, true))) return loadPolicy(root, options);
  const policySha = sha256(policyBytes);
  const name = entryName(root, policySha, env, now, options.version ?? buildId());
  const hit = readEntry(dir, name, (f) => (f === policyFile ? policySha : sha256(readBytes(f))), options.lazyRecords === true);
  if (hit) return withClassifyStore(engineFrom(root, hit, now), dir, name, hit.head.layers);
  const texts = new Map<string, string>();
  const policyText = policyBytes.toString('utf8');
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
      withClassifyStore(engine, dir, name, [...texts].map(([file, text]) => ({ file, sha256: sha256(Buffer.from(text, 'utf8')) })));
    } catch {
      // A cache is an optimisation; never fail a decision for it.
    }
  }
  return engine;
}

/** Classifications kept beside the entry, signed with its key over the entry name and every layer's hash. */
function withClassifyStore(engine: PolicyEngine, dir: string, name: string, layers: ReadonlyArray<{ readonly file: string; readonly sha256: string }>): PolicyEngine {
  const key = macKey(dir, false);
  if (key) engine.useClassifyStore(new ClassifyStore(join(dir, `${name}.classify`), key, JSON.stringify([name, layers])));
  return engine;
}
