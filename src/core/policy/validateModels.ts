// Validates the policy's `models` section. Keys are never policy content: an endpoint names where
// its key lives (an environment variable, the editor's secret storage), and anything that looks
// like a key written into the section is an error, so a policy committed to git never leaks one.
import type { Node } from 'jsonc-parser';
import { looksLikeRandomToken } from '../secrets/maskSecrets';
import type { DataClass } from './policyTypes';
import type { PolicyValidator } from './policyValidator';
import { scanText } from '../secrets/scanText';
import type { ModelApi, ModelClassRule, ModelEndpoint, ModelGatewaySettings, ModelsSection, ProtectedContentAction } from './modelPolicyTypes';

const SECTION_KEYS = ['endpoints', 'classes', 'auditText', 'gateway'];
const GATEWAY_KEYS = ['port', 'endpoint', 'run', 'sync'];
const ENDPOINT_KEYS = ['api', 'url', 'keyEnv', 'keySecret', 'models', 'description'];
const CLASS_RULE_KEYS = ['endpoints', 'onMatch'];
/** Keys people reach for when they mean to paste a key: answered with where the key belongs. */
const KEY_LITERAL_KEYS = /^(key|apiKey|api_key|apikey|token|secret|password|authorization|headers|bearer)$/i;
const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function looksLikeKey(value: string): boolean {
  if (scanText(value, 'policy-value').length > 0) return true;
  return looksLikeRandomToken(value) || /^(sk|pk|rk|xox[abp]|gh[pousr]|glpat|AKIA|AIza)[-_A-Za-z0-9]{8,}/.test(value);
}

export function validateModelsSection(v: PolicyValidator, node: Node, classes: ReadonlyMap<string, DataClass>): ModelsSection | undefined {
  if (node.type !== 'object') {
    v.error(node, '"models" must be an object: { "endpoints": { ... }, "classes": { ... } }', 'wrong-type');
    return undefined;
  }
  for (const prop of node.children ?? []) {
    const keyNode = prop.children?.[0];
    if (keyNode && KEY_LITERAL_KEYS.test(String(keyNode.value))) {
      v.error(keyNode, `never write a key in the policy: name the environment variable that holds it with "keyEnv" (or "keySecret" for the editor's secret storage) inside an endpoint`, 'key-literal');
    }
  }
  const p = v.props(node, SECTION_KEYS.concat([...(node.children ?? [])].map((c) => String(c.children?.[0]?.value)).filter((k) => KEY_LITERAL_KEYS.test(k))), '"models"');
  const endpoints = new Map<string, ModelEndpoint>();
  const endpointsNode = p.get('endpoints');
  if (!endpointsNode) v.error(node, '"models" needs "endpoints": named model endpoints, e.g. { "internal": { "api": "openai", "url": "https://llm.example/v1", "keyEnv": "INTERNAL_LLM_KEY" } }', 'missing-key');
  else if (endpointsNode.type !== 'object') v.error(endpointsNode, '"endpoints" in "models" must be an object of named endpoints', 'wrong-type');
  else {
    for (const prop of endpointsNode.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode || !valueNode) continue;
      const ep = validateEndpoint(v, String(keyNode.value), keyNode, valueNode);
      if (ep) endpoints.set(ep.name, ep);
    }
  }

  const rules = new Map<string, ModelClassRule>();
  const classesNode = p.get('classes');
  if (classesNode && classesNode.type !== 'object') v.error(classesNode, '"classes" in "models" must map class names to { "endpoints": [...] }', 'wrong-type');
  else if (classesNode) {
    for (const prop of classesNode.children ?? []) {
      const [keyNode, valueNode] = prop.children ?? [];
      if (!keyNode || !valueNode) continue;
      const rule = validateClassRule(v, String(keyNode.value), keyNode, valueNode, classes, endpoints);
      if (rule) rules.set(rule.className, rule);
    }
  }
  const auditTextNode = p.get('auditText');
  if (auditTextNode && auditTextNode.type !== 'boolean') v.error(auditTextNode, '"auditText" must be true or false', 'wrong-type');
  const gatewayNode = p.get('gateway');
  const gateway = gatewayNode ? validateGateway(v, gatewayNode, endpoints) : undefined;
  return { endpoints, classes: rules, auditText: auditTextNode?.value === true, ...(gateway ? { gateway } : {}), location: v.src.location(node.offset) };
}

