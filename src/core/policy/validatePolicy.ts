// Parses a policy file (JSON with comments) and validates it into a PolicyDocument, collecting
// every problem with its exact position so a team lead can fix them all in one pass.
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { isExpired } from './exceptionExpiry';
import { validateModelsSection } from './validateModels';
import { builtinClasses } from './builtinClasses';
import type { PolicyProblem } from './policyError';
import { DEFAULT_SECRETS_CONFIDENCE } from './policyTypes';
import type {
  DataClass,
  PolicyDocument,
  PolicyException,
  PolicyRule,
  RiskLevel,
  Verdict,
  TelemetrySettings,
} from './policyTypes';
import { closest, Validator } from './policyValidator';
import { SourceText } from './sourceText';
import { SYNC_TARGET_IDS, type SyncTargetId, type SyncTargets } from './syncTargets';

const VERDICTS: readonly Verdict[] = ['allow', 'ask', 'deny'];
const RISKS: readonly RiskLevel[] = ['critical', 'high', 'medium', 'low', 'none'];
const TOP_KEYS = ['$schema', 'version', 'ai', 'mode', 'classes', 'default', 'rules', 'exceptions', 'extends', 'outside', 'shell', 'secrets', 'shellSandbox', 'telemetry', 'sync', 'reviewSigners', 'secretsUnscanned', 'secretsConfidence', 'models'];
const CLASS_KEYS = ['read', 'edit', 'risk', 'review', 'description'];
const RULE_KEYS = ['paths', 'class', 'reason', 'carveOut'];
const SYNC_KEYS = ['targets'];
const EXCEPTION_KEYS = ['paths', 'class', 'owner', 'reason', 'approvedBy', 'expires'];

export interface ValidatedPolicy {
  /** Present when there are no errors (warnings allowed). */
  readonly document?: Omit<PolicyDocument, 'extends'> & { readonly extendsRaw?: { path: string; offset: number; length: number } };
  readonly problems: PolicyProblem[];
}

function isValidDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** `secretsConfidence`: a number from 0 to 1 (default 0.9). */
function confidence(v: Validator, node: Node | undefined): number {
  if (!node) return DEFAULT_SECRETS_CONFIDENCE;
  if (node.type !== 'number' || typeof node.value !== 'number' || node.value < 0 || node.value > 1) {
    v.error(node, '"secretsConfidence" must be a number from 0 to 1 (the confidence at which a keyword/entropy secret finding blocks), e.g. 0.9', 'invalid-value');
    return DEFAULT_SECRETS_CONFIDENCE;
  }
  return node.value;
}

