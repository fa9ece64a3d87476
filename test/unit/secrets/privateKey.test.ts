import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanText } from '../../../src/core/secrets/scanText';

function sshKey(type: 'ed25519' | 'rsa', passphrase: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-ssh-'));
  try {
    const file = path.join(dir, 'id');
    execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', passphrase, '-C', 'test', '-f', file]);
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('secrets: private keys', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
  const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString();

  it('finds PEM keys (PKCS#1, PKCS#8, SEC1, Ed25519) with the whole block as the range', () => {
    for (const [pem, label] of [[pkcs1, 'RSA PRIVATE KEY'], [pkcs8, 'PRIVATE KEY'], [ec, 'EC PRIVATE KEY'], [ed, 'PRIVATE KEY']]) {
      const text = `# deploy key\n${pem}`;
      const findings = scanText(text, 'keys/deploy.pem');
      assert.equal(findings.length, 1, label);
      const [f] = findings;
      assert.equal(f.rule, 'private-key');
      assert.equal(f.blocking, true);
      assert.equal(f.severity, 'critical');
      assert.equal(f.line, 2);
      assert.equal(f.column, 1);
      assert.equal(f.endLine, pem.trimEnd().split('\n').length + 1);
      assert.equal(f.endColumn, `-----END ${label}-----`.length + 1);
      assert.ok(f.description.includes(label));
    }
  });

  it('reports an encrypted key as high severity, still blocking', () => {
    const [f] = scanText(encrypted, 'k.pem');
    assert.equal(f.rule, 'private-key');
    assert.equal(f.severity, 'high');
    assert.equal(f.blocking, true);
  });

  it('finds OpenSSH keys from ssh-keygen and tells encrypted from plain', () => {
    const plain = scanText(sshKey('ed25519', ''), 'id_ed25519');
    assert.equal(plain.length, 1);
    assert.equal(plain[0].severity, 'critical');
    const withPassphrase = scanText(sshKey('ed25519', 'correct horse'), 'id_ed25519');
    assert.equal(withPassphrase.length, 1);
    assert.equal(withPassphrase[0].severity, 'high');
    assert.equal(scanText(sshKey('rsa', ''), 'id_rsa').length, 1);
  });

  it('finds a key embedded in source as an escaped one-line string and as concatenated lines', () => {
    const escaped = `const key = "${pkcs8.trimEnd().replace(/\n/g, '\\n')}";\n`;
    assert.equal(scanText(escaped, 'src/jwt.ts').length, 1);
    const concatenated = `KEY = (\n${pkcs1.trimEnd().split('\n').map((l) => `    "${l}\\n"`).join('\n')}\n)\n`;
    assert.equal(scanText(concatenated, 'settings.py').length, 1);
    const json = JSON.stringify({ type: 'service_account', private_key: pkcs8 });
    assert.equal(scanText(json, 'sa.json').length, 1);
  });

  it('ignores a header without a body, an elided body, a mismatched END and a public key', () => {
    const lines = pkcs1.trimEnd().split('\n');
    const cases = [
      'if (pem.startsWith("-----BEGIN RSA PRIVATE KEY-----")) parse(pem);',
      `-----BEGIN RSA PRIVATE KEY-----\n${lines[1]}\n...\n-----END RSA PRIVATE KEY-----`,
      `-----BEGIN RSA PRIVATE KEY-----\n<your key here>\n-----END RSA PRIVATE KEY-----`,
      `-----BEGIN PRIVATE KEY-----\n${lines.slice(1, -1).join('\n')}\n-----END RSA PRIVATE KEY-----`,
      `-----BEGIN RSA PRIVATE KEY-----\n${'X'.repeat(64)}\n${'X'.repeat(64)}\n-----END RSA PRIVATE KEY-----`,
      rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      `-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----`,
    ];
    for (const text of cases) assert.deepEqual(scanText(text, 'docs/keys.md'), [], text.slice(0, 80));
  });

  it('reports two keys in one file separately', () => {
    assert.equal(scanText(`${pkcs1}\n${ec}`, 'both.pem').length, 2);
  });
});