function validateGateway(v: PolicyValidator, node: Node, endpoints: ReadonlyMap<string, ModelEndpoint>): ModelGatewaySettings | undefined {
  if (node.type !== 'object') {
    v.error(node, '"gateway" in "models" must be an object like { "port": 8788, "run": true, "sync": true }', 'wrong-type');
    return undefined;
  }
  const p = v.props(node, GATEWAY_KEYS, '"gateway" in "models"');
  const portNode = p.get('port');
  let port: number | undefined;
  if (portNode) {
    // Below 1024 a user cannot listen; 0 would be a different port every time, which no written setting can name.
    if (portNode.type !== 'number' || !Number.isInteger(portNode.value) || (portNode.value as number) < 1024 || (portNode.value as number) > 65535) {
      v.error(portNode, '"port" of "gateway" must be a whole number from 1024 to 65535 (the loopback port `airlock gateway` listens on)', 'invalid-value');
    } else port = portNode.value as number;
  }
  const endpointNode = p.get('endpoint');
  const endpoint = v.str(endpointNode, '"endpoint" of "gateway"', false, node);
  if (endpoint !== undefined && endpointNode && !endpoints.has(endpoint)) {
    v.error(endpointNode, `unknown endpoint "${endpoint}" for "gateway"; defined endpoints: ${[...endpoints.keys()].join(', ') || '(none)'}`, 'unknown-endpoint');
  }
  const flag = (key: 'run' | 'sync'): boolean => {
    const n = p.get(key);
    if (n && n.type !== 'boolean') v.error(n, `"${key}" of "gateway" must be true or false`, 'wrong-type');
    return n?.value === true;
  };
  const run = flag('run');
  const sync = flag('sync');
  if (sync && port === undefined && !portNode) {
    v.error(p.get('sync') ?? node, '"sync": true in "gateway" needs "port": written client settings must name a fixed port', 'missing-key');
  }
  return { ...(port !== undefined ? { port } : {}), ...(endpoint !== undefined && endpoints.has(endpoint) ? { endpoint } : {}), run, sync, location: v.src.location(node.offset) };
}

function validateEndpoint(v: PolicyValidator, name: string, keyNode: Node, node: Node): ModelEndpoint | undefined {
  if (!NAME.test(name)) {
    v.error(keyNode, `endpoint name "${name}" must start with a letter and use only letters, digits, "-" and "_"`, 'invalid-value');
    return undefined;
  }
  if (node.type !== 'object') {
    v.error(node, `endpoint "${name}" must be an object like { "api": "openai", "url": "https://llm.example/v1", "keyEnv": "LLM_KEY" }`, 'wrong-type');
    return undefined;
  }
  for (const prop of node.children ?? []) {
    const k = prop.children?.[0];
    if (k && KEY_LITERAL_KEYS.test(String(k.value))) {
      v.error(k, `never write a key in the policy: use "keyEnv": "<ENVIRONMENT_VARIABLE>" (the CLI gateway and the editor read it) or "keySecret": "<name>" (the editor's secret storage)`, 'key-literal');
    }
  }
  const allowed = ENDPOINT_KEYS.concat((node.children ?? []).map((c) => String(c.children?.[0]?.value)).filter((k) => KEY_LITERAL_KEYS.test(k)));
  const p = v.props(node, allowed, `endpoint "${name}"`);
  const what = (k: string): string => `"${k}" of endpoint "${name}"`;
  const api = v.oneOf<ModelApi>(p.get('api'), ['openai', 'anthropic'], what('api'), 'openai');
  if (!p.get('api')) v.error(keyNode, `endpoint "${name}" needs "api": "openai" (a /chat/completions endpoint) or "anthropic" (/v1/messages)`, 'missing-key');
  const urlNode = p.get('url');
  const url = v.str(urlNode, what('url'), true, node);
  if (url !== undefined && urlNode) checkUrl(v, urlNode, url, what('url'));
  const keyEnvNode = p.get('keyEnv');
  const keyEnv = v.str(keyEnvNode, what('keyEnv'), false, node);
  if (keyEnv !== undefined && keyEnvNode) {
    if (looksLikeKey(keyEnv)) v.error(keyEnvNode, `${what('keyEnv')} looks like a key itself: write the NAME of the environment variable that holds the key (e.g. "INTERNAL_LLM_KEY"), never the key`, 'key-literal');
    else if (!ENV_NAME.test(keyEnv)) v.error(keyEnvNode, `${what('keyEnv')} must be an environment variable name (letters, digits, "_"), e.g. "INTERNAL_LLM_KEY"`, 'invalid-value');
  }
  const keySecretNode = p.get('keySecret');
  const keySecret = v.str(keySecretNode, what('keySecret'), false, node);
  if (keySecret !== undefined && keySecretNode && looksLikeKey(keySecret)) {
    v.error(keySecretNode, `${what('keySecret')} looks like a key itself: write the name under which the editor stores the key (e.g. "internal-llm"), never the key`, 'key-literal');
  }
  const models: string[] = [];
  const modelsNode = p.get('models');
  if (modelsNode && modelsNode.type !== 'array') v.error(modelsNode, `${what('models')} must be a list of model ids`, 'wrong-type');
  for (const m of modelsNode?.type === 'array' ? modelsNode.children ?? [] : []) {
    if (m.type !== 'string' || !String(m.value).trim()) v.error(m, `each of ${what('models')} must be a non-empty string`, 'wrong-type');
    else models.push(String(m.value));
  }
  v.str(p.get('description'), what('description'), false, node);
  if (url === undefined) return undefined;
  return { name, api, url: url.replace(/\/+$/, ''), keyEnv, keySecret, models, location: v.src.location(keyNode.offset) };
}