export function validatePolicyText(file: string, text: string, now: Date): ValidatedPolicy {
  const src = new SourceText(file, text);
  const v = new Validator(src);
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  for (const e of parseErrors) {
    v.problems.push(src.problem(e.offset, e.length, `JSON syntax error: ${describeParseError(printParseErrorCode(e.error))}`, 'syntax'));
  }
  if (parseErrors.length) return { problems: v.problems };
  if (!root || root.type !== 'object') {
    v.problems.push(src.problem(root?.offset ?? 0, root?.length ?? 0, 'the policy must be a JSON object, e.g. { "version": 1, "rules": [] }', 'wrong-type'));
    return { problems: v.problems };
  }

  const top = v.props(root, TOP_KEYS, 'the policy');
  const versionNode = top.get('version');
  if (!versionNode) v.error(root, '"version" is required; write "version": 1', 'missing-key');
  else if (versionNode.value !== 1) v.error(versionNode, `unsupported "version" ${JSON.stringify(versionNode.value)}; this Airlock understands version 1`, 'invalid-value');

  const ai = v.oneOf(top.get('ai'), ['on', 'off'] as const, '"ai"', 'on');
  const mode = v.oneOf(top.get('mode'), ['enforce', 'monitor'] as const, '"mode"', 'enforce');
  const outside = v.oneOf(top.get('outside'), VERDICTS, '"outside" (the verdict for paths outside the workspace)', 'ask');
  const shell = v.oneOf(top.get('shell'), ['ask', 'deny'] as const, '"shell" (the verdict for shell commands Airlock cannot parse with confidence)', 'ask');
  const secrets = v.oneOf(top.get('secrets'), ['deny', 'ask', 'warn'] as const, '"secrets"', 'deny');
  const shellSandbox = v.oneOf(top.get('shellSandbox'), ['rewrite', 'off'] as const, '"shellSandbox" (whether hooks run shell tool calls through `airlock exec`)', 'rewrite');
  const signersNode = top.get('reviewSigners');
  const reviewSigners = v.str(signersNode, '"reviewSigners" (the allowed-signers file reviews are verified against)', false, root);
  if (signersNode && reviewSigners !== undefined && (reviewSigners === '' || reviewSigners.startsWith('/') || /^[A-Za-z]:/.test(reviewSigners) || reviewSigners.split(/[\\/]/).includes('..'))) {
    v.error(signersNode, '"reviewSigners" must be a workspace-relative path such as ".airlock/allowed_signers"', 'invalid-value');
  }
  const secretsUnscanned = v.oneOf(top.get('secretsUnscanned'), ['deny', 'ask', 'warn'] as const, '"secretsUnscanned" (the verdict for files the secret scanner cannot judge)', 'ask');
  const secretsConfidence = confidence(v, top.get('secretsConfidence'));

  const classes = builtinClasses(file);
  const classesNode = top.get('classes');
  if (classesNode) {
    if (classesNode.type !== 'object') v.error(classesNode, '"classes" must be an object of class definitions', 'wrong-type');
    else {
      for (const prop of classesNode.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || !valueNode) continue;
        const name = String(keyNode.value);
        if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) {
          v.error(keyNode, `class name "${name}" must start with a letter and use only letters, digits, "-" and "_"`, 'invalid-value');
          continue;
        }
        if (valueNode.type !== 'object') {
          v.error(valueNode, `class "${name}" must be an object like { "read": "deny", "edit": "deny", "risk": "critical" }`, 'wrong-type');
          continue;
        }
        const p = v.props(valueNode, CLASS_KEYS, `class "${name}"`);
        const what = (k: string): string => `"${k}" of class "${name}"`;
        if (!p.get('read')) v.error(keyNode, `class "${name}" needs "read": "allow" | "ask" | "deny"`, 'missing-key');
        if (!p.get('edit')) v.error(keyNode, `class "${name}" needs "edit": "allow" | "ask" | "deny"`, 'missing-key');
        const review = p.get('review');
        if (review && (review.type !== 'string' || (review.value !== 'required' && review.value !== 'peer'))) v.error(review, `${what('review')} can only be "required" or "peer" (a reviewer other than the developer whose session wrote the lines)`, 'invalid-value');
        const dc: DataClass = {
          name,
          read: v.oneOf(p.get('read'), VERDICTS, what('read'), 'deny'),
          edit: v.oneOf(p.get('edit'), VERDICTS, what('edit'), 'deny'),
          risk: v.oneOf(p.get('risk'), RISKS, what('risk'), 'medium'),
          reviewRequired: review?.value === 'required' || review?.value === 'peer',
          ...(review?.value === 'peer' ? { peerReview: true } : {}),
          description: v.str(p.get('description'), what('description'), false, valueNode),
          location: src.location(keyNode.offset),
        };
        classes.set(name, dc);
      }
    }
  }
  const classNames = [...classes.keys()];
  const checkClass = (node: Node | undefined, what: string, parent: Node): string => {
    const name = v.str(node, `"class" of ${what}`, true, parent);
    if (name === undefined || !node) return 'secret';
    if (!classes.has(name)) {
      const hint = closest(name, classNames);
      v.error(node, `unknown class "${name}" in ${what}${hint ? ` (did you mean "${hint}"?)` : ''}; define it under "classes" or use one of: ${classNames.join(', ')}`, 'unknown-class');
    }
    return name;
  };

  let defaultClass = 'public';
  const defNode = top.get('default');
  if (defNode) defaultClass = checkClass(defNode, '"default"', root);

  const rules: PolicyRule[] = [];
  const ruleList = { notAList: '"rules" must be a list of { "paths": [...], "class": "..." }', item: 'rule', mustBe: 'an object like { "paths": ["secrets/"], "class": "secret" }', allowed: RULE_KEYS };
  v.objectList(top.get('rules'), ruleList, (ruleNode, p, index, what) => {
    const patterns = v.patterns(p.get('paths'), what, ruleNode);
    const className = checkClass(p.get('class'), what, ruleNode);
    const reason = v.str(p.get('reason'), `"reason" of ${what}`, false, ruleNode);
    const carveNode = p.get('carveOut');
    if (carveNode && carveNode.type !== 'boolean') v.error(carveNode, `"carveOut" of ${what} must be true or false`, 'wrong-type');
    const carveOut = carveNode?.value === true;
    rules.push({ index, patterns, className, reason, ...(carveOut ? { carveOut } : {}), location: src.location(ruleNode.offset) });
  });

  const exceptions: PolicyException[] = [];
  const exceptionList = { notAList: '"exceptions" must be a list', item: 'exception', mustBe: 'an object with paths, class, owner, reason, approvedBy and expires', allowed: EXCEPTION_KEYS };
  v.objectList(top.get('exceptions'), exceptionList, (node, p, index, what) => {
    const patterns = v.patterns(p.get('paths'), what, node);
    const className = checkClass(p.get('class'), what, node);
    const owner = v.str(p.get('owner'), `"owner" of ${what}`, true, node) ?? '';
    const reason = v.str(p.get('reason'), `"reason" of ${what}`, true, node) ?? '';
    const approvedBy = v.str(p.get('approvedBy'), `"approvedBy" of ${what}`, true, node) ?? '';
    const expiresNode = p.get('expires');
    const expires = v.str(expiresNode, `"expires" of ${what}`, true, node) ?? '';
    if (expiresNode && expires && !isValidDate(expires)) {
      v.error(expiresNode, `"expires" of ${what} must be a date written YYYY-MM-DD, e.g. "2026-12-31" (got ${JSON.stringify(expires)})`, 'invalid-date');
    } else if (expiresNode && expires && isExpired(expires, now)) {
      v.warn(expiresNode, `${what} expired on ${expires} and no longer applies; remove it or renew it with a new approval`, 'expired-exception');
    }
    exceptions.push({ index, patterns, className, owner, reason, approvedBy, expires, location: src.location(node.offset) });
  });

  const syncTargets = readSyncTargets(v, top.get('sync'));
  const modelsNode = top.get('models');
  const models = modelsNode ? validateModelsSection(v, modelsNode, classes) : undefined;

  let extendsRaw: { path: string; offset: number; length: number } | undefined;
  const extNode = top.get('extends');
  if (extNode) {
    const path = v.str(extNode, '"extends" (the path of a baseline policy)', true, root);
    if (path !== undefined) extendsRaw = { path, offset: extNode.offset, length: extNode.length };
  }

  const telemetrySection = validateTelemetry(v, top.get('telemetry'));

  if (v.problems.some((p) => p.severity === 'error')) return { problems: v.problems };
  return {
    problems: v.problems,
    document: { source: file, version: 1, ai, mode, classes, defaultClass, rules, exceptions, outside, shell, secrets, shellSandbox, syncTargets, ...(models ? { models } : {}), secretsUnscanned, secretsConfidence, ...(reviewSigners ? { reviewSigners } : {}), extendsRaw, ...telemetrySection },
  };
}

