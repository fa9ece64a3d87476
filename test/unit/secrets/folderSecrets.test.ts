// The editor's per-folder secret findings (core/secrets/folderSecrets), on real files: open text
// over disk, the baseline applied when read and failing closed, a folder scan that forgets files
// gone, and acceptance written to the baseline file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { FolderSecrets } from '../../../src/core/secrets/folderSecrets';
import { SECRETS_BASELINE_PATH } from '../../../src/core/words/airlockLayout';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { FakeTokens } from './fakeTokens';

describe('folder secrets (the editor feature)', () => {
  const gen = new FakeTokens(0xf01d);
  let ws: TempWorkspace;
  beforeEach(() => (ws = tempWorkspace()));
  afterEach(() => ws.dispose());

  const scanAll = async (secrets: FolderSecrets, keep: (rel: string) => boolean = () => false): Promise<string[]> => {
    const changed: string[] = [];
    const r = await secrets.scanAll(undefined, { keep, cancelled: () => false, changed: (rel) => changed.push(rel) });
    assert.ok(r.complete && r.scanned > 0);
    return changed.sort();
  };

  it('scans the folder, reports only files whose findings changed, and forgets deleted files', async () => {
    const token = gen.github();
    ws.write('src/a.ts', `const t = "${token}";\n`);
    ws.write('src/clean.ts', 'export const x = 1;\n');
    const secrets = new FolderSecrets(ws.root);
    secrets.loadBaseline();
    assert.deepEqual(await scanAll(secrets), ['src/a.ts']);
    assert.equal(secrets.findingsFor('src/a.ts')[0].rule, 'github-pat');
    assert.ok(!JSON.stringify(secrets.findingsFor('src/a.ts')).includes(token), 'a finding holds the secret in clear');
    assert.deepEqual(await scanAll(secrets), [], 'a rescan with nothing new reports nothing');
    fs.rmSync(`${ws.root}/src/a.ts`);
    assert.deepEqual(await scanAll(secrets), ['src/a.ts']);
    assert.deepEqual(secrets.known(), []);
  });

  it("an open editor's text wins over the disk until it is closed", async () => {
    ws.write('src/a.ts', 'export const x = 1;\n');
    const secrets = new FolderSecrets(ws.root);
    assert.equal(secrets.scanText('src/a.ts', `const t = "${gen.github()}";\n`), true);
    assert.deepEqual(await scanAll(secrets, (rel) => rel === 'src/a.ts'), [], 'the disk scan replaced the open text');
    assert.equal(secrets.findingsFor('src/a.ts').length, 1);
    assert.equal(secrets.scanDisk('src/a.ts', `${ws.root}/src/a.ts`), true, 'closing without saving: the disk counts');
    assert.deepEqual(secrets.findingsFor('src/a.ts'), []);
  });

  it('accepting a finding writes its fingerprint to the baseline; a broken baseline hides nothing', async () => {
    ws.write('src/a.ts', `const t = "${gen.github()}";\n`);
    const secrets = new FolderSecrets(ws.root);
    secrets.loadBaseline();
    await scanAll(secrets);
    const [finding] = secrets.findingsFor('src/a.ts');
    secrets.accept(finding);
    assert.deepEqual(secrets.findingsFor('src/a.ts'), []);
    assert.ok(fs.readFileSync(`${ws.root}/${SECRETS_BASELINE_PATH}`, 'utf8').includes(finding.fingerprint));

    // Attack: a damaged baseline must not silence findings (fail closed), and it is reported where it breaks.
    ws.write(SECRETS_BASELINE_PATH, '{ "version": 1, "findings": [ }');
    const problem = secrets.loadBaseline();
    assert.ok(problem && problem.line === 1 && /invalid secrets baseline/.test(problem.message), JSON.stringify(problem));
    assert.equal(secrets.findingsFor('src/a.ts').length, 1);
    assert.equal(fs.readFileSync(`${ws.root}/${SECRETS_BASELINE_PATH}`, 'utf8'), '{ "version": 1, "findings": [ }', 'the broken baseline was overwritten');
  });

  it('an inline allowance is kept but does not count', () => {
    const secrets = new FolderSecrets(ws.root);
    secrets.scanText('src/a.ts', `const t = "${gen.github()}"; // airlock:allow\n`);
    assert.deepEqual(secrets.known(), ['src/a.ts']);
    assert.ok(secrets.has('src/a.ts'));
    assert.deepEqual(secrets.findingsFor('src/a.ts'), []);
  });
});
