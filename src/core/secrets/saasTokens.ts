// Tokens of hosted services: payments, messaging, AI, observability and other APIs. Formats
// follow each vendor's published prefix and length (cross-checked against the kinds that gitleaks
// and detect-secrets cover); the checks in tokenSpec.ts drop stand-ins.
import type { SecretRule } from './ruleTypes';
import { r, type TokenSpec, tokenRule } from './tokenSpec';

const SHOPIFY: ReadonlyArray<[string, string, string]> = [
  ['shpat', 'shopify-access-token', 'Shopify access token'],
  ['shpca', 'shopify-custom-app-token', 'Shopify custom app access token'],
  ['shppa', 'shopify-private-app-token', 'Shopify private app access token'],
  ['shpss', 'shopify-shared-secret', 'Shopify shared secret'],
];

const SPECS: TokenSpec[] = [
  ...SHOPIFY.map(([p, rule, description]): TokenSpec => ({ rule, description, severity: 'critical', prefixes: [`${p}_`], pattern: r`${p}_[a-fA-F0-9]{32}` })),
  { rule: 'stripe-webhook-secret', description: 'Stripe webhook signing secret', prefixes: ['whsec_'], pattern: r`whsec_[A-Za-z0-9+/]{32,64}={0,2}`, minEntropy: 3.5 },
  { rule: 'square-access-token', description: 'Square access token', severity: 'critical', anchor: 'EAAA', prefixes: ['sq0atp-'], pattern: r`(?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})`, bodyFrom: 4 },
  { rule: 'square-oauth-secret', description: 'Square OAuth application secret', severity: 'critical', prefixes: ['sq0csp-'], pattern: r`sq0csp-[A-Za-z0-9_-]{43}` },
  { rule: 'shippo-api-token', description: 'Shippo API token', prefixes: ['shippo_'], pattern: r`shippo_live_[a-f0-9]{40}` },
  { rule: 'easypost-api-key', description: 'EasyPost production API key', anchor: 'EZ[AT]K[A-Za-z0-9]{8}', pattern: r`EZAK[A-Za-z0-9]{54}` },
  { rule: 'easypost-test-key', description: 'EasyPost test API key', severity: 'low', blocking: false, anchor: 'EZ[AT]K[A-Za-z0-9]{8}', pattern: r`EZTK[A-Za-z0-9]{54}` },
  { rule: 'duffel-api-token', description: 'Duffel API token', prefixes: ['duffel_'], pattern: r`duffel_live_[A-Za-z0-9_=-]{43}` },
  { rule: 'flutterwave-secret-key', description: 'Flutterwave secret key', prefixes: ['FLWSECK_', 'FLWSECK-'], pattern: r`FLWSECK(?:_TEST)?-[a-hA-H0-9]{32}-X` },
  { rule: 'plaid-access-token', description: 'Plaid access token', prefixes: ['access-'], pattern: r`access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`, bodyFrom: 7 },
  { rule: 'sendgrid-api-key', description: 'SendGrid API key', severity: 'critical', prefixes: ['SG.'], pattern: r`SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}`, minEntropy: 4 },
  { rule: 'brevo-api-key', description: 'Brevo (Sendinblue) API key', prefixes: ['xkeysib-'], pattern: r`xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}` },
  { rule: 'mailgun-api-key', description: 'Mailgun private API key', prefixes: ['key-'], pattern: r`key-[a-f0-9]{32}` },
  { rule: 'telegram-bot-token', description: 'Telegram bot token', anchor: 'AA[A-Za-z0-9_-]{33}', pattern: r`[0-9]{8,10}:AA[A-Za-z0-9_-]{33}`, bodyFrom: 0 },
  { rule: 'discord-bot-token', description: 'Discord bot token', atDot: (t, dot) => dot >= 7 && t.charCodeAt(dot - 7) === 46, pattern: r`[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}`, bodyFrom: 0, minEntropy: 4, check: (t) => /^[0-9]{17,20}$/.test(decodeBase64Url(t.slice(0, t.indexOf('.')))) },
  { rule: 'discord-webhook', description: 'Discord webhook URL', anchor: '/api/webhooks/', pattern: r`discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/([A-Za-z0-9_-]{60,68})` },
  { rule: 'microsoft-teams-webhook', description: 'Microsoft Teams incoming webhook URL', anchor: 'IncomingWebhook/', pattern: r`[a-z0-9-]+\.webhook\.office\.com/webhookb2/[a-z0-9-]{36}@[a-z0-9-]{36}/IncomingWebhook/([a-z0-9]{32})/[a-z0-9-]{36}` },
  { rule: 'twitter-bearer-token', description: 'Twitter/X bearer token', anchor: 'AAAAAAAAAA', pattern: r`A{22}[A-Za-z0-9%]{80,120}`, bodyFrom: 22, minEntropy: 4 },
  { rule: 'facebook-access-token', description: 'Facebook/Meta access token', anchor: 'EAA[BCDGI]', pattern: r`EAA[BCDGI][A-Za-z0-9]{100,250}`, minEntropy: 4 },
  { rule: 'dropbox-short-lived-token', description: 'Dropbox short-lived access token', prefixes: ['sl.'], pattern: r`sl\.[A-Za-z0-9_=-]{130,160}`, minEntropy: 4 },
  { rule: 'dropbox-long-lived-token', description: 'Dropbox long-lived access token', anchor: 'AAAAAAAAAA', pattern: r`[a-z0-9]{11}A{10}[A-Za-z0-9_=-]{43}`, bodyFrom: 21 },
  { rule: 'firebase-cloud-messaging-key', description: 'Firebase Cloud Messaging server key', anchor: 'APA91b', pattern: r`AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}`, bodyFrom: 18, minEntropy: 4 },
  { rule: 'google-oauth-client-secret', description: 'Google OAuth client secret', severity: 'critical', prefixes: ['GOCSPX-'], pattern: r`GOCSPX-[A-Za-z0-9_-]{28}` },
  { rule: 'google-oauth-access-token', description: 'Google OAuth access token', prefixes: ['ya29.'], pattern: r`ya29\.[A-Za-z0-9_-]{30,}`, minEntropy: 4 },
  { rule: 'mapbox-secret-token', description: 'Mapbox secret access token', prefixes: ['sk.'], pattern: r`sk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{22}`, bodyFrom: 3 },
  { rule: 'huggingface-token', description: 'Hugging Face access token', severity: 'critical', prefixes: ['hf_'], pattern: r`hf_[A-Za-z]{34}`, minEntropy: 3.5 },
  { rule: 'huggingface-org-token', description: 'Hugging Face organization API token', prefixes: ['api_'], pattern: r`api_org_[A-Za-z]{34}`, minEntropy: 3.5 },
  { rule: 'groq-api-key', description: 'Groq API key', severity: 'critical', prefixes: ['gsk_'], pattern: r`gsk_[A-Za-z0-9]{52}` },
  { rule: 'replicate-api-token', description: 'Replicate API token', prefixes: ['r8_'], pattern: r`r8_[A-Za-z0-9]{37}` },
  { rule: 'perplexity-api-key', description: 'Perplexity API key', prefixes: ['pplx-'], pattern: r`pplx-[A-Za-z0-9]{48}` },
  { rule: 'notion-token', description: 'Notion integration token', severity: 'critical', prefixes: ['secret_', 'ntn_'], pattern: r`(?:secret_[A-Za-z0-9]{43}|ntn_[0-9]{11}[A-Za-z0-9]{35})`, bodyFrom: 4 },
  { rule: 'adobe-client-secret', description: 'Adobe client secret', prefixes: ['p8e-'], pattern: r`p8e-[A-Za-z0-9]{32}` },
  { rule: 'alibaba-access-key-id', description: 'Alibaba Cloud AccessKey id', severity: 'medium', blocking: false, anchor: 'LTAI', pattern: r`LTAI[A-Za-z0-9]{20}` },
  { rule: 'yandex-api-key', description: 'Yandex Cloud API key', anchor: 'AQVN', pattern: r`AQVN[A-Za-z0-9_-]{35,38}` },
  { rule: 'yandex-iam-token', description: 'Yandex Cloud IAM token', prefixes: ['t1.'], pattern: r`t1\.[A-Z0-9a-z_-]+={0,2}\.[A-Z0-9a-z_-]{86}={0,2}`, bodyFrom: 3, end: '(?![A-Za-z0-9_=-])' },
  { rule: 'cloudflare-origin-ca-key', description: 'Cloudflare Origin CA key', anchor: r`1\.0-[a-f0-9]{24}-`, pattern: r`v1\.0-[a-f0-9]{24}-[a-f0-9]{146}` },
  { rule: 'contentful-pat', description: 'Contentful personal access token', prefixes: ['CFPAT-'], pattern: r`CFPAT-[A-Za-z0-9_-]{43}` },
  { rule: 'airtable-pat', description: 'Airtable personal access token', atDot: (t, dot) => dot >= 17 && t.startsWith('pat', dot - 17), pattern: r`pat[A-Za-z0-9]{14}\.[a-f0-9]{64}`, bodyFrom: 3 },
  { rule: 'aws-bedrock-api-key', description: 'Amazon Bedrock long-term API key', severity: 'critical', anchor: 'ABSK', pattern: r`ABSK[A-Za-z0-9+/]{109,269}={0,2}`, minEntropy: 4, end: '(?![A-Za-z0-9+/=])' },
];

function decodeBase64Url(s: string): string {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
}

export const saasTokenRules: readonly SecretRule[] = SPECS.map(tokenRule);
