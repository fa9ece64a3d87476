import * as assert from 'node:assert/strict';
import { COVERAGE, renderCoverageTable } from '../../../src/core/native/coverage';
import { MANAGED_PATHS } from '../../../src/core/words/managedPaths';
import { parsePattern } from '../../../src/core/native/nativePatterns';

describe('native/coverage', () => {
  it('renders one Markdown row per assistant with its level, conditions and vendor source', () => {
    const table = renderCoverageTable();
    const rows = table.trim().split('\n');
    assert.equal(rows[0], '| Assistant | Level | What Airlock writes | Conditions | Source |');
    assert.equal(rows.length, 2 + Object.keys(COVERAGE).length);
    assert.ok(rows.some((r) => r.startsWith('| Claude Code | enforced |') && r.includes('--bare')));
    assert.ok(rows.some((r) => r.startsWith('| GitHub Copilot CLI | enforced |') && r.includes('trusted')));
    assert.ok(rows.some((r) => r.startsWith('| OpenAI Codex CLI | enforced |') && r.includes('trusted')));
    assert.ok(rows.some((r) => r.startsWith('| Cursor | advisory |')));
    assert.ok(rows.some((r) => r.startsWith('| Any other assistant | not covered |')));
    for (const r of rows.slice(2)) {
      assert.equal(r.split(' | ').length, 5, `a stray "|" would break the table: ${r}`);
      assert.match(r, /\[docs\]\(https:\/\/[^)]+\) \|$/);
    }
  });

  it('protects every file sync writes or an assistant reads hooks from', () => {
    for (const p of MANAGED_PATHS) assert.ok(parsePattern(p), p);
    for (const f of ['/.claude/settings.json', '/.github/hooks/', '/.vscode/settings.json', '/.codex/', '/.opencode/', '/.airlock/', '.aiexclude', '.cursorignore']) {
      assert.ok(MANAGED_PATHS.includes(f), f);
    }
  });
});
