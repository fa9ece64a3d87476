// Tiny readers for untyped JSON payloads: no throwing, no coercion beyond what is documented.

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(obj: JsonObject, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

export function objectField(obj: JsonObject, ...keys: string[]): JsonObject | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (isObject(value)) return value;
  }
  return undefined;
}

/** A string or an array of strings (Copilot sends `paths` both ways). */
export function stringListField(obj: JsonObject, ...keys: string[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string' && value !== '') out.push(value);
    else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string' && item !== '') out.push(item);
  }
  return out;
}

/** Tool names compared without case, `_`, `-` or `.`: `read_file`, `readFile` and `ReadFile` are one tool. */
export function normalizeToolName(name: string): string {
  return name.toLowerCase().replace(/[_\-.\s]/g, '');
}
