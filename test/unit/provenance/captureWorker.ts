// One hook process for the concurrency test: reads a PostToolUse payload file and captures it,
// exactly as `airlock hook` would after the tool ran.
import * as fs from 'node:fs';
import { detectClient } from '../../../src/core/hook/detectClient';
import { parseHookEvent } from '../../../src/core/hook/parseHookEvent';
import { captureAiEdit } from '../../../src/core/provenance/captureAiEdit';

async function main(): Promise<void> {
  const [root, payloadFile, startAt] = process.argv.slice(2);
  const payload = JSON.parse(fs.readFileSync(payloadFile, 'utf8')) as Record<string, unknown>;
  // Start together so the writes really overlap.
  while (Date.now() < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
  const result = await captureAiEdit(root, parseHookEvent(payload, detectClient(payload)), { transcriptRetries: 0 });
  process.stdout.write(JSON.stringify(result));
  if (result.status === 'error') process.exitCode = 1;
}

void main();
