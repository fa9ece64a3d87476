// The README's coverage table is the one `airlock sync` prints: keep them from drifting apart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCoverageTable } from '../../../src/core/native/coverage';

describe('README', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  it('holds the current coverage table', () => {
    assert.ok(readme.includes(renderCoverageTable().trim()), 'regenerate the README table from renderCoverageTable()');
  });
  it('shows both commands', () => {
    assert.match(readme, /npm run demo/);
    assert.match(readme, /npm test/);
  });
});
