// Every string in a model request that could carry content, in either wire format: system
// prompts, message text, tool results, tool inputs, and OpenAI's JSON-encoded tool arguments.
// Walking all strings (rather than a list of known fields) means a field a client adds tomorrow is
// inspected too; only structural fields that never hold content, and base64 media, are skipped.

const STRUCTURAL = new Set(['model', 'role', 'type', 'id', 'tool_use_id', 'tool_call_id', 'call_id', 'previous_response_id', 'signature', 'media_type', 'stop_reason', 'finish_reason', 'cache_control', 'tool_choice']);

export interface StringSlot {
  readonly value: string;
  /** Writes a replacement back into the request. */
  set(next: string): void;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isMedia(parent: { [k: string]: Json }): boolean {
  return parent.type === 'base64' || parent.type === 'image' || typeof parent.media_type === 'string';
}

/** Collects the slots of `body` (mutable: `set` edits it in place). */
export function collectSlots(body: unknown): StringSlot[] {
  const out: StringSlot[] = [];
  const visit = (node: Json, set: (v: Json) => void, key: string | null, parent: { [k: string]: Json } | null): void => {
    if (typeof node === 'string') {
      if (key !== null && STRUCTURAL.has(key)) return;
      if (key === 'data' && parent && isMedia(parent)) return;
      if (key === 'arguments' && /^\s*[[{]/.test(node)) {
        // OpenAI tool-call arguments are JSON in a string: inspect the decoded values.
        try {
          const decoded = JSON.parse(node) as Json;
          const saved = out.length;
          visit(decoded, () => undefined, null, null);
          for (const slot of out.splice(saved)) {
            out.push({ value: slot.value, set: (next) => { slot.set(next); set(JSON.stringify(decoded)); } });
          }
          return;
        } catch {
          // Not JSON after all: inspect it as text.
        }
      }
      out.push({ value: node, set: (next) => set(next) });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, (v) => { node[i] = v; }, key, parent));
      return;
    }
    if (node && typeof node === 'object') {
      for (const k of Object.keys(node)) visit(node[k], (v) => { node[k] = v; }, k, node);
    }
  };
  visit(body as Json, () => undefined, null, null);
  return out;
}
