// The `airlock` executable: wires the real process into runCli().
import { runCli } from './runCli';

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

// A closed pipe (`airlock check | head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

runCli({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin,
  now: () => new Date(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // An internal failure: say so plainly (exit 2), with the detail for a bug report.
    process.stderr.write(`airlock: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.AIRLOCK_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    process.exitCode = 2;
  },
);
