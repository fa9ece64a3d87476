// The labelled accuracy suite: one realistic sample recipe per credential kind, written for this
// project from each provider's documented format (never copied from another scanner's tests).
// Tokens are generated at test time with valid structure (checksums, decodable headers), so no
// credential-shaped string is committed.
import { generateKeyPairSync } from 'node:crypto';
import { crc32, toBase62 } from '../../../src/core/secrets/crc32';
import { FakeTokens } from './fakeTokens';

const ALPHABETS: Record<string, string> = {
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  b62: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  b64: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/',
  b64u: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  an: 'abcdefghijklmnopqrstuvwxyz0123456789',
  AN: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  b32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  b32l: 'abcdefghijklmnopqrstuvwxyz234567',
  ah: 'abcdefgh0123456789',
  bech: 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
};

/** Expands `{hex:32}`, `{b62:30}`, `{uuid}`, `{crc}` (base62 CRC-32 of everything after the first `_`). */
export function expand(rng: FakeTokens, template: string): string {
  let out = template.replace(/\{(\w+)(?::(\d+))?\}/g, (m, kind: string, n?: string) => {
    if (kind === 'uuid') {
      const h = rng.chars(ALPHABETS.hex, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    }
    if (kind === 'crc') return m;
    return rng.chars(ALPHABETS[kind], Number(n));
  });
  if (out.includes('{crc}')) {
    const at = out.indexOf('{crc}');
    const body = out.slice(out.indexOf('_') + 1, at);
    out = out.replace('{crc}', toBase62(crc32(body.slice(-30)), 6));
  }
  return out;
}

export interface Kind {
  readonly rule: string;
  /** The variable a developer would assign it to. */
  readonly name: string;
  readonly make: (rng: FakeTokens) => string;
  /** Whole-text samples (multi-line formats) ignore the assignment contexts. */
  readonly wholeText?: boolean;
}

function k(rule: string, name: string, template: string): Kind {
  return { rule, name, make: (rng) => expand(rng, template) };
}

function b64url(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

function jwt(rng: FakeTokens): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: `user-${rng.digits(6)}`, scope: 'admin', exp: now + 86_400 * 365 })}.${rng.chars(ALPHABETS.b64u, 43)}`;
}

function discordBot(rng: FakeTokens): string {
  const id = Buffer.from(`1${rng.digits(17)}`).toString('base64url');
  return `${id}.${rng.chars(ALPHABETS.b64u, 6)}.${rng.chars(ALPHABETS.b64u, 38)}`;
}

let pemCache: { pkcs8: string; rsa: string } | undefined;
function pems(): { pkcs8: string; rsa: string } {
  if (!pemCache) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    pemCache = {
      pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      rsa: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    };
  }
  return pemCache;
}

const GITLAB = ['glpat:gitlab-token', 'gldt:gitlab-deploy-token', 'glrt:gitlab-runner-token', 'glptt:gitlab-pipeline-trigger-token', 'gloas:gitlab-oauth-app-secret',
  'glft:gitlab-feed-token', 'glcbt:gitlab-ci-build-token', 'glsoat:gitlab-scim-token', 'glimt:gitlab-incoming-mail-token', 'glagent:gitlab-agent-token', 'glffct:gitlab-feature-flag-token'];

export const KINDS: readonly Kind[] = [
  { rule: 'github-pat', name: 'GITHUB_TOKEN', make: (r) => r.github('p') },
  { rule: 'github-oauth-token', name: 'GH_OAUTH_TOKEN', make: (r) => r.github('o') },
  { rule: 'github-app-token', name: 'GH_APP_TOKEN', make: (r) => r.github('s') },
  { rule: 'github-refresh-token', name: 'GH_REFRESH_TOKEN', make: (r) => r.github('r') },
  { rule: 'github-fine-grained-pat', name: 'GITHUB_PAT', make: (r) => r.githubFineGrained() },
  ...GITLAB.map((g) => { const [p, rule] = g.split(':'); return k(rule, 'GITLAB_TOKEN', `${p}-{b62:20}`); }),
  k('gitlab-runner-registration-token', 'RUNNER_REGISTRATION_TOKEN', 'GR1348941{b62:20}'),
  { rule: 'npm-token', name: 'NPM_TOKEN', make: (r) => r.npm() },
  { rule: 'pypi-token', name: 'PYPI_API_TOKEN', make: (r) => r.pypi() },
  k('rubygems-api-key', 'GEM_HOST_API_KEY', 'rubygems_{hex:48}'),
  k('clojars-token', 'CLOJARS_DEPLOY_TOKEN', 'CLOJARS_{an:60}'),
  k('nuget-api-key', 'NUGET_API_KEY', 'oy2{an:43}'),
  k('docker-hub-token', 'DOCKERHUB_TOKEN', 'dckr_pat_{b64u:27}'),
  k('artifactory-api-key', 'ARTIFACTORY_API_KEY', 'AKC{b62:70}'),
  k('artifactory-reference-token', 'ARTIFACTORY_ACCESS_TOKEN', 'cmVmdGtuOjAxOj{b62:50}'),
  k('databricks-token', 'DATABRICKS_TOKEN', 'dapi{ah:32}'),
  k('digitalocean-token', 'DIGITALOCEAN_ACCESS_TOKEN', 'dop_v1_{hex:64}'),
  k('digitalocean-oauth-token', 'DO_OAUTH_TOKEN', 'doo_v1_{hex:64}'),
  k('digitalocean-refresh-token', 'DO_REFRESH_TOKEN', 'dor_v1_{hex:64}'),
  k('heroku-api-key-v2', 'HEROKU_API_KEY', 'HRKU-AA{b64u:58}'),
  k('heroku-api-key', 'HEROKU_API_KEY', '{uuid}'),
  k('hashicorp-vault-service-token', 'VAULT_TOKEN', 'hvs.{b64u:100}'),
  k('hashicorp-vault-batch-token', 'VAULT_BATCH_TOKEN', 'hvb.{b64u:150}'),
  k('hashicorp-vault-token-legacy', 'VAULT_TOKEN', 's.{b62:24}'),
  k('terraform-cloud-token', 'TFE_TOKEN', '{b62:14}.atlasv1.{b64u:67}'),
  k('pulumi-token', 'PULUMI_ACCESS_TOKEN', 'pul-{hex:40}'),
  k('doppler-token', 'DOPPLER_TOKEN', 'dp.st.{b62:43}'),
  k('prefect-api-key', 'PREFECT_API_KEY', 'pnu_{b62:36}'),
  k('scalingo-token', 'SCALINGO_API_TOKEN', 'tk-us-{b64u:48}'),
  k('fly-io-token', 'FLY_API_TOKEN', 'fo1_{b64u:100}'),
  k('render-api-key', 'RENDER_API_KEY', 'rnd_{b62:32}'),
  k('netlify-token', 'NETLIFY_AUTH_TOKEN', 'nfp_{b62:36}'),
  k('netlify-token-legacy', 'NETLIFY_AUTH_TOKEN', '{b64u:43}'),
  k('supabase-token', 'SUPABASE_ACCESS_TOKEN', 'sbp_{hex:40}'),
  k('vercel-token', 'VERCEL_TOKEN', 'vcp_{b62:56}'),
  k('vercel-token-legacy', 'VERCEL_TOKEN', '{b62:24}'),
  k('buildkite-token', 'BUILDKITE_API_TOKEN', 'bkua_{hex:40}'),
  k('circleci-token', 'CIRCLECI_TOKEN', 'CCIPAT_{b62:22}_{hex:40}'),
  k('sourcegraph-token', 'SRC_ACCESS_TOKEN', 'sgp_{hex:16}_{hex:40}'),
  k('infracost-api-key', 'INFRACOST_API_KEY', 'ico-{b62:32}'),
  k('defined-networking-token', 'DNAPI_KEY', 'dnkey-{b64u:26}-{b64u:52}'),
  k('harness-token', 'HARNESS_PLATFORM_API_KEY', 'pat.{b64u:22}.{b62:24}.{b62:20}'),
  k('octopus-deploy-api-key', 'OCTOPUS_API_KEY', 'API-{AN:26}'),
  k('tailscale-key', 'TS_AUTHKEY', 'tskey-auth-{b62:12}-{b62:30}'),
  k('age-secret-key', 'SOPS_AGE_KEY', 'AGE-SECRET-KEY-1{bech:58}'),
  k('dynatrace-token', 'DT_API_TOKEN', 'dt0c01.{AN:24}.{AN:64}'),
  k('grafana-cloud-token', 'GRAFANA_CLOUD_TOKEN', 'glc_{b62:60}'),
  k('grafana-service-account-token', 'GRAFANA_SA_TOKEN', 'glsa_{b62:32}_{hex:8}'),
  { rule: 'grafana-api-key', name: 'GRAFANA_API_KEY', make: (r) => `eyJrIjoi${r.chars(ALPHABETS.b62, 90)}` },
  { rule: 'sentry-org-token', name: 'SENTRY_AUTH_TOKEN', make: (r) => `sntrys_${b64url({ iat: 1_700_000_000 + Number(r.digits(6)), url: 'https://sentry.io', org: `org${r.digits(4)}` })}_${r.chars(ALPHABETS.b64u, 43)}` },
  k('sentry-user-token', 'SENTRY_AUTH_TOKEN', 'sntryu_{hex:64}'),
  k('new-relic-user-api-key', 'NEW_RELIC_API_KEY', 'NRAK-{AN:27}'),
  k('new-relic-insert-key', 'NEW_RELIC_INSERT_KEY', 'NRII-{b64u:32}'),
  k('atlassian-api-token', 'JIRA_API_TOKEN', 'ATATT3{b64u:186}'),
  k('atlassian-api-token-legacy', 'CONFLUENCE_API_TOKEN', '{b62:24}'),
  k('bitbucket-app-password', 'BITBUCKET_APP_PASSWORD', 'ATBB{b62:32}'),
  k('frameio-token', 'FRAMEIO_TOKEN', 'fio-u-{b64u:64}'),
  k('readme-api-token', 'README_API_KEY', 'rdme_{an:70}'),
  k('typeform-token', 'TYPEFORM_TOKEN', 'tfp_{b64u:59}'),
  k('postman-api-key', 'POSTMAN_API_KEY', 'PMAK-{hex:24}-{hex:34}'),
  k('linear-api-key', 'LINEAR_API_KEY', 'lin_api_{b62:40}'),
  { rule: 'onepassword-service-account-token', name: 'OP_SERVICE_ACCOUNT_TOKEN', make: (r) => `ops_${Buffer.from(JSON.stringify({ signInAddress: 'my.1password.com', userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: r.chars(ALPHABETS.b64u, 22) }, email: `${r.chars(ALPHABETS.lower, 12)}@1passwordserviceaccounts.com`, srpX: r.chars(ALPHABETS.hex, 64), muk: { alg: 'A256GCM', ext: true, k: r.chars(ALPHABETS.b64u, 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' }, secretKey: `A3-${r.chars(ALPHABETS.AN, 6)}` })).toString('base64')}` },
  k('onepassword-secret-key', 'OP_SECRET_KEY', 'A3-{AN:6}-{AN:6}-{AN:5}-{AN:5}-{AN:5}-{AN:5}'),
  k('intra42-client-secret', 'FT_CLIENT_SECRET', 's-s4t2ud-{hex:64}'),
  k('langsmith-api-key', 'LANGSMITH_API_KEY', 'lsv2_pt_{hex:32}_{hex:10}'),
  k('pinecone-api-key', 'PINECONE_API_KEY', 'pcsk_{b62:6}_{b62:65}'),
  k('shopify-access-token', 'SHOPIFY_ACCESS_TOKEN', 'shpat_{hex:32}'),
  k('shopify-custom-app-token', 'SHOPIFY_TOKEN', 'shpca_{hex:32}'),
  k('shopify-private-app-token', 'SHOPIFY_PASSWORD', 'shppa_{hex:32}'),
  k('shopify-shared-secret', 'SHOPIFY_API_SECRET', 'shpss_{hex:32}'),
  k('stripe-secret-key', 'STRIPE_SECRET_KEY', 'sk_live_{b62:99}'),
  k('stripe-webhook-secret', 'STRIPE_WEBHOOK_SECRET', 'whsec_{b62:32}'),
  k('square-access-token', 'SQUARE_ACCESS_TOKEN', 'EAAA{b64u:60}'),
  k('square-oauth-secret', 'SQUARE_APPLICATION_SECRET', 'sq0csp-{b64u:43}'),
  k('shippo-api-token', 'SHIPPO_API_TOKEN', 'shippo_live_{hex:40}'),
  k('easypost-api-key', 'EASYPOST_API_KEY', 'EZAK{b62:54}'),
  k('duffel-api-token', 'DUFFEL_ACCESS_TOKEN', 'duffel_live_{b64u:43}'),
  k('flutterwave-secret-key', 'FLW_SECRET_KEY', 'FLWSECK_TEST-{ah:32}-X'),
  { rule: 'plaid-access-token', name: 'PLAID_ACCESS_TOKEN', make: (r) => `access-production-${expand(r, '{uuid}')}` },
  k('plaid-secret', 'PLAID_SECRET', '{hex:30}'),
  { rule: 'sendgrid-api-key', name: 'SENDGRID_API_KEY', make: (r) => r.sendgrid() },
  k('brevo-api-key', 'BREVO_API_KEY', 'xkeysib-{hex:64}-{b62:16}'),
  k('mailgun-api-key', 'MAILGUN_API_KEY', 'key-{hex:32}'),
  k('mailchimp-api-key', 'MAILCHIMP_API_KEY', '{hex:32}-us21'),
  k('mailjet-secret', 'MAILJET_API_SECRET', '{hex:32}'),
  k('postmark-server-token', 'POSTMARK_SERVER_TOKEN', '{uuid}'),
  { rule: 'telegram-bot-token', name: 'TELEGRAM_BOT_TOKEN', make: (r) => `${r.digits(10)}:AA${r.chars(ALPHABETS.b64u, 33)}` },
  { rule: 'discord-bot-token', name: 'DISCORD_BOT_TOKEN', make: discordBot },
  k('discord-client-secret', 'DISCORD_CLIENT_SECRET', '{b64u:32}'),
  { rule: 'discord-webhook', name: 'DISCORD_WEBHOOK_URL', make: (r) => `https://discord.com/api/webhooks/1${r.digits(18)}/${r.chars(ALPHABETS.b64u, 68)}` },
  { rule: 'microsoft-teams-webhook', name: 'TEAMS_WEBHOOK_URL', make: (r) => `https://contoso${r.digits(3)}.webhook.office.com/webhookb2/${expand(r, '{uuid}')}@${expand(r, '{uuid}')}/IncomingWebhook/${r.chars(ALPHABETS.an, 32)}/${expand(r, '{uuid}')}` },
  { rule: 'slack-token', name: 'SLACK_BOT_TOKEN', make: (r) => r.slackBot() },
  k('slack-app-token', 'SLACK_APP_TOKEN', 'xapp-1-A{AN:10}-{digits:13}-{hex:64}'),
  k('slack-config-token', 'SLACK_CONFIG_TOKEN', 'xoxe.xoxp-1-{b62:160}'),
  { rule: 'slack-webhook', name: 'SLACK_WEBHOOK_URL', make: (r) => r.slackWebhook() },
  k('slack-signing-secret', 'SLACK_SIGNING_SECRET', '{hex:32}'),
  k('twitter-bearer-token', 'TWITTER_BEARER_TOKEN', 'AAAAAAAAAAAAAAAAAAAAAA{b62:90}'),
  k('twitter-api-secret', 'TWITTER_API_SECRET', '{b62:50}'),
  k('facebook-access-token', 'FB_PAGE_ACCESS_TOKEN', 'EAAB{b62:180}'),
  k('facebook-app-secret', 'FACEBOOK_APP_SECRET', '{hex:32}'),
  k('dropbox-short-lived-token', 'DROPBOX_ACCESS_TOKEN', 'sl.{b64u:140}'),
  k('dropbox-long-lived-token', 'DROPBOX_TOKEN', '{an:11}AAAAAAAAAA{b64u:43}'),
  k('dropbox-app-secret', 'DROPBOX_APP_SECRET', '{an:15}'),
  k('firebase-cloud-messaging-key', 'FCM_SERVER_KEY', 'AAAA{b64u:7}:APA91b{b64u:134}'),
  k('google-oauth-client-secret', 'GOOGLE_CLIENT_SECRET', 'GOCSPX-{b64u:28}'),
  k('google-oauth-access-token', 'GOOGLE_ACCESS_TOKEN', 'ya29.{b64u:120}'),
  { rule: 'google-api-key', name: 'GOOGLE_MAPS_API_KEY', make: (r) => r.googleApiKey() },
  k('mapbox-secret-token', 'MAPBOX_SECRET_TOKEN', 'sk.eyJ1{b64u:60}.{b64u:22}'),
  k('huggingface-token', 'HF_TOKEN', 'hf_{alpha:34}'),
  k('huggingface-org-token', 'HF_ORG_TOKEN', 'api_org_{alpha:34}'),
  k('groq-api-key', 'GROQ_API_KEY', 'gsk_{b62:52}'),
  k('replicate-api-token', 'REPLICATE_API_TOKEN', 'r8_{b62:37}'),
  k('perplexity-api-key', 'PERPLEXITY_API_KEY', 'pplx-{b62:48}'),
  { rule: 'openai-api-key', name: 'OPENAI_API_KEY', make: (r) => r.openaiProject() },
  { rule: 'anthropic-api-key', name: 'ANTHROPIC_API_KEY', make: (r) => r.anthropic() },
  k('mistral-api-key', 'MISTRAL_API_KEY', '{b62:32}'),
  k('cohere-api-key', 'COHERE_API_KEY', '{b62:40}'),
  k('notion-token', 'NOTION_TOKEN', 'ntn_{digits:11}{b62:35}'),
  k('adobe-client-secret', 'ADOBE_CLIENT_SECRET', 'p8e-{b62:32}'),
  k('yandex-api-key', 'YC_API_KEY', 'AQVN{b64u:37}'),
  k('yandex-iam-token', 'YC_IAM_TOKEN', 't1.{b64u:60}.{b64u:86}'),
  k('yandex-aws-access-token', 'YANDEX_STATIC_SECRET', 'YC{b64u:38}'),
  k('cloudflare-origin-ca-key', 'CF_ORIGIN_CA_KEY', 'v1.0-{hex:24}-{hex:146}'),
  k('cloudflare-api-token', 'CLOUDFLARE_API_TOKEN', '{b64u:40}'),
  k('cloudflare-global-api-key', 'CLOUDFLARE_API_KEY', '{hex:37}'),
  k('contentful-pat', 'CONTENTFUL_MANAGEMENT_TOKEN', 'CFPAT-{b64u:43}'),
  k('contentful-delivery-token', 'CONTENTFUL_DELIVERY_TOKEN', '{b64u:43}'),
  k('airtable-pat', 'AIRTABLE_TOKEN', 'pat{b62:14}.{hex:64}'),
  k('airtable-api-key', 'AIRTABLE_API_KEY', 'key{b62:14}'),
  k('aws-bedrock-api-key', 'AWS_BEARER_TOKEN_BEDROCK', 'ABSK{b64:132}'),
  k('datadog-api-key', 'DATADOG_API_KEY', '{hex:32}'),
  k('algolia-api-key', 'ALGOLIA_ADMIN_API_KEY', '{hex:32}'),
  k('asana-token', 'ASANA_ACCESS_TOKEN', '1/{digits:16}:{hex:32}'),
  k('bitbucket-client-secret', 'BITBUCKET_CLIENT_SECRET', '{b64u:64}'),
  k('bittrex-secret', 'BITTREX_API_SECRET', '{hex:32}'),
  k('codecov-token', 'CODECOV_TOKEN', '{uuid}'),
  k('coinbase-secret', 'COINBASE_API_SECRET', '{b64u:64}'),
  k('confluent-secret', 'CONFLUENT_CLOUD_API_SECRET', '{b64:64}'),
  k('drone-ci-token', 'DRONE_TOKEN', '{b62:32}'),
  k('etsy-api-key', 'ETSY_API_KEY', '{an:24}'),
  k('fastly-api-token', 'FASTLY_API_TOKEN', '{b64u:32}'),
  k('finicity-secret', 'FINICITY_APP_KEY', '{hex:32}'),
  k('finnhub-token', 'FINNHUB_API_KEY', '{an:20}'),
  k('flickr-secret', 'FLICKR_API_SECRET', '{hex:32}'),
  k('freshbooks-token', 'FRESHBOOKS_ACCESS_TOKEN', '{an:64}'),
  k('gitter-token', 'GITTER_TOKEN', '{an:40}'),
  k('gocardless-token', 'GOCARDLESS_ACCESS_TOKEN', 'live_{b64u:40}'),
  k('hubspot-api-key', 'HUBSPOT_API_KEY', '{uuid}'),
  k('intercom-token', 'INTERCOM_ACCESS_TOKEN', '{b64u:60}'),
  k('kraken-api-secret', 'KRAKEN_PRIVATE_KEY', '{b64:88}'),
  k('kucoin-api-secret', 'KUCOIN_API_SECRET', '{uuid}'),
  { rule: 'launchdarkly-token', name: 'LAUNCHDARKLY_SDK_KEY', make: (r) => `sdk-${expand(r, '{uuid}')}` },
  k('linkedin-client-secret', 'LINKEDIN_CLIENT_SECRET', '{b62:16}'),
  k('lob-api-key', 'LOB_API_KEY', 'live_{hex:35}'),
  k('mattermost-token', 'MATTERMOST_TOKEN', '{an:26}'),
  k('messagebird-api-key', 'MESSAGEBIRD_API_KEY', '{b62:25}'),
  k('nytimes-api-key', 'NYTIMES_API_KEY', '{b64u:32}'),
  k('okta-token', 'OKTA_API_TOKEN', '00{b64u:40}'),
  k('rapidapi-key', 'RAPIDAPI_KEY', '{b64u:50}'),
  k('sendbird-token', 'SENDBIRD_API_TOKEN', '{hex:40}'),
  k('sidekiq-enterprise-credentials', 'BUNDLE_ENTERPRISE__CONTRIBSYS__COM', '{hex:8}:{hex:8}'),
  k('snyk-token', 'SNYK_TOKEN', '{uuid}'),
  k('squarespace-token', 'SQUARESPACE_API_KEY', '{uuid}'),
  k('sumologic-access-key', 'SUMO_ACCESS_KEY', '{b62:64}'),
  k('travis-ci-token', 'TRAVIS_API_TOKEN', '{b62:22}'),
  k('twitch-api-token', 'TWITCH_CLIENT_SECRET', '{an:30}'),
  k('zendesk-secret', 'ZENDESK_API_TOKEN', '{b62:40}'),
  k('adafruit-api-key', 'ADAFRUIT_IO_KEY', 'aio_{b62:28}'),
  k('alibaba-secret-key', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', '{b62:30}'),
  k('azure-devops-pat', 'AZURE_DEVOPS_PAT', '{b32l:52}'),
  k('azure-cognitive-services-key', 'AZURE_OPENAI_API_KEY', '{hex:32}'),
  k('beamer-api-token', 'BEAMER_API_KEY', 'b_{b64u:44}'),
  k('ibm-cloud-iam-key', 'IBM_CLOUD_API_KEY', '{b64u:44}'),
  k('ibm-cos-hmac-secret', 'IBM_COS_HMAC_SECRET_ACCESS_KEY', '{hex:48}'),
  k('softlayer-api-key', 'SOFTLAYER_API_KEY', '{an:64}'),
  { rule: 'softlayer-api-key', name: 'SL_ENDPOINT', make: (r) => `https://api.softlayer.com/rest/v3.1/${r.chars(ALPHABETS.an, 64)}` },
  k('jfrog-api-key', 'JFROG_API_KEY', '{b62:73}'),
  k('railway-token', 'RAILWAY_TOKEN', '{uuid}'),
  k('pagerduty-token', 'PAGERDUTY_API_TOKEN', '{b64u:20}'),
  k('github-oauth-client-secret', 'GITHUB_CLIENT_SECRET', '{hex:40}'),
  k('twilio-api-key', 'TWILIO_API_KEY', 'SK{hex:32}'),
  k('twilio-auth-token', 'TWILIO_AUTH_TOKEN', '{hex:32}'),
  k('twilio-api-secret', 'TWILIO_API_SECRET', '{b62:32}'),
  k('segment-write-key', 'SEGMENT_WRITE_KEY', '{b62:32}'),
  k('aws-secret-access-key', 'AWS_SECRET_ACCESS_KEY', '{b64:40}'),
  { rule: 'aws-access-key', name: 'AWS_ACCESS_KEY_ID', wholeText: true, make: (r) => `AWS_ACCESS_KEY_ID=${r.awsKeyId()}\nAWS_SECRET_ACCESS_KEY=${r.awsSecretKey()}\n` },
  { rule: 'azure-storage-account-key', name: 'AZURE_STORAGE_CONNECTION_STRING', make: (r) => `DefaultEndpointsProtocol=https;AccountName=store${r.digits(4)};AccountKey=${r.chars(ALPHABETS.b64, 86)}==;EndpointSuffix=core.windows.net` },
  { rule: 'azure-shared-access-key', name: 'SERVICEBUS_CONNECTION', make: (r) => `Endpoint=sb://ns${r.digits(4)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${r.chars(ALPHABETS.b64, 43)}=` },
  { rule: 'azure-sas-token', name: 'BLOB_SAS_URL', make: (r) => `https://acct${r.digits(4)}.blob.core.windows.net/data?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&sig=${encodeURIComponent(`${r.chars(ALPHABETS.b64, 43)}=`)}` },
  { rule: 'azure-ad-client-secret', name: 'AZURE_CLIENT_SECRET', make: (r) => `${r.chars(ALPHABETS.b62, 3)}${r.digits(1)}Q~${r.chars(ALPHABETS.b62, 34)}` },
  {
    rule: 'gcp-service-account-key', name: 'key.json', wholeText: true,
    make: (r) => `${JSON.stringify({ type: 'service_account', project_id: `proj-${r.digits(6)}`, private_key_id: r.hex(40), private_key: pems().pkcs8, client_email: `svc@proj-${r.digits(6)}.iam.gserviceaccount.com`, client_id: r.digits(21) }, null, 2)}\n`,
  },
  { rule: 'private-key', name: 'key.pem', wholeText: true, make: () => pems().rsa },
  {
    rule: 'putty-private-key', name: 'id.ppk', wholeText: true,
    make: (r) => `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ed25519-key-${r.digits(8)}\nPublic-Lines: 2\n${r.chars(ALPHABETS.b64, 64)}\n${r.chars(ALPHABETS.b64, 16)}\nPrivate-Lines: 1\n${r.chars(ALPHABETS.b64, 44)}\nPrivate-MAC: ${r.hex(64)}\n`,
  },
  { rule: 'jwt', name: 'SESSION_JWT', make: jwt },
  { rule: 'connection-url-password', name: 'DATABASE_URL', make: (r) => `postgres://app:${r.password(20)}@db-${r.digits(3)}.prod.internal:5432/app` },
  { rule: 'url-basic-auth', name: 'PROXY_URL', make: (r) => `https://deploy:${r.password(20)}@artifacts.corp-${r.digits(3)}.net/repo` },
];
