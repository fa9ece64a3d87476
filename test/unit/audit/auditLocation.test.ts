// Where the audit log lives: in the git directory (a linked worktree's own one), outside git in
// .airlock/audit/, and a legacy log moved once, never merged.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { appendAuditEvents } from '../../../src/core/audit/auditAppend';
import { auditDirFor, resolveAuditDir } from '../../../src/core/audit/auditLocation';
import { verifyAuditLog } from '../../../src/core/audit/auditVerify';
import { findGoverningRoot } from '../../../src/core/policy/governingRoot';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const event = { kind: 'decision' as const, client: 'test', session: 's', tool: 't', action: 'read' as const, paths: ['a'], verdict: 'allow' as const, reason: 'r' };

describe('audit log location', () => {
  it('outside git: .airlock/audit/', () => {
    const ws = tempWorkspace({ 'a.txt': 'x' });
    try {
      assert.equal(auditDirFor(ws.root), join(ws.root, '.airlock', 'audit'));
      assert.deepEqual(resolveAuditDir(ws.root), { dir: join(ws.root, '.airlock', 'audit') });
    } finally {
      ws.dispose();
    }
  });

  it('in a linked worktree: that worktree\'s own git directory', () => {
    const ws = tempWorkspace({ 'a.txt': 'x' });
    const wtPath = `${ws.root}-wt`;
    try {
      ws.git('init', '-q', '-b', 'main');
      ws.git('add', '-A');
      ws.git('commit', '-qm', 'x');
      ws.git('worktree', 'add', '-q', wtPath);
      const dir = auditDirFor(wtPath);
      assert.match(dir, /\.git\/worktrees\/[^/]+\/airlock\/audit$/);
      assert.ok(dir.startsWith(join(ws.root, '.git')));
    } finally {
      ws.dispose();
      rmSync(wtPath, { recursive: true, force: true });
    }
  });

  it('a workspace below the top level gets its own log in the git directory', () => {
    const ws = tempWorkspace({ 'pkg/a.txt': 'x' });
    try {
      ws.git('init', '-q');
      assert.equal(auditDirFor(join(ws.root, 'pkg')), join(ws.root, '.git', 'airlock', 'audit-pkg'));
    } finally {
      ws.dispose();
    }
  });

  it('moves a legacy log once, whole; with logs in both places it moves nothing and says so', () => {
    const ws = tempWorkspace({ 'a.txt': 'x' });
    try {
      appendAuditEvents(join(ws.root, '.airlock', 'audit'), [event, event]);
      const legacy = readFileSync(join(ws.root, '.airlock', 'audit', 'audit.jsonl'), 'utf8');
      ws.git('init', '-q');
      const moved = resolveAuditDir(ws.root);
      assert.equal(moved.dir, join(ws.root, '.git', 'airlock', 'audit'));
      assert.equal(moved.migratedFrom, join(ws.root, '.airlock', 'audit'));
      assert.equal(readFileSync(join(moved.dir, 'audit.jsonl'), 'utf8'), legacy);
      assert.equal(verifyAuditLog(moved.dir).ok, true);
      assert.ok(!existsSync(join(ws.root, '.airlock', 'audit', 'audit.jsonl')));
      appendAuditEvents(join(ws.root, '.airlock', 'audit'), [event]); // an older Airlock writes again
      const both = resolveAuditDir(ws.root);
      assert.equal(both.strayLegacy, join(ws.root, '.airlock', 'audit'));
      assert.equal(verifyAuditLog(both.dir).summary.events, 2);
    } finally {
      ws.dispose();
    }
  });
});

describe('governing root', () => {
  it('outside git the outermost policy governs and the deeper ones are layers', () => {
    const ws = tempWorkspace({ 'a/b/c.txt': 'x' });
    try {
      ws.policy('{"version":1}');
      ws.write('a/.airlock/policy.json', '{"version":1}');
      ws.write('a/b/.airlock/policy.json', '{"version":1}');
      const found = findGoverningRoot({ sessionDir: join(ws.root, 'a', 'b') });
      assert.equal(found.root, ws.root);
      assert.deepEqual(found.nested, [join(ws.root, 'a'), join(ws.root, 'a', 'b')]);
    } finally {
      ws.dispose();
    }
  });
  it('the project directory wins over the session directory when it holds a policy', () => {
    const ws = tempWorkspace({ 'app/x.txt': 'x' });
    try {
      ws.policy('{"version":1}');
      ws.write('app/.airlock/policy.json', '{"version":1}');
      assert.equal(findGoverningRoot({ projectDir: ws.root, sessionDir: join(ws.root, 'app') }).root, ws.root);
      assert.deepEqual(findGoverningRoot({ projectDir: ws.root, sessionDir: join(ws.root, 'app') }).nested, [join(ws.root, 'app')]);
    } finally {
      ws.dispose();
    }
  });
});
