// Cloud credentials recognised by their surroundings rather than a prefix: Azure storage and
// shared access keys, SAS signatures and AD client secrets, GCP service-account key files, and
// SoftLayer API URLs.
import { shannonEntropy } from './entropy';
import { isPlaceholderToken } from './placeholders';
import { eachMatchRule, type RawFinding, type SecretRule } from './ruleTypes';
import { r, type TokenSpec, tokenRule } from './tokenSpec';
import { regexMatches } from '../util/regexMatches';

const SPECS: TokenSpec[] = [
  { rule: 'azure-storage-account-key', description: 'Azure storage account key', severity: 'critical', anchor: 'AccountKey=', pattern: r`[Aa]ccountKey=([A-Za-z0-9+/]{86}==)`, minEntropy: 4.5, end: '' },
  { rule: 'azure-shared-access-key', description: 'Azure Service Bus / Event Hubs / IoT shared access key', severity: 'critical', anchor: 'SharedAccessKey=', pattern: r`SharedAccessKey=([A-Za-z0-9+/]{42,43}=)`, minEntropy: 4.2, end: '' },
  {
    rule: 'azure-ad-client-secret', description: 'Microsoft Entra ID (Azure AD) client secret', severity: 'critical', anchor: 'Q~',
    pattern: r`[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}`, bodyFrom: 0, minEntropy: 4, end: '(?![A-Za-z0-9_~.-])',
  },
  { rule: 'softlayer-api-key', description: 'IBM SoftLayer API key (in an API URL)', anchor: '/soap/v3|/rest/v3', pattern: r`api\.softlayer\.com/(?:soap|rest)/v3(?:\.1)?/([a-z0-9]{64})`, end: '(?![a-z0-9])' },
];

/** `sig=` of an Azure shared access signature: a SAS URL or query always carries `sv=` (service version). */
const SAS_SIG = /[?&;]sig=([A-Za-z0-9%+/]{40,}(?:%3[Dd]|=){0,2})/g;
const SAS_VERSION = /[?&;]sv=20[0-9]{2}-[0-9]{2}-[0-9]{2}/;

export const azureSasRule = eachMatchRule('azure-sas-token', '\\?sig=|&sig=', SAS_SIG, (m, text, out) => {
  const sig = m[1];
  // The query's other fields sit within a few hundred chars on the same line.
  const lineStart = text.lastIndexOf('\n', m.index) + 1;
  const lineEnd = text.indexOf('\n', m.index);
  const line = text.slice(Math.max(lineStart, m.index - 600), lineEnd === -1 ? Math.min(text.length, m.index + 600) : Math.min(lineEnd, m.index + 600));
  const decoded = safeDecode(sig);
  if (!SAS_VERSION.test(line) || isPlaceholderToken(decoded) || shannonEntropy(decoded) < 4.2) return;
  const start = m.index + m[0].length - sig.length;
  out.push({ start, end: start + sig.length, secret: sig, rule: 'azure-sas-token', description: 'Azure shared access signature', severity: 'high', blocking: true });
});

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A service-account key file (or its JSON pasted into code/env): `type` and a real private key. */
const SERVICE_ACCOUNT = /"type"\s*:\s*"service_account"/g;
const PRIVATE_KEY_VALUE = /"private_key"\s*:\s*"(-----BEGIN (?:RSA )?PRIVATE KEY-----(?:\\n|\n|[A-Za-z0-9+/=\s])+?-----END (?:RSA )?PRIVATE KEY-----(?:\\n)?)"/y;
const PRIVATE_KEY_KEY = /"private_key"\s*:/g;

export const gcpServiceAccountRule: SecretRule = {
  family: 'gcp-service-account-key',
  // Its private key is PEM: it shares that rule's anchor.
  anchor: 'BEGIN',
  find(text: string, out: RawFinding[]): void {
    for (const m of regexMatches(SERVICE_ACCOUNT, text)) {
      // A key file is ~2.3 KB; the private key sits within a few KB of `type` either way.
      const from = Math.max(0, m.index - 4096);
      PRIVATE_KEY_KEY.lastIndex = from;
      const k = PRIVATE_KEY_KEY.exec(text);
      if (!k || k.index > m.index + 4096) continue;
      PRIVATE_KEY_VALUE.lastIndex = k.index;
      const v = PRIVATE_KEY_VALUE.exec(text);
      if (!v) continue;
      const body = v[1].replace(/-----[A-Z ]+-----|\\n|\s/g, '');
      if (body.length < 600 || shannonEntropy(body) < 5) continue;
      const start = v.index + v[0].indexOf('"', v[0].indexOf(':')) + 1;
      out.push({ start, end: start + v[1].length, secret: body, rule: 'gcp-service-account-key', description: 'Google Cloud service account key (JSON key file)', severity: 'critical', blocking: true });
      SERVICE_ACCOUNT.lastIndex = Math.max(SERVICE_ACCOUNT.lastIndex, start + v[1].length);
    }
  },
};

export const cloudRules: readonly SecretRule[] = [...SPECS.map(tokenRule), azureSasRule, gcpServiceAccountRule];

