// The model behind a tool call, from where each client records it (never guessed):
// Claude Code's transcript, Codex's payload `model`, the Copilot CLI's session events file.
import * as fs from 'node:fs';
import { isObject, objectField, stringField, type JsonObject } from '../hook/payloadFields';
import { shortHash, stableJson } from './captureCache';

/** Transcripts grow to many MB: look at the end first, where the current call is. */
const TAIL_BYTES = 512 * 1024;

function readTail(file: string, bytes: number): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    fs.readSync(fd, buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    // Drop the partial first line of a tail read.
    return start === 0 ? text : text.slice(text.indexOf('\n') + 1);
  } finally {
    fs.closeSync(fd);
  }
}

function parseLine(line: string): JsonObject | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Claude Code: the `assistant` line whose `message.content[*].id` is the call id holds `message.model`. */
function claudeModelsIn(text: string, wanted: ReadonlySet<string> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.includes('"assistant"')) continue;
    if (wanted && ![...wanted].some((id) => line.includes(id))) continue;
    const value = parseLine(line);
    const message = value && objectField(value, 'message');
    const model = message && stringField(message, 'model');
    if (!value || value['type'] !== 'assistant' || !message || !model || !Array.isArray(message['content'])) continue;
    for (const part of message['content']) {
      if (isObject(part) && typeof part['id'] === 'string') out.set(part['id'], model);
    }
  }
  return out;
}

/** The model of one Claude Code tool call, or undefined when the transcript does not (yet) have it. */
export function claudeModelFor(transcriptPath: string, toolUseId: string): string | undefined {
  const wanted = new Set([toolUseId]);
  const tail = readTail(transcriptPath, TAIL_BYTES);
  if (tail === undefined) return undefined;
  const found = claudeModelsIn(tail, wanted).get(toolUseId);
  if (found !== undefined) return found;
  const whole = readTail(transcriptPath, Number.MAX_SAFE_INTEGER);
  return whole === undefined || whole.length === tail.length ? undefined : claudeModelsIn(whole, wanted).get(toolUseId);
}

/** Every call id → model in a Claude Code transcript (for settling at `Stop`). */
export function claudeModels(transcriptPath: string): Map<string, string> {
  const text = readTail(transcriptPath, Number.MAX_SAFE_INTEGER);
  return text === undefined ? new Map() : claudeModelsIn(text, undefined);
}

/**
 * The Copilot CLI's `events.jsonl`: `tool.execution_start` carries the call's arguments and
 * model (and `tool.execution_complete` the model by call id). Hooks carry no call id, so calls are
 * joined by their exact arguments (`argumentsKey`).
 */
export function copilotModelsByArguments(eventsPath: string): Map<string, string> {
  const text = readTail(eventsPath, Number.MAX_SAFE_INTEGER);
  const out = new Map<string, string>();
  if (text === undefined) return out;
  const argsById = new Map<string, string>();
  const conflicting = new Set<string>();
  const set = (key: string, model: string): void => {
    const seen = out.get(key);
    // The same arguments under two models cannot be told apart: leave them unknown.
    if (seen !== undefined && seen !== model) conflicting.add(key);
    out.set(key, model);
  };
  for (const line of text.split('\n')) {
    if (!line.includes('tool.execution_')) continue;
    const value = parseLine(line);
    const data = value && objectField(value, 'data');
    if (!value || !data) continue;
    const id = stringField(data, 'toolCallId');
    const model = stringField(data, 'model');
    if (value['type'] === 'tool.execution_start' && data['arguments'] !== undefined) {
      const key = shortHash(stableJson(data['arguments']));
      if (id !== undefined) argsById.set(id, key);
      if (model !== undefined) set(key, model);
    } else if (value['type'] === 'tool.execution_complete' && id !== undefined && model !== undefined) {
      const key = argsById.get(id);
      if (key !== undefined) set(key, model);
    }
  }
  for (const key of conflicting) out.delete(key);
  return out;
}
