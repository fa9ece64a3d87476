// Codex applies `apply_patch` itself only when the command is exactly that heredoc: the hook
// leaves it unrewritten and judges the patched files as edits (relative to a leading `cd`);
// anything that would also run something in the shell is rewritten (or refused) as usual.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { codexApplyPatch } from '../../../src/core/hook/codexApplyPatch';
import { buildCli, runCli } from '../../helpers/builtCli';
import { rewrittenCommand } from '../../helpers/hookAnswers';
import { hookPayload } from '../../helpers/hookPayloads';
import { sandboxTemplate } from '../../helpers/sandboxWorkspace';

const PATCH = ['*** Begin Patch', '*** Update File: src/app.ts', '@@', '-a', '+b', '*** End Patch'].join('\n');
const heredoc = (body: string, delim = "'EOF'", end = 'EOF'): string => `apply_patch <<${delim}\n${body}\n${end}`;

describe("Codex's own apply_patch form", function () {
  this.timeout(120_000);

  it('recognises the exact heredoc forms Codex applies itself', () => {
    assert.deepEqual(codexApplyPatch(heredoc(PATCH))?.paths, ['src/app.ts']);
    assert.deepEqual(codexApplyPatch(heredoc(PATCH, '"EOF"'))?.paths, ['src/app.ts']);
    assert.deepEqual(codexApplyPatch(`${heredoc(PATCH)}\n`)?.paths, ['src/app.ts']);
    assert.deepEqual(codexApplyPatch(heredoc(PATCH, 'EOF')), { patch: PATCH, paths: ['src/app.ts'] });
    assert.equal(codexApplyPatch(`cd sub/dir && ${heredoc(PATCH)}`)?.dir, 'sub/dir');
    assert.deepEqual(codexApplyPatch(heredoc(PATCH).replace('apply_patch', 'applypatch'))?.paths, ['src/app.ts']);
  });

  it('refuses every form where the shell would run something besides the patch', () => {
    const forms = [
      `${heredoc(PATCH)}\ncat .env`,
      `${heredoc(PATCH)}; cat .env`,
      heredoc(`${PATCH}\nEOF\ncat .env`, "'EOF'", 'EOF'),
      heredoc(`${PATCH}\n+$(cat .env)`, 'EOF'),
      heredoc(`${PATCH}\n+\`cat .env\``, 'EOF'),
      heredoc(PATCH).replace('<<', '<<-'),
      `cat .env; ${heredoc(PATCH)}`,
      `bash -c ${JSON.stringify(heredoc(PATCH))}`,
      `cd $(cat .env) && ${heredoc(PATCH)}`,
      `cd a; ${heredoc(PATCH)}`,
      ` ${heredoc(PATCH)}`,
      heredoc('just text, no patch'),
      heredoc(PATCH, "'EOF'", 'EOFX'),
      `apply_patch ${JSON.stringify(PATCH)}`,
    ];
    for (const f of forms) assert.equal(codexApplyPatch(f), null, f);
  });

  describe('through the built hook (Codex, shell rewriting on)', () => {
    let template: ReturnType<typeof sandboxTemplate>;
    before(() => {
      buildCli();
      template = sandboxTemplate();
    });
    after(() => template.dispose());

    const hook = (ws: string, command: string): ReturnType<typeof rewrittenCommand> =>
      rewrittenCommand('codex', runCli(['hook', '--client', 'codex'], { cwd: ws, input: JSON.stringify(hookPayload({ client: 'codex', tool: 'Bash', input: { command } }, ws)) }));

    it('an ordinary patch is not rewritten: Codex applies it itself', () => {
      const ws = template.fresh();
      assert.deepEqual(hook(ws, heredoc(PATCH)), { kind: 'allow' });
    });

    it("a patch of a guarded or protected file is refused, also relative to a leading cd", () => {
      const ws = template.fresh();
      const policy = readFileSync(path.join(ws, '.airlock/policy.json'), 'utf8').split('\n')[1] ?? '';
      const edit = (file: string): string => ['*** Begin Patch', `*** Update File: ${file}`, '@@', `-${policy}`, '+', '*** End Patch'].join('\n');
      for (const command of [heredoc(edit('.airlock/policy.json')), `cd .airlock && ${heredoc(edit('policy.json'))}`, `cd secrets && ${heredoc(edit('signing-key.pem'))}`, `cd "src" && cd ../.airlock && ${heredoc(edit('policy.json'))}`]) {
        assert.equal(hook(ws, command).kind, 'blocked', command);
      }
    });

    it('a lookalike that would run more than the patch is rewritten into the sandbox (or refused), never passed as it is', () => {
      const ws = template.fresh();
      for (const command of [`${heredoc(PATCH)}\necho more`, heredoc(`${PATCH}\n+$(id)`, 'EOF'), `echo x; ${heredoc(PATCH)}`]) {
        const v = hook(ws, command);
        assert.ok(v.kind === 'rewrite' || v.kind === 'blocked', `${command}: ${JSON.stringify(v)}`);
      }
    });
  });
});
