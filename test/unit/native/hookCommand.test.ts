import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  customHookCommand,
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

  it('builds the three launchers; npx never downloads and names the bin, not a registry package', () => {
    assert.match(posixFailClosed(hookCommandFor('npx'), 'vscode'), /^npx --no-install --loglevel=silent airlock hook --client vscode \|\| \{/);
    assert.match(powershellFailClosed(hookCommandFor('npx'), 'vscode'), /^try \{ & npx\.cmd --no-install --loglevel=silent airlock hook --client vscode; if \(\$LASTEXITCODE -ne 0\) \{ if \(\$LASTEXITCODE -ne 2\) \{ \[Console\]::Error\.WriteLine\('Airlock [^']+'\) \}; exit 2 \} \} catch \{ \[Console\]::Error\.WriteLine\('Airlock [^']+'\); exit 2 \}$/);
    assert.equal(posixHookLine(hookCommandFor('launcher'), 'codex'), '"$HOME/.airlock/bin/airlock" hook --client codex');
  });

  it('a missing Airlock blocks with ONE line naming Airlock and what to install, for every launcher', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-native-home-'));
    try {
      for (const kind of ['global', 'launcher', 'npx'] as const) {
        const line = posixFailClosed(hookCommandFor(kind), 'claude-code');
        const r = spawnSync('/bin/sh', ['-c', line], { cwd: home, input: '{}', env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: home }, encoding: 'utf8' });
        assert.equal(r.status, 2, kind);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 1, `${kind}: ${r.stderr}`);
        assert.match(lines[0], /^Airlock .*install/, kind);
        assert.match(lines[0], kind === 'npx' ? /npm install in the repository root/ : /@airlock-dev\/airlock/, kind);
      }
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('adds no hint when Airlock itself blocked (exit 2 with its own reason)', () => {
    const r = runPosix(posixFailClosed(global, 'claude-code'), 'echo "Airlock policy: read denied" >&2; exit 2');
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim(), 'Airlock policy: read denied');
  });

  it('a custom command names itself in the hint; a hint with a quote cannot break out of the shell string', () => {
    const line = posixFailClosed(customHookCommand("run-airlock 'x' hook"), 'vscode');
    const r = spawnSync('/bin/sh', ['-c', line], { input: '{}', env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^Airlock did not run \(hook command: run-airlock x hook\)/m);
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
