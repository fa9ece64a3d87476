// Private keys: the BEGIN line alone is common in docs and parsers, so we report only a block with
// a matching END line and a body that decodes like a key.
import { shannonEntropy } from './entropy';
import { eachMatchRule } from './ruleTypes';

const BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/g;
/** RSA 4096 is ~3.3 KB, PGP blocks can be larger; beyond this the END line belongs to something else. */
const MAX_BLOCK = 32_768;
/** A PKCS#8 Ed25519 key, the smallest common one, is 64 base64 chars. */
const MIN_BODY = 60;
/** PEM (RFC 1421) and OpenPGP armour headers such as `Proc-Type: 4,ENCRYPTED`. */
const ARMOUR_HEADER = /^[ \t]*[A-Za-z][A-Za-z-]*: [^\n]*$/gm;
/** What may separate base64 lines inside source code: newlines, `\n` escapes, quotes, `+`, comment stars. */
const SEPARATORS = /\\[nrt]|[\s"'`+,;*#]/g;
const OPENSSH_MAGIC = 'b3BlbnNzaC1rZXktdjE'; // base64 of "openssh-key-v1"

/** Structural check of the decoded start: DER keys open with an ASN.1 SEQUENCE, OpenSSH with its magic. */
function looksLikeKeyBody(label: string, body: string, encryptedPem: boolean): boolean {
  if (label === 'OPENSSH PRIVATE KEY') return body.startsWith(OPENSSH_MAGIC);
  if (label.startsWith('PGP ') || encryptedPem) return true;
  return Buffer.from(body.slice(0, 8), 'base64')[0] === 0x30;
}

export const privateKeyRule = eachMatchRule('private-key', 'BEGIN', BEGIN, (m, text, out) => {
  const label = m[1];
  const bodyStart = m.index + m[0].length;
  const endMarker = `-----END ${label}-----`;
  const endAt = text.indexOf(endMarker, bodyStart);
  if (endAt === -1 || endAt - bodyStart > MAX_BLOCK) return;
  const raw = text.slice(bodyStart, endAt);
  const encryptedPem = /Proc-Type:[ \t]*4,ENCRYPTED/.test(raw);
  const body = raw.replace(ARMOUR_HEADER, '').replace(SEPARATORS, '');
  // Anything else in between (`...`, `<key>`, prose) means an elided or example key.
  // (An OpenPGP block ends with a `=XXXX` checksum line after the padding.)
  if (body.length < MIN_BODY || !/^[A-Za-z0-9+/]+={0,2}$/.test(body.replace(/=[A-Za-z0-9+/]{4}$/, ''))) return;
  if (shannonEntropy(body) < 4.5 || !looksLikeKeyBody(label, body, encryptedPem)) return;
  const encrypted = encryptedPem || label.startsWith('ENCRYPTED') || (label === 'OPENSSH PRIVATE KEY' && !isUnencryptedOpenSsh(body));
  const end = endAt + endMarker.length;
  out.push({
    start: m.index, end, secret: body, rule: 'private-key',
    description: encrypted ? `Encrypted private key (${label})` : `Private key (${label})`,
    severity: encrypted ? 'high' : 'critical', blocking: true,
  });
  BEGIN.lastIndex = end;
});

/** OpenSSH keys name their cipher right after the magic; `none` means no passphrase. */
function isUnencryptedOpenSsh(body: string): boolean {
  const head = Buffer.from(body.slice(0, 64), 'base64');
  // "openssh-key-v1\0" (15 bytes) then a uint32 length and the cipher name.
  return head.toString('latin1', 19, 23) === 'none';
}
