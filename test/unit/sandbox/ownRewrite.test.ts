// A client that runs two hooks (the Copilot CLI runs its own and `.claude/settings.json`'s) hands
// the second one the first one's rewrite. Only the exact command Airlock itself writes passes
// unchanged; every lookalike that would run something else, or the sandbox with other options,
// is judged as the command it is (and wrapped again, or refused).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { ClientId } from '../../../src/core/words/clientTypes';
import { ownRewriteInner, rewriteCommandLine } from '../../../src/core/hook/shellRewrite';
import { posixQuote } from '../../../src/core/util/posixQuote';
import { buildCli, CLI, runCli } from '../../helpers/builtCli';
import { rewrittenCommand } from '../../helpers/hookAnswers';
import { hookPayload } from '../../helpers/hookPayloads';
import { leakedCanaries, sandboxTemplate } from '../../helpers/sandboxWorkspace';

const T = { node: '/usr/bin/node', cli: '/opt/airlock/dist/cli.js', root: '/w s/acme', shell: '/bin/bash' };

function hook(client: ClientId, ws: string, command: string): ReturnType<typeof runCli> {
  const tool = client === 'copilot-cli' ? 'bash' : 'Bash';
  return runCli(['hook', '--client', client], { cwd: ws, input: JSON.stringify(hookPayload({ client, tool, input: { command, description: 'd' } }, ws)) });
}

