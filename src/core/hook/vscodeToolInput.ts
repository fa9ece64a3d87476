// VS Code core checks a hook's `updatedInput` against the tool's input schema and, when it does not
// fit, ignores it and runs the ORIGINAL call (seen in VS Code 1.139: "updatedInput from preToolUse
// hook failed schema validation"). The model's own input is not checked, so a call that omits a
// required argument would turn Airlock's sandbox rewrite into a silent no-op. The rewrite therefore
// starts from an input completed to the terminal tool's schema.
import type { ClientId } from '../words/clientTypes';
import { isObject } from './payloadFields';

/** Core's terminal tool; 1.139 requires command, explanation, goal and mode. */
const TERMINAL_TOOL = 'run_in_terminal';
const DEFAULT_WHAT = 'Run the command in Airlock’s sandbox';

/** The tool input, for VS Code's terminal tool completed so that core accepts it as updatedInput. */
export function schemaCompleteInput(client: ClientId, toolName: string, toolInput: unknown): unknown {
  if (client !== 'vscode' || toolName !== TERMINAL_TOOL || !isObject(toolInput)) return toolInput;
  const input: Record<string, unknown> = { ...toolInput };
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  input['explanation'] = text(input['explanation']) ?? text(input['goal']) ?? DEFAULT_WHAT;
  input['goal'] = text(input['goal']) ?? input['explanation'];
  if (input['mode'] !== 'sync' && input['mode'] !== 'async') input['mode'] = input['isBackground'] === true ? 'async' : 'sync';
  // Optional fields of the wrong type would fail the check just the same.
  if ('isBackground' in input && typeof input['isBackground'] !== 'boolean') delete input['isBackground'];
  if ('timeout' in input && typeof input['timeout'] !== 'number') delete input['timeout'];
  return input;
}