function checkUrl(v: PolicyValidator, node: Node, url: string, what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    v.error(node, `${what} must be an absolute http(s) URL, e.g. "https://llm.example/v1"`, 'invalid-value');
    return;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') v.error(node, `${what} must use http or https`, 'invalid-value');
  else if (parsed.username || parsed.password) v.error(node, `${what} must not carry credentials: remove "user:password@" and name the key with "keyEnv"`, 'key-literal');
  else if (parsed.search && (looksLikeKey(parsed.search) || /[?&](key|api[-_]?key|token|access_token|sig)=/i.test(parsed.search))) {
    v.error(node, `${what} must not carry a key in its query string: name the key with "keyEnv"`, 'key-literal');
  } else if (scanText(url, 'policy-value').length > 0 || parsed.pathname.split('/').some((seg) => seg.length >= 24 && looksLikeRandomToken(seg))) {
    v.error(node, `${what} contains something that looks like a key`, 'key-literal');
  }
}

function validateClassRule(v: PolicyValidator, className: string, keyNode: Node, node: Node, classes: ReadonlyMap<string, DataClass>, endpoints: ReadonlyMap<string, ModelEndpoint>): ModelClassRule | undefined {
  if (!classes.has(className)) {
    v.error(keyNode, `unknown class "${className}" in "models"; define it under "classes" or use one of: ${[...classes.keys()].join(', ')}`, 'unknown-class');
    return undefined;
  }
  // Shorthand: "restricted": ["internal"].
  const listNode = node.type === 'array' ? node : undefined;
  let p = new Map<string, Node>();
  if (!listNode) {
    if (node.type !== 'object') {
      v.error(node, `"models" rule of class "${className}" must be a list of endpoint names or { "endpoints": [...], "onMatch": "refuse" | "redact" }`, 'wrong-type');
      return undefined;
    }
    p = v.props(node, CLASS_RULE_KEYS, `"models" rule of class "${className}"`);
  }
  const endpointsNode = listNode ?? p.get('endpoints');
  const names: string[] = [];
  if (!endpointsNode) v.error(node, `"models" rule of class "${className}" needs "endpoints": the endpoint names that may receive its content ([] for none)`, 'missing-key');
  else if (endpointsNode.type !== 'array') v.error(endpointsNode, `"endpoints" of class "${className}" must be a list of endpoint names`, 'wrong-type');
  for (const e of endpointsNode?.type === 'array' ? endpointsNode.children ?? [] : []) {
    const name = String(e.value);
    if (e.type !== 'string') v.error(e, 'each endpoint name must be a string', 'wrong-type');
    else if (!endpoints.has(name)) v.error(e, `unknown endpoint "${name}" for class "${className}"; defined endpoints: ${[...endpoints.keys()].join(', ') || '(none)'}`, 'unknown-endpoint');
    else names.push(name);
  }
  const onMatch = v.oneOf<ProtectedContentAction>(p.get('onMatch'), ['refuse', 'redact'], `"onMatch" of class "${className}"`, 'refuse');
  return { className, endpoints: names, onMatch, location: v.src.location(keyNode.offset) };
}
