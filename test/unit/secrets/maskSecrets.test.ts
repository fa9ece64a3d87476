import * as assert from 'node:assert/strict';
import { commandForAudit, MAX_AUDIT_COMMAND_CHARS } from '../../../src/core/audit/auditCommand';
import { looksLikeRandomToken, maskSecrets } from '../../../src/core/secrets/maskSecrets';

// [command, what must remain, secrets that must be gone]
const MASKED: readonly [string, string, readonly string[]][] = [
  ['curl -H "Authorization: Bearer abc.def.ghi123" https://api.example.com', 'curl -H "Authorization: Bearer ***" https://api.example.com', ['abc.def.ghi123']],
  ["curl -H 'X-Api-Key: 9f8e7d6c' https://x", "curl -H 'X-Api-Key: ***' https://x", ['9f8e7d6c']],
  ['git clone https://alice:hunter2@github.com/org/repo.git', 'git clone https://alice:***@github.com/org/repo.git', ['hunter2']],
  ['git push https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r', 'git push https://ghp_***@github.com/o/r', ['abcdefghijklmnopqrstuvwxyz0123456789']],
  ['gh auth login --with-token ghs_16C7e42F292c6912E7710c838347Ae178B4a', 'gh auth login --with-token ghs_***', ['16C7e42F292c6912E7710c838347Ae178B4a']],
  ['export OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234567890 && node x.js', 'export OPENAI_API_KEY=sk-proj-*** && node x.js', ['abcdefghijklmnop1234567890']],
  ['claude --key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv', 'claude --key sk-ant-api03-***', ['AbCdEfGhIjKlMnOpQrStUv']],
  ['aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE', 'aws configure set aws_access_key_id AKIA***', ['IOSFODNN7EXAMPLE']],
  ['curl -d token=xoxb-1234567890-abcdefghij slack.com', 'curl -d token=xoxb-*** slack.com', ['xoxb-1234567890']],
  ['post xoxp-1234567890-abcdefghij', 'post xoxp-***', ['1234567890-abcdefghij']],
  ['mysql -u root -pS3cretPass mydb', 'mysql -u root -p*** mydb', ['S3cretPass']],
  ['mysqldump --password=S3cret db > dump.sql', 'mysqldump --password=*** db > dump.sql', ['S3cret']],
  ['psql --password "my secret"', 'psql --password "***"', ['my secret']],
  ['DB_PASSWORD="p a s s" PWD=/home/x npm test', 'DB_PASSWORD="***" PWD=/home/x npm test', ['p a s s']],
  ['TOKEN=abc123 ./run.sh', 'TOKEN=*** ./run.sh', ['abc123']],
  ['curl -u admin:pa55word https://x', 'curl -u admin:*** https://x', ['pa55word']],
  ['curl -d \'{"password":"abc","user":"bob"}\' https://x', 'curl -d \'{"password":"***","user":"bob"}\' https://x', ['"abc"']],
  ['curl "https://x/api?user=bob&access_token=abcdef&x=1"', 'curl "https://x/api?user=bob&access_token=***&x=1"', ['abcdef']],
  ['kubectl create secret generic x --from-literal=password=hunter2', 'kubectl create secret generic x --from-literal=password=***', ['hunter2']],
  ['sshpass -p hunter2 ssh host', 'sshpass -p *** ssh host', ['hunter2']],
  ['echo dGhpcyBpcyBhIHNlY3JldCBrZXkgd2l0aCBudW1iZXJzIDEyMzQ1 | base64 -d', 'echo *** | base64 -d', ['dGhpcyBp']],
  ['run --id 550e8400-e29b-41d4-a716-446655440000', 'run --id ***', ['550e8400']],
  ['echo "-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----" > k', 'echo "[PRIVATE KEY ***]" > k', ['MIIEabc']],
  ['curl -H "Cookie: session=abc123def"', 'curl -H "Cookie: ***"', ['abc123def']],
];

// Commands with nothing secret in them stay readable.
const KEPT: readonly string[] = [
  'npm install --save-dev @typescript-eslint/eslint-plugin@8.73.0',
  'node node_modules/.bin/some-long-tool-name-here --experimental-vm-modules src/components/VeryLongComponentName2.tsx',
  'git commit --author="Alice <a@x.com>" -m "fix: thing"',
  'mkdir -p src/foo && ls -la',
  'docker login --password-stdin < file',
  'ssh -i ~/.ssh/id_rsa user@host',
  'kill --signal=9 123 && cd $OLDPWD',
  'grep -rn "TODO" src/ | head -20',
];

describe('maskSecrets', () => {
  for (const [command, expected, gone] of MASKED) {
    it(`masks ${JSON.stringify(command.slice(0, 50))}`, () => {
      const masked = maskSecrets(command);
      assert.equal(masked, expected);
      for (const secret of gone) assert.ok(!masked.includes(secret), `${secret} leaked`);
    });
  }

  it('leaves commands without secrets unchanged', () => {
    for (const command of KEPT) assert.equal(maskSecrets(command), command);
  });

  it('tells random tokens from words, paths and versions', () => {
    assert.equal(looksLikeRandomToken('Zx81Qw3RtY6uIo9PaS2dF'), true);
    assert.equal(looksLikeRandomToken('a3f9c2e1b7d4f6a0e5c2b9d8a7f6e5d4'), true);
    assert.equal(looksLikeRandomToken('ThisIsALongCamelCaseIdentifier'), false);
    assert.equal(looksLikeRandomToken('packages/core/src/components'), false);
    assert.equal(looksLikeRandomToken('eslint-plugin-typescript'), false);
  });

  it('is idempotent', () => {
    for (const [command] of MASKED) assert.equal(maskSecrets(maskSecrets(command)), maskSecrets(command));
  });
});

describe('commandForAudit', () => {
  it('drops heredoc bodies (file contents) but keeps the command around them', () => {
    const cmd = "cat <<'EOF' > .env\nSECRET=abc\nPLAIN=1\nEOF\necho done";
    assert.equal(commandForAudit(cmd), "cat <<'EOF' > .env\n[2 heredoc line(s) omitted]\nEOF\necho done");
  });

  it('caps long commands and says how much was cut', () => {
    const out = commandForAudit(`echo ${'word '.repeat(2000)}`);
    assert.ok(out.length < MAX_AUDIT_COMMAND_CHARS + 40);
    assert.match(out, /…\[\d+ chars omitted\]$/);
  });
});
