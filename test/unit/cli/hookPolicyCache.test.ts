// `airlock hook` and its compiled-policy cache, attacked: the hook reads the entry's records a
// block at a time, so a record rewritten in the cache must still never loosen a verdict.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { claudePreTool, privateCacheHome } from '../../helpers/hookRun';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = '{ "version": 1, "rules": [ { "paths": ["**/.env"], "class": "secret" } ] }';

describe('airlock hook: the compiled-policy cache, attacked', function () {
  this.timeout(30_000);
  let ws: TempWorkspace;
  const cache = privateCacheHome();

  let said = '';
  const read = async (rel: string): Promise<string> => {
    const call = await claudePreTool(ws.root, 'Read', { file_path: join(ws.root, rel) });
    said = call.said;
    return call.decision;
  };
  const entryFile = (): string => {
    const dir = join(cache(), 'airlock', 'policy');
    const names = readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.equal(names.length, 1);
    return join(dir, names[0]);
  };

  beforeEach(() => {
    ws = tempWorkspace({ 'src/app.ts': 'export const a = 1;\n', '.env': 'A=1\n' });
    ws.policy(POLICY);
  });
  afterEach(() => ws.dispose());

  it('a rule record rewritten to a looser class (same length, head untouched) still gets deny', async () => {
    assert.equal(await read('.env'), 'deny');
    assert.equal(await read('src/app.ts'), 'none', 'allowed: no answer, the client goes on');
    const file = entryFile();
    // Line 0 is the MAC, line 1 the signed head; the rule's record (its class first) comes after.
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l, i) => i > 1 && l.startsWith('["secret"'));
    assert.ok(at > 1, 'the rule record is there to attack');
    lines[at] = lines[at].replace('["secret"', '["public"');
    writeFileSync(file, lines.join('\n'));
    assert.equal(await read('.env'), 'deny');
    assert.match(said, /changed after it was verified/, 'refused: the block no longer matches its signed hash');
    // The entry was removed: the next call rebuilds it and answers as the policy does.
    assert.equal(await read('.env'), 'deny');
    assert.doesNotMatch(said, /changed after it was verified/);
    assert.equal(await read('src/app.ts'), 'none');
  });

  it('an entry cut short or grown is rebuilt, and answers as the policy does', async () => {
    assert.equal(await read('.env'), 'deny');
    const file = entryFile();
    const stored = readFileSync(file, 'utf8');
    writeFileSync(file, `${stored}["public",null,0,1,1,["**/.env"],[1],[1]]\n`);
    assert.equal(await read('.env'), 'deny');
    writeFileSync(file, stored.slice(0, -3));
    assert.equal(await read('.env'), 'deny');
    assert.equal(await read('src/app.ts'), 'none', 'allowed: no answer, the client goes on');
  });
});