/** `"telemetry": { "otlpEndpoint", "intervalSeconds", "assistants", "receiverPort" }`. */
function validateTelemetry(v: Validator, node: Node | undefined): { otlpEndpoint?: string; telemetry?: TelemetrySettings } {
  if (!node) return {};
  if (node.type !== 'object') {
    v.error(node, '"telemetry" must be an object like { "otlpEndpoint": "https://collector.example.com:4318/v1/logs" }', 'wrong-type');
    return {};
  }
  const p = v.props(node, ['otlpEndpoint', 'intervalSeconds', 'assistants', 'receiverPort'], '"telemetry"');
  const int = (key: string, min: number, max: number, fallback: number): number => {
    const n = p.get(key);
    if (!n) return fallback;
    if (n.type !== 'number' || !Number.isInteger(n.value) || (n.value as number) < min || (n.value as number) > max) {
      v.error(n, `"${key}" of "telemetry" must be a whole number from ${min} to ${max}`, 'invalid-value');
      return fallback;
    }
    return n.value as number;
  };
  const a = p.get('assistants');
  if (a && a.type !== 'boolean') v.error(a, '"assistants" of "telemetry" must be true or false', 'wrong-type');
  const telemetry: TelemetrySettings = {
    intervalSeconds: int('intervalSeconds', 10, 86_400, 60),
    assistants: a?.type === 'boolean' ? (a.value as boolean) : false,
    receiverPort: int('receiverPort', 1024, 65_535, 4318),
  };
  const otlpEndpoint = validateOtlpEndpoint(v, p.get('otlpEndpoint'));
  return { telemetry, ...(otlpEndpoint ? { otlpEndpoint } : {}) };
}

