// The pre-tool snapshot copies files into .airlock/cache/, which a search of .airlock/ can read:
// a protected file's content must never be copied there.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace } from '../../helpers/tempWorkspace';

describe('provenance snapshot keeps no protected content', () => {
  it('records a dirty protected file as present, without its content; ordinary files keep theirs', async () => {
    const ws = tempWorkspace({ 'secrets/k.txt': 'old', 'src/a.ts': 'old' });
    try {
      ws.policy(JSON.stringify({ version: 1, rules: [{ paths: ['secrets/'], class: 'secret' }] }));
      ws.git('init', '-q');
      ws.git('add', '-A');
      ws.git('commit', '-qm', 'x');
      ws.write('secrets/k.txt', 'SNAPSHOT_CANARY_91d2');
      ws.write('src/a.ts', 'new public content');
      const payload = { session_id: 's', transcript_path: '/tmp/t', cwd: ws.root, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, tool_use_id: 'toolu_snap' };
      const r = await runAirlock(['hook', '--client', 'claude-code'], { cwd: ws.root, stdin: JSON.stringify(payload) });
      assert.equal(r.code, 0, r.stderr);
      const dir = join(ws.root, '.airlock/cache/provenance');
      const snaps = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
      assert.equal(snaps.length, 1);
      assert.doesNotMatch(snaps[0], /SNAPSHOT_CANARY_91d2/);
      const files = (JSON.parse(snaps[0]) as { files: Record<string, { exists: boolean; content?: string }> }).files;
      assert.deepEqual(files['secrets/k.txt'], { exists: true });
      assert.equal(files['src/a.ts']?.content, 'new public content');
    } finally {
      ws.dispose();
    }
  });
});