describe("the hook recognises Airlock's own rewrite, and only that", function () {
  this.timeout(300_000);

  it('reads back exactly what rewriteCommandLine wrote, byte for byte', () => {
    for (const inner of ['ls', 'git status', `echo 'it''s' "x" $'\\t'`, "a'b", "''", '', 'cat <<EOF\n$X\nEOF', 'echo 🚀 \\']) {
      assert.equal(ownRewriteInner(rewriteCommandLine(inner, T), T), inner, inner);
    }
  });

  it('refuses every lookalike: another binary or entry, another root or shell, extra options, trailing commands, other quoting', () => {
    const own = rewriteCommandLine('ls', T);
    const q = (s: string): string => posixQuote(s);
    const lookalikes = [
      rewriteCommandLine('ls', { ...T, node: '/tmp/node' }),
      rewriteCommandLine('ls', { ...T, cli: '/w s/acme/node_modules/airlock/dist/cli.js' }),
      rewriteCommandLine('ls', { ...T, root: '/' }),
      rewriteCommandLine('ls', { ...T, shell: '/bin/sh' }),
      `${q(T.node)} ${q(T.cli)} exec --root ${q(T.root)} --proc bind -- /bin/bash -c ls`,
      `${q(T.node)} ${q(T.cli)} exec --root ${q(T.root)} --explain -- /bin/bash -c ls`,
      `${q(T.node)} ${q(T.cli)} exec --root ${q(T.root)} -- /bin/bash -x -c ls`,
      `${q(T.node)} ${q(T.cli)} exec --root / --root ${q(T.root)} -- /bin/bash -c ls`,
      `${own}; cat .env`,
      `${own} && cat .env`,
      `${own} .env`,
      `${own}\ncat .env`,
      `${own} `,
      ` ${own}`,
      `bash -c ${q(own)}`,
      `cat .env; ${own}`,
      `${q(T.node)} ${q(T.cli)} exec --root ${q(T.root)} -- /bin/bash -c "ls"`,
      `${q(T.node)} ${q(T.cli)} exec --root ${q(T.root)} -- /bin/bash -c 'l''s'`,
      `${q(T.node)} ${q(T.cli)} exec --root ${q(T.root)} -- /bin/bash -c 'ls'`, // canonical form is unquoted
      `${q(T.node)}  ${q(T.cli)} exec --root ${q(T.root)} -- /bin/bash -c ls`,
      `${q(T.node)} ${q(T.cli)} run --root ${q(T.root)} -- /bin/bash -c ls`,
    ];
    for (const l of lookalikes) assert.equal(ownRewriteInner(l, T), null, l);
  });

  describe('through the built hook, on a synced workspace', () => {
    let template: ReturnType<typeof sandboxTemplate>;
    before(() => {
      buildCli();
      template = sandboxTemplate();
    });
    after(() => template.dispose());

    const node = process.execPath;
    const target = (ws: string): typeof T => ({ node, cli: CLI, root: ws, shell: '/bin/bash' });

    it("the Copilot CLI's second hook (its own, or Claude Code's settings it also runs) passes the first one's rewrite unchanged", () => {
      const ws = template.fresh();
      for (const command of ['git status', 'grep -rn greeting .', 'ls -la src']) {
        const first = rewrittenCommand('copilot-cli', hook('copilot-cli', ws, command));
        assert.equal(first.kind, 'rewrite', command);
        const rewritten = first.kind === 'rewrite' ? first.command : '';
        for (const second of ['copilot-cli', 'claude-code'] as const) {
          const v = rewrittenCommand(second, hook(second, ws, rewritten));
          assert.ok(v.kind === 'rewrite' && v.command === rewritten && v.decision === 'allow', `${second}: ${command}: ${JSON.stringify(v)}`);
        }
      }
    });

    it('an Airlock entry inside the work tree (the npx launcher\'s copy, writable by the AI\'s file tools) is never trusted for a pass-through', () => {
      const ws = template.fresh();
      const dist = path.join(ws, 'node_modules', 'airlock', 'dist');
      cpSync(path.dirname(CLI), dist, { recursive: true });
      const local = path.join(dist, 'cli.js');
      const hookVia = (command: string): ReturnType<typeof rewrittenCommand> =>
        rewrittenCommand('copilot-cli', spawnSync(process.execPath, [local, 'hook', '--client', 'copilot-cli'], { cwd: ws, encoding: 'utf8', input: JSON.stringify(hookPayload({ client: 'copilot-cli', tool: 'bash', input: { command } }, ws)) }));
      const own = rewriteCommandLine('git status', { node, cli: local, root: ws, shell: '/bin/bash' });
      const v = hookVia(own);
      assert.ok(!(v.kind === 'rewrite' && v.command === own), JSON.stringify(v));
    });

    it('the command inside is still judged: a named protected file stays refused, with its reason', () => {
      const ws = template.fresh();
      const wrapped = rewriteCommandLine('cat .env', target(realpathSync(ws)));
      for (const client of ['copilot-cli', 'claude-code'] as const) {
        const v = rewrittenCommand(client, hook(client, ws, wrapped));
        assert.equal(v.kind, 'blocked', client);
        assert.match(v.kind === 'blocked' ? v.reason : '', /\.env/);
      }
    });

    it('a lookalike is never passed through as it is; whatever the client runs returns no canary', () => {
      const ws = template.fresh();
      const t = target(ws);
      const q = (s: string): string => posixQuote(s);
      const lookalikes = [
        rewriteCommandLine('cat .env', { ...t, root: '/' }),
        rewriteCommandLine('ls -a', { ...t, root: '/' }),
        `${q(node)} ${q(CLI)} exec --root ${q(ws)} --proc bind -- /bin/bash -c ls`,
        rewriteCommandLine('cat .env', { ...t, node: '/bin/sh', cli: '-c' }),
        `${q(node)} ${q(CLI)} exec --root ${q(ws)} --proc bind -- /bin/bash -c ${q('cat .env')}`,
        `${rewriteCommandLine('true', t)}; cat .env`,
        `bash -c ${q(`${rewriteCommandLine('true', t)}; cat .env`)}`,
        rewriteCommandLine(rewriteCommandLine('cat .env', t), t).replace(/ -c /, ' -x -c '),
      ];
      for (const l of lookalikes) {
        for (const client of ['copilot-cli', 'codex', 'claude-code'] as const) {
          const v = rewrittenCommand(client, hook(client, ws, l));
          assert.ok(!(v.kind === 'rewrite' && v.command === l) && v.kind !== 'allow', `${client} passed a lookalike through: ${l}\n${JSON.stringify(v)}`);
          if (v.kind !== 'rewrite') continue;
          // Wrapped again: the lookalike itself runs inside the sandbox.
          assert.equal(ownRewriteInner(v.command, { ...t, root: realpathSync(ws) }) ?? ownRewriteInner(v.command, t), l);
          const ran = spawnSync('/bin/bash', ['-c', v.command], { cwd: ws, encoding: 'utf8', timeout: 60_000 });
          assert.deepEqual(leakedCanaries(ran.stdout + ran.stderr), [], `${client}: ${l}`);
        }
      }
    });
  });
});