/** An OTLP endpoint: https, or http only to this machine (a local collector). */
function validateOtlpEndpoint(v: Validator, node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const endpoint = v.str(node, '"otlpEndpoint" of "telemetry"', true, node);
  if (endpoint === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    v.error(node, `"otlpEndpoint" ${JSON.stringify(endpoint)} is not a URL`, 'invalid-value');
    return undefined;
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && local)) || url.username || url.password) {
    v.error(node, '"otlpEndpoint" must be an https:// URL (http:// only for 127.0.0.1/localhost) without credentials', 'invalid-value');
    return undefined;
  }
  return url.toString();
}

/** `"sync": { "targets": "detected" | "all" | ["claude-code", ...] }`; absent means detected. */
function readSyncTargets(v: Validator, node: Node | undefined): SyncTargets {
  if (!node) return 'detected';
  if (node.type !== 'object') {
    v.error(node, '"sync" must be an object like { "targets": ["claude-code", "copilot"] }', 'wrong-type');
    return 'detected';
  }
  const t = v.props(node, SYNC_KEYS, '"sync"').get('targets');
  if (!t) return 'detected';
  if (t.type === 'string' && (t.value === 'detected' || t.value === 'all')) return t.value;
  const choices = `"detected", "all", or a list of: ${SYNC_TARGET_IDS.join(', ')}`;
  if (t.type !== 'array') {
    v.error(t, `"targets" of "sync" must be ${choices}`, 'invalid-value');
    return 'detected';
  }
  const out: SyncTargetId[] = [];
  for (const item of t.children ?? []) {
    const id = item.value as SyncTargetId;
    if (item.type !== 'string' || !SYNC_TARGET_IDS.includes(id)) {
      const hint = typeof item.value === 'string' ? closest(item.value, SYNC_TARGET_IDS) : undefined;
      v.error(item, `unknown sync target ${JSON.stringify(item.value)}${hint ? ` (did you mean "${hint}"?)` : ''}; one of: ${SYNC_TARGET_IDS.join(', ')}`, 'invalid-value');
    } else if (!out.includes(id)) out.push(id);
  }
  return out;
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name in double quotes was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: 'a ":" was expected',
    CommaExpected: 'a "," was expected',
    CloseBraceExpected: 'a "}" was expected',
    CloseBracketExpected: 'a "]" was expected',
    EndOfFileExpected: 'nothing more was expected after the closing "}"',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character in a string (write "\\\\" for a backslash)',
    InvalidCharacter: 'invalid character in a string',
  };
  return words[code] ?? code;
}

