import * as assert from 'node:assert/strict';
import { decodeUtf16, isCompressedContainer, printableStrings } from '../../../src/core/secrets/hiddenValues';
import { scanText } from '../../../src/core/secrets/scanText';
import { FakeTokens } from './fakeTokens';

describe('secrets: hidden values and encodings', () => {
  const gen = new FakeTokens(77);
  const rules = (text: string, file: string): string[] => scanText(text, file).filter((f) => f.blocking).map((f) => f.rule);

  it('decodes UTF-16 with and without a byte-order mark, and leaves other bytes alone', () => {
    const s = 'api_key = "abc"\n';
    assert.equal(decodeUtf16(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])), s);
    assert.equal(decodeUtf16(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()])), s);
    assert.equal(decodeUtf16(Buffer.from(s, 'utf16le')), s);
    assert.equal(decodeUtf16(Buffer.from(s, 'utf16le').swap16()), s);
    assert.equal(decodeUtf16(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3, 4])), null);
  });

  it('tells compressed containers from other binary, and lists printable strings of the rest', () => {
    assert.ok(isCompressedContainer(Buffer.from([0x1f, 0x8b, 8, 0])));
    assert.ok(isCompressedContainer(Buffer.from('PK\u0003\u0004rest', 'latin1')));
    assert.ok(!isCompressedContainer(Buffer.from([0x89, 0x50, 0x4e, 0x47])));
    assert.equal(printableStrings(Buffer.from('\u0000\u0001short\u0000a longer run\u0000', 'latin1')), 'a longer run');
  });

  it('finds a token split across literals in JavaScript, Python, Go, PHP and Lua', () => {
    const t = gen.github();
    const [a, b] = [t.slice(0, 15), t.slice(15)];
    assert.deepEqual(rules(`const token = "${a}" + "${b}";`, 'a.js'), ['github-pat']);
    assert.deepEqual(rules(`token = ("${a}"\n    "${b}")`, 'a.py'), ['github-pat']);
    assert.deepEqual(rules(`token := "${a}" +\n\t"${b}"`, 'a.go'), ['github-pat']);
    assert.deepEqual(rules(`$token = '${a}' . '${b}';`, 'a.php'), ['github-pat']);
    assert.deepEqual(rules(`local token = "${a}" .. "${b}"`, 'a.lua'), ['github-pat']);
  });

  it('finds tokens in base64, hex and URL encoding, naming how they were hidden', () => {
    const t = gen.stripe('sk_live');
    const [b64] = scanText(`stripe_key: ${Buffer.from(t).toString('base64')}`, 'k8s/secret.yaml');
    assert.equal(b64.rule, 'stripe-secret-key');
    assert.match(b64.description, /base64-encoded/);
    assert.match(scanText(`secret = "${Buffer.from(t).toString('hex')}"`, 'a.py')[0].description, /hex-encoded/);
    assert.match(scanText(`password=${encodeURIComponent(`postgres://app:${gen.password(16)}@db.prod.internal/app`)}`, '.env')[0].description, /URL-encoded/);
  });

  it('stays bounded: long chains and huge values are read only up to their caps', () => {
    const chain = `token = ${Array.from({ length: 5000 }, () => '"ab"').join(' + ')};\n`;
    assert.deepEqual(rules(chain, 'a.js'), []);
    const huge = `secret = "${'A'.repeat(200_000)}"`;
    assert.deepEqual(rules(huge, 'a.py'), []);
  });

  it('does not decode values that are not credentials (random base64, hashes)', () => {
    assert.deepEqual(rules(`token = "${Buffer.from(gen.hex(48), 'hex').toString('base64')}"`, 'a.ts'), []);
    assert.deepEqual(rules(`checksum_key = "${gen.hex(64)}"`, 'a.ts'), []);
  });
});
