// The editor's per-folder risk (core/risk/folderRisk) on a real git workspace: the first walk with
// the provenance records, file events (created, deleted, a folder moved in, a record written), a
// policy change without a new walk, and ignored or excluded files kept out.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { FolderRisk } from '../../../src/core/risk/folderRisk';
import { runAirlock } from '../../helpers/runCliInProcess';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';
import { NOW, RISK_POLICY } from './riskFixture';

const SLICES = { cancelled: () => false };

describe('risk: FolderRisk (the editor feature)', () => {
  let ws: TempWorkspace;
  let warnings: string[];
  let exclude: Record<string, unknown> | undefined;
  const engine = (): ReturnType<typeof loadPolicy> => loadPolicy(ws.root, { env: {}, now: NOW });
  const folderRisk = (): FolderRisk => new FolderRisk({ root: ws.root, engine: engine(), filesExclude: () => exclude, warn: (m) => warnings.push(m) });

  beforeEach(() => {
    ws = tempWorkspace({ 'src/auth/session.ts': 'a\nb\n', 'README.md': 'x\n', 'build/out.js': 'x\n', '.gitignore': 'build/\n' });
    ws.policy(RISK_POLICY);
    ws.git('init', '-q');
    warnings = [];
    exclude = undefined;
  });
  afterEach(() => ws.dispose());

  it('walks the folder as git and the editor see it, with the AI lines of the records', async () => {
    const marked = await runAirlock(['provenance', 'mark', 'src/auth/session.ts', '--lines', '1-2', '--tool', 'claude-code'], { cwd: ws.root });
    assert.equal(marked.code, 0, marked.stderr);
    exclude = { '**/README.md': true };
    const risk = folderRisk();
    const built = await risk.build(SLICES);
    assert.ok(built && risk.walked);
    assert.equal(built.annotated, 1);
    assert.equal(risk.model.get('build/out.js'), undefined, 'a git-ignored file was walked');
    assert.equal(risk.model.get('README.md'), undefined, 'a files.exclude-d file was walked');
    assert.equal(risk.model.get('src/auth/session.ts')?.ai?.unreviewed, 2);
    assert.deepEqual(warnings, []);
  });

  it('follows file events: a new file, a folder moved in, a record written, deletions', async () => {
    const risk = folderRisk();
    await risk.build(SLICES);
    ws.write('src/new.ts', 'x\n');
    assert.deepEqual(risk.applyEvent('src/new.ts', 'create'), { rels: ['src/new.ts'], all: false });
    ws.write('infra/prod/a.tf', 'x\n');
    ws.write('infra/prod/b.tf', 'x\n');
    assert.equal(risk.applyEvent('infra', 'create').all, true);
    assert.equal(risk.model.get('infra/prod/b.tf')?.level, 'high');
    // A record written by a hook: the file it annotates changes, not the record.
    await runAirlock(['provenance', 'mark', 'src/new.ts', '--lines', '1-1', '--tool', 'codex'], { cwd: ws.root });
    const records = fs.readdirSync(`${ws.root}/.airlock/provenance/records/src/new.ts`);
    const touched = risk.applyEvent(`.airlock/provenance/records/src/new.ts/${records[0]}`, 'create');
    assert.ok(touched.rels.includes('src/new.ts'), JSON.stringify(touched));
    assert.equal(risk.model.get('src/new.ts')?.ai?.total, 1);
    fs.rmSync(`${ws.root}/infra`, { recursive: true });
    assert.equal(risk.applyEvent('infra', 'delete').all, true);
    assert.equal(risk.model.get('infra/prod/a.tf'), undefined);
    // Attack: an ignored file appearing does not enter the view.
    ws.write('build/late.js', 'x\n');
    risk.applyEvent('build/late.js', 'create');
    assert.equal(risk.model.get('build/late.js'), undefined);
  });

  it('a policy change reclassifies every file without a new walk; a damaged record is reported, not moved', async () => {
    const risk = folderRisk();
    await risk.build(SLICES);
    assert.equal(risk.model.get('README.md')?.level, 'low');
    ws.policy(RISK_POLICY.replace('"default": "public"', '"default": "restricted"'));
    ws.write('src/unwalked.ts', 'x\n');
    await risk.setEngine(engine(), SLICES);
    assert.equal(risk.model.get('README.md')?.level, 'high');
    assert.equal(risk.model.get('src/unwalked.ts'), undefined, 'a policy change walked the folder again');
    const bad = ws.write('.airlock/provenance/records/README.md/0001.json', '{ not json');
    assert.ok(risk.applyEvent('.airlock/provenance/records/README.md/0001.json', 'create').rels.includes('README.md'));
    assert.ok(warnings.some((w) => w.includes('0001.json')), warnings.join('\n'));
    assert.equal(fs.readFileSync(bad, 'utf8'), '{ not json');
  });
});
