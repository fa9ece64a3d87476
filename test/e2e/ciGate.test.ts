// The GitHub Action's entry script (scripts/ciGate.sh), run locally with the environment a runner
// provides: GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP, GITHUB_BASE_REF.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeTokens } from '../unit/secrets/fakeTokens';
import { AIRLOCK_CLI, assertCliBuilt, shellQuote } from './airlockSetup';

const GATE = path.resolve(__dirname, '..', '..', 'scripts', 'ciGate.sh');
const POLICY = '{ "version": 1, "sync": { "targets": "all" }, "rules": [{ "paths": ["**/.env", "secrets/"], "class": "secret" }, { "paths": ["/src/auth/"], "class": "reviewed" }] }\n';

interface Runner {
  readonly ws: string;
  readonly temp: string;
  readonly summary: string;
  readonly output: string;
  git(...args: string[]): void;
  gate(extra?: Record<string, string>): { status: number | null; stdout: string; stderr: string };
}

function runner(): Runner {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-gate-')));
  const ws = path.join(base, 'ws');
  const temp = path.join(base, 'runner-temp');
  fs.mkdirSync(ws);
  fs.mkdirSync(temp);
  const summary = path.join(temp, 'step-summary.md');
  const output = path.join(temp, 'output.txt');
  fs.writeFileSync(summary, '');
  fs.writeFileSync(output, '');
  const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com' };
  return {
    ws,
    temp,
    summary,
    output,
    git: (...args) => void execFileSync('git', args, { cwd: ws, env: gitEnv, stdio: 'ignore' }),
    gate: (extra = {}) => {
      const r = spawnSync('bash', [GATE], {
        cwd: ws,
        env: {
          PATH: process.env.PATH,
          HOME: base,
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: ws,
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_OUTPUT: output,
          RUNNER_TEMP: temp,
          AIRLOCK_CLI: `${shellQuote(process.execPath).slice(1, -1)} ${AIRLOCK_CLI}`,
          ...extra,
        },
        encoding: 'utf8',
      });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
  };
}

describe('CI gate (action entry script)', function () {
  this.timeout(60_000);
  let r: Runner;
  before(() => assertCliBuilt());
  beforeEach(() => {
    r = runner();
    fs.mkdirSync(path.join(r.ws, '.airlock'));
    fs.writeFileSync(path.join(r.ws, '.airlock', 'policy.json'), POLICY);
    fs.writeFileSync(path.join(r.ws, 'app.py'), 'print("hi")\n');
    r.git('init', '-q', '-b', 'main');
    execFileSync(process.execPath, [AIRLOCK_CLI, 'sync', '--root', r.ws, '--launcher', 'global'], { stdio: 'ignore' });
    r.git('add', '-A');
    r.git('commit', '-qm', 'base');
  });
  afterEach(() => fs.rmSync(path.dirname(r.ws), { recursive: true, force: true }));

  it('passes a clean repository: SARIF for code scanning, outputs, and a job summary with the provenance table', () => {
    const run = r.gate();
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const outputs = fs.readFileSync(r.output, 'utf8');
    const sarifPath = /^sarif=(.*)$/m.exec(outputs)?.[1];
    assert.equal(sarifPath, path.join(r.temp, 'airlock.sarif'));
    const sarif = JSON.parse(fs.readFileSync(sarifPath, 'utf8')) as { version: string; runs: unknown[] };
    assert.equal(sarif.version, '2.1.0');
    assert.match(outputs, /^check=0$/m);
    assert.match(outputs, /^sync=0$/m);
    const summary = fs.readFileSync(r.summary, 'utf8');
    assert.match(summary, /^## Airlock$/m);
    assert.match(summary, /`airlock check` .*\| passed \|/);
    assert.match(summary, /`airlock sync --check` .*\| passed \|/);
    assert.match(summary, /AI/);
    assert.match(run.stdout, /::group::airlock check/);
  });

  it('fails on a live secret (SARIF result) and on drift, naming both in the summary', () => {
    const token = new FakeTokens(7).github();
    fs.writeFileSync(path.join(r.ws, 'config.py'), `TOKEN = "${token}"\n`);
    fs.rmSync(path.join(r.ws, '.codex', 'hooks.json'));
    const run = r.gate();
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /::error title=Airlock::the Airlock gate failed/);
    const sarif = JSON.parse(fs.readFileSync(path.join(r.temp, 'airlock.sarif'), 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.ok(sarif.runs[0].results.some((x) => x.locations[0].physicalLocation.artifactLocation.uri.endsWith('config.py')));
    const summary = fs.readFileSync(r.summary, 'utf8');
    assert.match(summary, /`airlock check` .*\| \*\*failed\*\* \|/);
    assert.match(summary, /`airlock sync --check` .*\| \*\*failed\*\* \|/);
    assert.match(summary, /\.codex\/hooks\.json/);
    assert.ok(!summary.includes(token) && !fs.readFileSync(path.join(r.temp, 'airlock.sarif'), 'utf8').includes(token), 'the secret never reaches the summary or the SARIF log');
  });

  it('fail-on none only reports; an unusable Airlock is exit 2 with an error annotation', () => {
    fs.rmSync(path.join(r.ws, '.codex', 'hooks.json'));
    assert.equal(r.gate({ AIRLOCK_FAIL_ON: 'none' }).status, 0);
    const broken = r.gate({ AIRLOCK_CLI: `${process.execPath} ${path.join(r.temp, 'missing.js')}` });
    assert.equal(broken.status, 2);
    assert.match(broken.stdout, /::error title=Airlock::Airlock does not run/);
  });

  it('on a pull request compares provenance with origin/<base branch>', () => {
    const run = r.gate({ GITHUB_BASE_REF: 'no-such-branch' });
    // The base does not exist here: the summary says so instead of failing the gate.
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(fs.readFileSync(r.summary, 'utf8'), /Provenance summary unavailable: .*no-such-branch/);
  });
});
