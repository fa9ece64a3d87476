// How much the shell analyzer costs inside the hook (once per tool call), against the obvious
// alternative of asking a real bash (a subprocess per command), and what loading it costs.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { analyzeShellCommand } from '../../src/core/shell/analyzeShellCommand';
import { expandGlobOperand } from '../../src/core/shell/expandGlobOperand';

const CORPUS = [
  'cat .env',
  'npm test 2>&1 | tail -20',
  'git status && git diff --stat',
  "grep -rn 'TODO' src/ --include=*.ts | head -50",
  'cd packages/api && npx tsc --noEmit -p . 2>&1 | head',
  "find . -name '*.ts' -not -path './node_modules/*' | xargs wc -l | sort -n | tail",
  "for f in src/*.ts; do echo \"== $f\"; head -5 \"$f\"; done",
  "python3 -c 'import json,sys; print(json.load(open(\"package.json\"))[\"version\"])'",
  'cat <<EOF > notes.md\n# Notes\n$(date)\nEOF',
  "sed -i 's/foo/bar/g' src/a.ts src/b.ts && git diff",
  'curl -sSL -H "Authorization: Bearer $TOKEN" https://api.example.com/x -o out.json',
  'tar czf backup.tgz -C dist . && ls -la backup.tgz',
  "docker run --rm -v $(pwd):/app -w /app node:20 npm ci",
  "rg -l 'password' | xargs sed -n '1,5p'",
  "bash -c 'cd config && cat prod.env | base64'",
];

function time(fn: () => void, minMs = 1500): number {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (elapsed * 1000) / n; // microseconds per call
}

interface BundleFigures {
  loadMs: number;
  baselineMs: number;
  bundleKb: number;
  firstCallUs: number;
  steadyUs: number;
}

/** Measures the production-shaped (esbuild-bundled, minified) analyzer in fresh node processes. */
async function bundleFigures(): Promise<BundleFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-shell-bench-'));
  try {
    const entry = path.join(dir, 'entry.ts');
    const source = path.resolve(__dirname, '../../src/core/shell/analyzeShellCommand');
    fs.writeFileSync(entry, [
      `import { analyzeShellCommand } from ${JSON.stringify(source)};`,
      `const corpus: string[] = ${JSON.stringify(CORPUS)};`,
      'if (process.argv[2] === "measure") {',
      '  let t = process.hrtime.bigint();',
      '  analyzeShellCommand(corpus[0]);',
      '  const firstCallUs = Number(process.hrtime.bigint() - t) / 1000;',
      '  for (let i = 0; i < 200; i++) for (const c of corpus) analyzeShellCommand(c);',
      '  const rounds = 2000;',
      '  t = process.hrtime.bigint();',
      '  for (let i = 0; i < rounds; i++) for (const c of corpus) analyzeShellCommand(c);',
      '  const steadyUs = Number(process.hrtime.bigint() - t) / 1000 / rounds / corpus.length;',
      '  console.log(JSON.stringify({ firstCallUs, steadyUs }));',
      '} else {',
      '  analyzeShellCommand("cat .env");',
      '}',
    ].join('\n'));
    const out = path.join(dir, 'bundle.js');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', minify: true, outfile: out, logLevel: 'silent' });
    const runs = 15;
    const spawnMs = (args: string[]): number => {
      let best = Infinity;
      for (let i = 0; i < runs; i++) {
        const t = process.hrtime.bigint();
        spawnSync(process.execPath, args);
        best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
      }
      return best;
    };
    const baselineMs = spawnMs(['-e', '0']);
    const loadMs = spawnMs([out]);
    const measured = JSON.parse(execFileSync(process.execPath, [out, 'measure'], { encoding: 'utf8' })) as { firstCallUs: number; steadyUs: number };
    return { loadMs, baselineMs, bundleKb: fs.statSync(out).size / 1024, ...measured };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runShellBench(): Promise<Record<string, number>> {
  // Under tsx (unbundled, with name-keeping helpers): an upper bound.
  const tsxUs = time(() => {
    for (const c of CORPUS) analyzeShellCommand(c, { home: '/home/dev' });
  }) / CORPUS.length;

  // The alternative: let bash itself parse the line (syntax only, `bash -n`), one subprocess each.
  const bashUs = time(() => {
    for (const c of CORPUS.slice(0, 5)) spawnSync('bash', ['-n', '-c', c]);
  }, 1500) / 5;

  const { loadMs, baselineMs, bundleKb, firstCallUs, steadyUs } = await bundleFigures();
  const perCommandUs = steadyUs;

  // Glob expansion on a 2,000-file tree against bash globstar in a subprocess.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-glob-bench-'));
  let globUs = 0;
  let bashGlobUs = 0;
  try {
    for (let d = 0; d < 40; d++) {
      fs.mkdirSync(path.join(root, `d${d}`, 'sub'), { recursive: true });
      for (let f = 0; f < 25; f++) {
        fs.writeFileSync(path.join(root, `d${d}`, `f${f}.ts`), '');
        fs.writeFileSync(path.join(root, `d${d}`, 'sub', `g${f}.pem`), '');
      }
    }
    globUs = time(() => expandGlobOperand('**/*.pem', root, root, 100000));
    bashGlobUs = time(() => execFileSync('bash', ['-O', 'globstar', '-c', 'echo **/*.pem'], { cwd: root }), 1500);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }

  console.log('shell analysis');
  console.log(`  analyzeShellCommand      ${perCommandUs.toFixed(1)} µs per command, bundled, warm (${CORPUS.length}-command corpus); ${tsxUs.toFixed(1)} µs under tsx`);
  console.log(`  first call in a process  ${firstCallUs.toFixed(0)} µs (what one hook invocation pays, before JIT warm-up)`);
  console.log(`  bash -n subprocess       ${bashUs.toFixed(0)} µs per command (${(bashUs / perCommandUs).toFixed(0)}x slower, and it only checks syntax)`);
  console.log(`  cold load (bundled)      ${loadMs.toFixed(1)} ms vs ${baselineMs.toFixed(1)} ms for an empty node (+${(loadMs - baselineMs).toFixed(1)} ms, ${bundleKb.toFixed(0)} KiB minified incl. minimatch)`);
  console.log(`  expandGlobOperand **     ${(globUs / 1000).toFixed(2)} ms on 2,000 files vs bash globstar ${(bashGlobUs / 1000).toFixed(2)} ms (${(bashGlobUs / globUs).toFixed(1)}x)`);
  return { perCommandUs, tsxPerCommandUs: tsxUs, firstCallUs, bashSyntaxUs: bashUs, coldLoadMs: loadMs, nodeBaselineMs: baselineMs, bundleKb, globstarMs: globUs / 1000, bashGlobstarMs: bashGlobUs / 1000 };
}

if (require.main === module) {
  void runShellBench();
}
