import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  hookCommandFor,
  posixFailClosed,
  posixHookLine,
  powershellFailClosed,
  windowsEncodedPowerShell,
} from '../../../src/core/native/hookCommand';

/** Runs a generated POSIX hook line with a fake `airlock` on PATH, the way an assistant runs a hook: sh -c, JSON on stdin. */
function runPosix(line: string, fakeAirlock: string | null): { status: number | null; stdout: string; stderr: string } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-native-bin-'));
  try {
    if (fakeAirlock !== null) {
      fs.writeFileSync(path.join(bin, 'airlock'), `#!/bin/sh\n${fakeAirlock}\n`, { mode: 0o755 });
    }
    const r = spawnSync('/bin/sh', ['-c', line], { input: '{"hook_event_name":"PreToolUse"}', env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

describe('native/hookCommand', () => {
  const global = hookCommandFor('global');

  it('passes the answer through when Airlock runs, with the client hint and stdin intact', () => {
    const r = runPosix(posixFailClosed(global, 'claude-code'), 'read input; echo "{\\"args\\":\\"$*\\",\\"in\\":$input}"; exit 0');
    assert.equal(r.status, 0);
    assert.deepEqual(JSON.parse(r.stdout), { args: 'hook --client claude-code', in: { hook_event_name: 'PreToolUse' } });
  });

  it('keeps exit code 2 (the block) from Airlock itself', () => {
    const r = runPosix(posixFailClosed(global, 'claude-code'), 'echo "denied: secrets/" >&2; exit 2');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /denied: secrets\//);
  });

  it('fails closed: a crash (exit 1) and a missing Airlock (127) both become exit 2', () => {
    assert.equal(runPosix(posixFailClosed(global, 'claude-code'), 'exit 1').status, 2);
    const missing = runPosix(posixFailClosed(global, 'codex'), null);
    assert.equal(missing.status, 2);
    // The same command without the wrapper would have let the call through (127 is non-blocking).
    assert.equal(runPosix(posixHookLine(global, 'codex'), null).status, 127);
  });

  it('builds the three launchers; npx never downloads', () => {
    assert.equal(posixFailClosed(hookCommandFor('npx'), 'vscode'), 'npx --no-install airlock hook --client vscode || exit 2');
    assert.match(powershellFailClosed(hookCommandFor('npx'), 'vscode'), /^try \{ & npx\.cmd --no-install airlock hook --client vscode; if \(\$LASTEXITCODE -ne 0\) \{ exit 2 \} \} catch \{ exit 2 \}$/);
    assert.equal(posixHookLine(hookCommandFor('launcher'), 'codex'), '"$HOME/.airlock/bin/airlock" hook --client codex');
  });

  it('encodes the Windows command so no shell quoting applies', () => {
    const script = powershellFailClosed(hookCommandFor('launcher'), 'vscode');
    const line = windowsEncodedPowerShell(script);
    const encoded = line.split(' ').pop() ?? '';
    assert.equal(Buffer.from(encoded, 'base64').toString('utf16le'), script);
    assert.match(line, /^powershell\.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/);
  });

  it('rejects a multi-line or empty command instead of writing a broken hook', () => {
    assert.throws(() => posixFailClosed({ posix: 'airlock hook\nrm -rf /', powershell: 'airlock hook' }, 'vscode'), /one line/);
    assert.throws(() => powershellFailClosed({ posix: 'airlock hook', powershell: ' ' }, 'vscode'), /empty/);
  });
});
