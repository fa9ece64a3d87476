import * as assert from 'node:assert/strict';
import { hostOrgPlatform, isMachinePath, ORG_PLATFORMS, orgLayout, orgOutPath } from '../../../src/core/org/orgPlatforms';

describe('org platforms: where managed files go', () => {
  it('maps machine paths below an output folder without their root, one layout per platform', () => {
    assert.equal(orgOutPath('/etc/github-copilot/policy.d/airlock.json'), 'etc/github-copilot/policy.d/airlock.json');
    assert.equal(orgOutPath('/Library/Application Support/ClaudeCode/managed-settings.json'), 'Library/Application Support/ClaudeCode/managed-settings.json');
    assert.equal(orgOutPath('c:\\ProgramData\\GitHub\\Copilot\\policy.d\\airlock.json'), 'C/ProgramData/GitHub/Copilot/policy.d/airlock.json');
  });

  it('tells machine files from relative snippets', () => {
    for (const p of ['/etc/airlock/baseline.json', 'C:\\Program Files\\ClaudeCode\\managed-settings.json']) assert.equal(isMachinePath(p), true, p);
    for (const p of ['vscode/settings.json', 'C:relative', '..\\etc\\x']) assert.equal(isMachinePath(p), false, p);
  });

  it('every layout is absolute on its own platform, and the host maps to its layout', () => {
    for (const platform of ORG_PLATFORMS) {
      const l = orgLayout(platform);
      for (const p of [l.claudeDir, l.copilotSettings, l.copilotPolicyDir, l.airlockDir]) assert.equal(isMachinePath(p), true, `${platform}: ${p}`);
    }
    assert.equal(hostOrgPlatform('darwin'), 'macos');
    assert.equal(hostOrgPlatform('win32'), 'windows');
    assert.equal(hostOrgPlatform('linux'), 'linux');
  });
});
