// The editor's language-model tools (core/tools/editorTools) on a real workspace: what agent mode
// is shown before a call, and the call, which applies the policy again and masks secrets.
import assert from 'node:assert/strict';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import type { PolicyEngine } from '../../../src/core/policy/policyEngine';
import { type EditorTool, editorTools } from '../../../src/core/tools/editorTools';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from '../secrets/fakeTokens';

describe('editor tools (agent mode)', () => {
  let ws: TempWorkspace;
  let token: string;
  beforeEach(() => {
    token = new FakeTokens(9).github();
    ws = tempWorkspace({ '.env': 'API_TOKEN=canary-env\n', 'src/auth/login.ts': 'AUTH_MARKER\n', 'src/app.ts': 'on disk\n' });
    ws.policy('{ "version": 1, "rules": [ { "paths": [".env"], "class": "secret" }, { "paths": ["src/auth/"], "class": "restricted" } ] }');
  });
  afterEach(() => ws.dispose());

  const tool = (name: string, engine: () => PolicyEngine | undefined, open: Record<string, string> = {}): EditorTool => {
    const found = editorTools(engine, (abs) => open[abs]).find((t) => t.def.tool === name);
    assert.ok(found, name);
    return found;
  };

  it('asks a human first where the class says ask, and says when a call is denied', () => {
    const read = tool('read', () => loadPolicy(ws.root));
    const asked = read.preview({ path: 'src/auth/login.ts' });
    assert.match(asked.confirm?.title ?? '', /allow read of src\/auth\/login\.ts/);
    assert.ok(asked.confirm?.reason);
    assert.deepEqual(read.preview({ path: '.env' }), { message: 'Airlock: read .env (denied by policy)' });
    assert.deepEqual(read.preview({ path: 'src/app.ts' }), { message: 'Airlock: read src/app.ts' });
  });

  it('attack: a denied file is never read even when run without preview; secrets in open editors are masked', () => {
    const read = tool('read', () => loadPolicy(ws.root), { [`${ws.root}/src/app.ts`]: `const t = "${token}"; // OPEN_TEXT\n` });
    assert.ok(!read.run({ path: '.env' }).includes('canary-env'));
    const text = read.run({ path: 'src/app.ts' });
    assert.ok(text.includes('OPEN_TEXT') && !text.includes(token), text);
  });

  it('without a policy every tool refuses', () => {
    const read = tool('read', () => undefined);
    assert.match(read.preview({ path: 'src/app.ts' }).message, /no policy: refused/);
    assert.match(read.run({ path: 'src/app.ts' }), /no workspace policy/);
  });
});
