// C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, and tlog checkpoints
// (https://c2sp.org/tlog-checkpoint) as their body. Keys use the note encodings Go's
// golang.org/x/mod/sumdb/note reads: `PRIVATE+KEY+<name>+<hash>+<b64(0x01||seed)>` and the
// verifier key `<name>+<hash>+<b64(0x01||pub)>`, so the same key checks with the standard tools.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

const ALG_ED25519 = 1;
const SIG_PREFIX = '\u2014 ';
// PKCS#8 / SPKI wrappers for a raw Ed25519 seed / public key.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface NoteSigner {
  readonly name: string;
  readonly keyHash: number;
  readonly privateKey: KeyObject;
  /** The verifier key string (`name+hash+b64`), safe to publish. */
  readonly verifierKey: string;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyHash: number;
  readonly publicKey: KeyObject;
}

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
}

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/.test(name);
}

function keyHash(name: string, pub: Buffer): number {
  return createHash('sha256').update(`${name}\n`).update(Buffer.from([ALG_ED25519])).update(pub).digest().readUInt32BE(0);
}

function rawPublic(key: KeyObject): Buffer {
  return createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

/** Splits on the first `count - 1` plus signs: the base64 key at the end may itself contain '+'. */
function splitPlus(text: string, count: number): string[] {
  const parts = text.trim().split('+');
  return parts.length < count ? parts : [...parts.slice(0, count - 1), parts.slice(count - 1).join('+')];
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

export function generateSignerKey(name: string): string {
  if (!validName(name)) throw new Error(`invalid key name "${name}"`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  const pub = rawPublic(privateKey);
  return `PRIVATE+KEY+${name}+${hex8(keyHash(name, pub))}+${Buffer.concat([Buffer.from([ALG_ED25519]), seed]).toString('base64')}`;
}

export function parseSignerKey(text: string): NoteSigner {
  const parts = splitPlus(text, 5);
  if (parts.length !== 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY' || !validName(parts[2])) throw new Error('not a signed-note private key (PRIVATE+KEY+name+hash+key)');
  const raw = Buffer.from(parts[4], 'base64');
  if (raw.length !== 33 || raw[0] !== ALG_ED25519) throw new Error('only Ed25519 signed-note keys are supported');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw.subarray(1)]), format: 'der', type: 'pkcs8' });
  const pub = rawPublic(privateKey);
  const hash = keyHash(parts[2], pub);
  if (hex8(hash) !== parts[3].toLowerCase()) throw new Error('signed-note private key hash does not match the key');
  return { name: parts[2], keyHash: hash, privateKey, verifierKey: `${parts[2]}+${hex8(hash)}+${Buffer.concat([Buffer.from([ALG_ED25519]), pub]).toString('base64')}` };
}

export function parseVerifierKey(text: string): NoteVerifier {
  const parts = splitPlus(text, 3);
  if (parts.length !== 3 || !validName(parts[0])) throw new Error('not a signed-note verifier key (name+hash+key)');
  const raw = Buffer.from(parts[2], 'base64');
  if (raw.length !== 33 || raw[0] !== ALG_ED25519) throw new Error('only Ed25519 verifier keys are supported');
  const pub = raw.subarray(1);
  const hash = keyHash(parts[0], pub);
  if (hex8(hash) !== parts[1].toLowerCase()) throw new Error('verifier key hash does not match the key');
  return { name: parts[0], keyHash: hash, publicKey: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pub]), format: 'der', type: 'spki' }) };
}

export function formatCheckpoint(cp: Checkpoint): string {
  return `${cp.origin}\n${cp.size}\n${cp.root.toString('base64')}\n`;
}

export function parseCheckpoint(body: string): Checkpoint {
  const lines = body.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw new Error('checkpoint must have origin, size and root hash lines');
  const [origin, sizeText, rootText] = lines;
  if (!origin || !/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new Error('checkpoint size is not a decimal number');
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootText) throw new Error('checkpoint root hash is not base64 SHA-256');
  return { origin, size: Number(sizeText), root };
}

/** Signs a note body (which must end with a newline) with each signer. */
export function signNote(body: string, signers: readonly NoteSigner[]): string {
  if (!body.endsWith('\n')) throw new Error('note body must end with a newline');
  const sigs = signers.map((s) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(s.keyHash);
    const sig = sign(null, Buffer.from(body, 'utf8'), s.privateKey);
    return `${SIG_PREFIX}${s.name} ${Buffer.concat([id, sig]).toString('base64')}\n`;
  });
  return `${body}\n${sigs.join('')}`;
}

/** Opens a signed note: returns its body when a signature by `verifier` checks, else throws. */
export function openNote(note: string, verifier: NoteVerifier): string {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('malformed signed note');
  const body = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  for (const line of sigLines) {
    if (!line.startsWith(SIG_PREFIX)) throw new Error('malformed signature line in note');
    const [name, b64] = line.slice(SIG_PREFIX.length).split(' ');
    const raw = Buffer.from(b64 ?? '', 'base64');
    if (name !== verifier.name || raw.length !== 68 || raw.readUInt32BE(0) !== verifier.keyHash) continue;
    if (verify(null, Buffer.from(body, 'utf8'), verifier.publicKey, raw.subarray(4))) return body;
    throw new Error(`signature by ${name} does not verify`);
  }
  throw new Error(`note has no signature by ${verifier.name}+${hex8(verifier.keyHash)}`);
}
