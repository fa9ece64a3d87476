// Installs every pinned agent client the end-to-end tests drive (Claude Code, Copilot CLI, Codex,
// opencode) from the npm registry into `.e2e-cache/`, one after another, and prints each one's
// time. Idempotent: a warm cache costs a few stats. `npx tsx test/e2e/installAgents.ts`.
import { ensureClaudeCode, CLAUDE_CODE_VERSION } from './claudeInstall';
import { codexClient } from './codexClient';
import { copilotClient } from './copilotClient';
import { opencodeClient } from './opencodeClient';

const steps: { name: string; install: () => { installed: boolean; executable: string } }[] = [
  { name: `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`, install: () => ensureClaudeCode() },
  ...[copilotClient, codexClient, opencodeClient].map((c) => ({ name: `${c.npmPackage}@${c.version}`, install: () => c.install() })),
];

const total = Date.now();
for (const step of steps) {
  const started = Date.now();
  const r = step.install();
  console.log(`e2e clients: ${step.name} ${r.installed ? 'installed' : 'cached'} in ${Date.now() - started} ms (${r.executable})`);
}
console.log(`e2e clients: all ready in ${Date.now() - total} ms`);
