// Values that only look like secrets: template references, documentation stand-ins, defaults.
import { shannonEntropy } from './entropy';

const PLACEHOLDER_WORDS =
  /example|placeholder|change[_-]?me|dummy|sample|redacted|replace|insert|your[_-]|_here|-here|fake|xxxx|\*\*\*|\.\.\.|todo|fixme|lorem/i;

/** Template and indirection syntaxes: the value is a reference to a secret, not the secret. */
const REFERENCE =
  /\$\{|\{\{|\}\}|\$\(|%\(|<[^>]*>|\[\[|^\$[A-Za-z_]|^%[A-Za-z_]+%$|^ENC\[|^vault:|^arn:|^!|secrets\.|^\/(?:run|var|etc|home)\//;

/** Whole values that are defaults or words, not credentials (compared lower-case). */
const DEFAULT_VALUES = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'key', 'test', 'testing',
  'none', 'null', 'nil', 'undefined', 'true', 'false', 'foo', 'bar', 'baz', 'admin', 'root', 'guest',
  'default', 'user', 'username', 'postgres', 'mysql', 'redis', 'rabbitmq', 'mongo', 'letmein', 'qwerty',
  'empty', 'required', 'optional', 'string', 'value', 'hunter2', 'secret123', 'password123', 'passw0rd', 'p@ssw0rd', 's3cr3t',
]);

/** A run of 6+ identical chars or of 6+ consecutive ascending letters/digits. */
function hasSyntheticRun(value: string): boolean {
  let same = 1;
  let ascending = 1;
  for (let i = 1; i < value.length; i++) {
    const prev = value.charCodeAt(i - 1);
    const cur = value.charCodeAt(i);
    same = cur === prev ? same + 1 : 1;
    ascending = cur === prev + 1 ? ascending + 1 : 1;
    if (same >= 6 || ascending >= 6) return true;
  }
  return false;
}

/** For structured tokens (fixed prefix and charset): stand-ins like `ghp_xxxx…` or `…EXAMPLE`. */
export function isPlaceholderToken(body: string): boolean {
  return /example|xxxx|XXXX|0000000|placeholder|dummy|redacted/i.test(body) || hasSyntheticRun(body);
}

/** For free-form values (passwords, generic key=value): references, stand-ins and defaults. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (REFERENCE.test(v) || PLACEHOLDER_WORDS.test(v)) return true;
  const lower = v.toLowerCase();
  if (DEFAULT_VALUES.has(lower) || /test/.test(lower)) return true;
  if (hasSyntheticRun(v)) return true;
  // Masked or blanked values: `****`, `----`, `####`.
  return shannonEntropy(v) < 1.5;
}

/** Tests, fixtures, examples and docs: values there are usually stand-ins (lowers generic confidence only). */
const FIXTURE_PATH = /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|__fixtures__|testdata|test-data|mocks?|__mocks__|examples?|samples?|docs?|demo)\/|\.(?:test|spec|stories|fixture)\.[a-z]+$|(?:^|\/)(?:test_[^/]*|[^/]*_test\.(?:go|py|rb))$|\.(?:md|rst|adoc|txt)$/i;

export function isTestFixturePath(relPath: string): boolean {
  return FIXTURE_PATH.test(relPath);
}

/** Words that introduce an illustration: `format like dotenv://:key_1234@…`, `e.g. ghp_…`, `// It will be like ops_…`. */
const EXAMPLE_CONTEXT = /\b(?:for example|example|e\.g\.|i\.e\.|for instance|such as|(?:looks?|would be|will be|format) like|sample|placeholder|dummy|fake)\b/i;

/**
 * Whether the text just before a finding on its own line presents it as an illustration (docs,
 * error messages, comments). Such findings are reported but do not block.
 */
export function isExampleContext(lineText: string, column: number): boolean {
  const before = lineText.slice(Math.max(0, column - 1 - 400), column - 1);
  if (EXAMPLE_CONTEXT.test(before.slice(-80))) return true;
  // In a comment (also one inside a JSON string, as in source maps) the whole comment counts.
  const escaped = before.lastIndexOf('\\n');
  const lineStart = Math.max(escaped === -1 ? 0 : escaped + 2, before.lastIndexOf('\n') + 1);
  const segment = before.slice(lineStart);
  return /^\s*(?:\/\/|#|\*|\/\*|<!--|--)/.test(segment) && EXAMPLE_CONTEXT.test(segment);
}
