// RFC 6962 (Certificate Transparency) Merkle tree hashing, audit paths and consistency proofs, so
// the audit log can be checked by any standard transparency-log verifier (e.g. Go's sumdb/tlog).
// Leaf hash = SHA-256(0x00 || record), interior node = SHA-256(0x01 || left || right).
import { createHash } from 'node:crypto';

export type Hash = Buffer;

export function leafHash(record: Buffer | string): Hash {
  return createHash('sha256').update(Buffer.from([0])).update(record).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

const EMPTY_ROOT = createHash('sha256').digest();

/** The largest power of two strictly below n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]) over precomputed leaf hashes. */
function subtreeRoot(leaves: readonly Hash[], lo: number, hi: number): Hash {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[lo];
  const k = split(n);
  return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi));
}

/** Root hash of the first `size` leaves (default: all). */
export function treeRoot(leaves: readonly Hash[], size = leaves.length): Hash {
  if (size > leaves.length) throw new RangeError(`tree size ${size} exceeds ${leaves.length} leaves`);
  return subtreeRoot(leaves, 0, size);
}

/** RFC 6962 PATH(m, D[0:size]): the audit path proving leaf `index` is in the tree of `size`. */
export function inclusionProof(leaves: readonly Hash[], index: number, size = leaves.length): Hash[] {
  if (index < 0 || index >= size || size > leaves.length) throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  const path = (m: number, lo: number, hi: number): Hash[] => {
    const n = hi - lo;
    if (n <= 1) return [];
    const k = split(n);
    return m < k ? [...path(m, lo, lo + k), subtreeRoot(leaves, lo + k, hi)] : [...path(m - k, lo + k, hi), subtreeRoot(leaves, lo, lo + k)];
  };
  return path(index, 0, size);
}

/** RFC 6962 PROOF(m, D[0:n]): proves the tree of `oldSize` is a prefix of the tree of `newSize`. */
export function consistencyProof(leaves: readonly Hash[], oldSize: number, newSize = leaves.length): Hash[] {
  if (oldSize < 0 || oldSize > newSize || newSize > leaves.length) throw new RangeError(`no consistency proof from ${oldSize} to ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const sub = (m: number, lo: number, hi: number, whole: boolean): Hash[] => {
    const n = hi - lo;
    if (m === n) return whole ? [] : [subtreeRoot(leaves, lo, hi)];
    const k = split(n);
    return m <= k
      ? [...sub(m, lo, lo + k, whole), subtreeRoot(leaves, lo + k, hi)]
      : [...sub(m - k, lo + k, hi, false), subtreeRoot(leaves, lo, lo + k)];
  };
  return sub(oldSize, 0, newSize, true);
}

/** The two node indices RFC 9162's proof checks walk up the tree (`fn`, `sn`). */
interface Walk {
  fn: number;
  sn: number;
}

/** "Right-shift fn and sn one time." */
function shift(at: Walk): void {
  at.fn = Math.floor(at.fn / 2);
  at.sn = Math.floor(at.sn / 2);
}

/** "Until LSB(fn) is set or fn is 0, right-shift fn and sn equally." */
function shiftWhileEven(at: Walk): void {
  while (at.fn % 2 === 0 && at.fn !== 0) shift(at);
}

/** RFC 9162 section 2.1.3.2: checks an audit path against a root. */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  if (index < 0 || index >= size) return false;
  const at = { fn: index, sn: size - 1 };
  let r = leaf;
  for (const p of proof) {
    if (at.sn === 0) return false;
    if (at.fn % 2 === 1 || at.fn === at.sn) {
      r = nodeHash(p, r);
      shiftWhileEven(at);
    } else {
      r = nodeHash(r, p);
    }
    shift(at);
  }
  return at.sn === 0 && r.equals(root);
}

/** RFC 9162 section 2.1.4.2: checks that `oldRoot` (of `oldSize`) is a prefix of `newRoot`. */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Hash, newRoot: Hash, proof: readonly Hash[]): boolean {
  if (oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  if (oldSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = (oldSize & (oldSize - 1)) === 0 ? [oldRoot, ...proof] : [...proof];
  const at = { fn: oldSize - 1, sn: newSize - 1 };
  while (at.fn % 2 === 1) shift(at);
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (at.sn === 0) return false;
    if (at.fn % 2 === 1 || at.fn === at.sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      shiftWhileEven(at);
    } else {
      sr = nodeHash(sr, c);
    }
    shift(at);
  }
  return at.sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}
