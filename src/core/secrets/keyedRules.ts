// Provider credentials without a distinctive prefix, recognised by the name they are assigned to
// (`DATADOG_API_KEY=…`, `"herokuApiKey": "…"`) and the exact shape of the value. The assignment
// rule finds the name and value; this table says which provider each belongs to.
import type { SecretSeverity } from './secretTypes';

export interface KeyedRule {
  readonly rule: string;
  readonly description: string;
  /** Lower-case words one of which the assigned name must contain (not inside a longer word). */
  readonly words: readonly string[];
  /** The whole value. */
  readonly value: RegExp;
  readonly severity?: SecretSeverity;
}

const HEX32 = /^[a-f0-9]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const KEYED_RULES: readonly KeyedRule[] = [
  { rule: 'datadog-api-key', description: 'Datadog API or application key', words: ['datadog', 'dd_api', 'dd_app', 'ddapi', 'ddapp'], value: /^[a-f0-9]{32}(?:[a-f0-9]{8})?$/ },
  { rule: 'heroku-api-key', description: 'Heroku API key', words: ['heroku'], value: UUID, severity: 'critical' },
  { rule: 'discord-client-secret', description: 'Discord client secret', words: ['discord'], value: /^[A-Za-z0-9_-]{32}$/ },
  { rule: 'algolia-api-key', description: 'Algolia admin/API key', words: ['algolia'], value: HEX32 },
  { rule: 'asana-token', description: 'Asana personal access token or client secret', words: ['asana'], value: /^(?:[0-9]\/[0-9]{10,16}(?:\/[0-9]{10,16})?:[a-f0-9]{32}|[a-z0-9]{32})$/ },
  { rule: 'atlassian-api-token-legacy', description: 'Atlassian (Jira/Confluence) API token', words: ['atlassian', 'jira', 'confluence'], value: /^[A-Za-z0-9]{24}$/ },
  { rule: 'bitbucket-client-secret', description: 'Bitbucket OAuth client secret', words: ['bitbucket'], value: /^[A-Za-z0-9_=-]{64}$/ },
  { rule: 'bittrex-secret', description: 'Bittrex API secret', words: ['bittrex'], value: HEX32 },
  { rule: 'cloudflare-api-token', description: 'Cloudflare API token', words: ['cloudflare', 'cf_api'], value: /^[A-Za-z0-9_-]{40}$/, severity: 'critical' },
  { rule: 'cloudflare-global-api-key', description: 'Cloudflare global API key', words: ['cloudflare', 'cf_api'], value: /^[a-f0-9]{37}$/, severity: 'critical' },
  { rule: 'codecov-token', description: 'Codecov upload token', words: ['codecov'], value: /^(?:[a-f0-9]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/ },
  { rule: 'cohere-api-key', description: 'Cohere API key', words: ['cohere', 'co_api'], value: /^[A-Za-z0-9]{40}$/ },
  { rule: 'coinbase-secret', description: 'Coinbase API secret', words: ['coinbase'], value: /^[A-Za-z0-9_+/=-]{64,88}$/ },
  { rule: 'confluent-secret', description: 'Confluent Cloud API secret', words: ['confluent', 'ccloud'], value: /^[A-Za-z0-9+/]{64}$/ },
  { rule: 'contentful-delivery-token', description: 'Contentful delivery API token', words: ['contentful'], value: /^[A-Za-z0-9_=-]{43}$/ },
  { rule: 'drone-ci-token', description: 'Drone CI access token', words: ['drone'], value: /^[A-Za-z0-9]{32}$/ },
  { rule: 'dropbox-app-secret', description: 'Dropbox app secret', words: ['dropbox'], value: /^[a-z0-9]{15}$/ },
  { rule: 'etsy-api-key', description: 'Etsy API key', words: ['etsy'], value: /^[a-z0-9]{24}$/ },
  { rule: 'facebook-app-secret', description: 'Facebook/Meta app secret', words: ['facebook', 'fb_app', 'fb_secret', 'meta_app'], value: HEX32 },
  { rule: 'fastly-api-token', description: 'Fastly API token', words: ['fastly'], value: /^[A-Za-z0-9_-]{32}$/ },
  { rule: 'finicity-secret', description: 'Finicity client secret or app key', words: ['finicity'], value: /^(?:[A-Za-z0-9]{20}|[a-f0-9]{32})$/ },
  { rule: 'finnhub-token', description: 'Finnhub API token', words: ['finnhub'], value: /^[a-z0-9]{20}$/ },
  { rule: 'flickr-secret', description: 'Flickr API key or secret', words: ['flickr'], value: /^(?:[a-f0-9]{32}|[a-f0-9]{16})$/ },
  { rule: 'freshbooks-token', description: 'FreshBooks access token', words: ['freshbooks'], value: /^[a-z0-9]{64}$/ },
  { rule: 'gitter-token', description: 'Gitter access token', words: ['gitter'], value: /^[a-z0-9_-]{40}$/ },
  { rule: 'gocardless-token', description: 'GoCardless API token', words: ['gocardless'], value: /^live_[A-Za-z0-9_=-]{40}$/, severity: 'critical' },
  { rule: 'hubspot-api-key', description: 'HubSpot API key', words: ['hubspot'], value: UUID },
  { rule: 'intercom-token', description: 'Intercom access token', words: ['intercom'], value: /^[A-Za-z0-9=_-]{59,60}$/ },
  { rule: 'kraken-api-secret', description: 'Kraken API private key', words: ['kraken'], value: /^[A-Za-z0-9/=_+-]{80,90}$/, severity: 'critical' },
  { rule: 'kucoin-api-secret', description: 'KuCoin API secret', words: ['kucoin'], value: UUID },
  { rule: 'launchdarkly-token', description: 'LaunchDarkly access token or SDK key', words: ['launchdarkly', 'launch_darkly', 'ld_sdk', 'ld_api'], value: /^(?:(?:api|sdk|mob)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9=_-]{40})$/ },
  { rule: 'linkedin-client-secret', description: 'LinkedIn client secret', words: ['linkedin', 'linked_in'], value: /^[A-Za-z0-9]{16}$/ },
  { rule: 'lob-api-key', description: 'Lob API key', words: ['lob'], value: /^live_[a-f0-9]{35}$/ },
  { rule: 'mattermost-token', description: 'Mattermost access token', words: ['mattermost'], value: /^[a-z0-9]{26}$/ },
  { rule: 'messagebird-api-key', description: 'MessageBird API key', words: ['messagebird', 'message_bird', 'message-bird'], value: /^[A-Za-z0-9]{25}$/ },
  { rule: 'netlify-token-legacy', description: 'Netlify access token', words: ['netlify'], value: /^[A-Za-z0-9_=-]{40,46}$/ },
  { rule: 'nytimes-api-key', description: 'New York Times API key', words: ['nytimes', 'new_york_times', 'newyorktimes', 'nyt_'], value: /^[A-Za-z0-9_=-]{32}$/ },
  { rule: 'okta-token', description: 'Okta API token', words: ['okta'], value: /^00[A-Za-z0-9_=-]{40}$/, severity: 'critical' },
  { rule: 'rapidapi-key', description: 'RapidAPI key', words: ['rapidapi', 'rapid_api', 'x-rapidapi'], value: /^[A-Za-z0-9_-]{50}$/ },
  { rule: 'sendbird-token', description: 'Sendbird API token', words: ['sendbird'], value: /^[a-f0-9]{40}$/ },
  { rule: 'sidekiq-enterprise-credentials', description: 'Sidekiq Pro/Enterprise gem server credentials', words: ['contribsys', 'sidekiq'], value: /^[a-f0-9]{8}:[a-f0-9]{8}$/ },
  { rule: 'snyk-token', description: 'Snyk API token', words: ['snyk'], value: UUID },
  { rule: 'squarespace-token', description: 'Squarespace API key', words: ['squarespace'], value: UUID },
  { rule: 'sumologic-access-key', description: 'Sumo Logic access key', words: ['sumo'], value: /^[A-Za-z0-9]{64}$/ },
  { rule: 'travis-ci-token', description: 'Travis CI access token', words: ['travis'], value: /^[A-Za-z0-9]{22}$/ },
  { rule: 'twitch-api-token', description: 'Twitch API token', words: ['twitch'], value: /^[a-z0-9]{30}$/ },
  { rule: 'twitter-api-secret', description: 'Twitter/X API secret or access token', words: ['twitter', 'twtr'], value: /^(?:[A-Za-z0-9]{45,50}|[0-9]{15,25}-[A-Za-z0-9]{20,40})$/ },
  { rule: 'zendesk-secret', description: 'Zendesk API token', words: ['zendesk'], value: /^[A-Za-z0-9]{40}$/ },
  { rule: 'adafruit-api-key', description: 'Adafruit IO key', words: ['adafruit', 'aio_key'], value: /^(?:aio_)?[A-Za-z0-9_-]{28,32}$/ },
  { rule: 'airtable-api-key', description: 'Airtable API key', words: ['airtable'], value: /^key[A-Za-z0-9]{14}$/ },
  { rule: 'alibaba-secret-key', description: 'Alibaba Cloud AccessKey secret', words: ['alibaba', 'aliyun', 'alicloud'], value: /^[A-Za-z0-9]{30}$/, severity: 'critical' },
  { rule: 'azure-devops-pat', description: 'Azure DevOps personal access token', words: ['azure_devops', 'azuredevops', 'azdo', 'ado_', 'vsts', 'devops_pat', 'devops_token'], value: /^(?:[a-z2-7]{52}|[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4})$/, severity: 'critical' },
  { rule: 'azure-cognitive-services-key', description: 'Azure AI / OpenAI / Cognitive Services key', words: ['azure', 'cognitive', 'openai_api_key'], value: /^(?:[a-f0-9]{32}|[A-Za-z0-9]{84})$/ },
  { rule: 'azure-storage-account-key', description: 'Azure storage account key', words: ['azure', 'storage', 'accountkey', 'account_key'], value: /^[A-Za-z0-9+/]{86}==$/, severity: 'critical' },
  { rule: 'beamer-api-token', description: 'Beamer API token', words: ['beamer'], value: /^b_[A-Za-z0-9=_-]{44}$/ },
  { rule: 'ibm-cloud-iam-key', description: 'IBM Cloud IAM API key', words: ['ibm', 'iam', 'bluemix'], value: /^[A-Za-z0-9_-]{44}$/, severity: 'critical' },
  { rule: 'ibm-cos-hmac-secret', description: 'IBM Cloud Object Storage HMAC secret', words: ['ibm', 'cos_', 'hmac'], value: /^[a-f0-9]{48}$/, severity: 'critical' },
  { rule: 'softlayer-api-key', description: 'IBM SoftLayer API key', words: ['softlayer', 'sl_api', 'slapi'], value: /^[a-z0-9]{64}$/ },
  { rule: 'jfrog-api-key', description: 'JFrog Artifactory API key or identity token', words: ['jfrog', 'artifactory', 'bintray', 'xray'], value: /^(?:[A-Za-z0-9]{73}|[a-z0-9]{64})$/ },
  { rule: 'hashicorp-vault-token-legacy', description: 'HashiCorp Vault token (legacy format)', words: ['vault'], value: /^[sb]\.[A-Za-z0-9]{24}$/ },
  { rule: 'mistral-api-key', description: 'Mistral AI API key', words: ['mistral'], value: /^[A-Za-z0-9]{32}$/ },
  { rule: 'vercel-token-legacy', description: 'Vercel access token', words: ['vercel', 'zeit', 'now_token'], value: /^[A-Za-z0-9]{24}$/ },
  { rule: 'railway-token', description: 'Railway API token', words: ['railway'], value: UUID },
  { rule: 'pagerduty-token', description: 'PagerDuty API token', words: ['pagerduty', 'pager_duty'], value: /^[A-Za-z0-9_+-]{20}$/ },
  { rule: 'segment-write-key', description: 'Segment write key', words: ['segment'], value: /^[A-Za-z0-9]{32}$/, severity: 'medium' },
  { rule: 'github-oauth-client-secret', description: 'GitHub OAuth app client secret', words: ['github', 'gh_client', 'gh_oauth'], value: /^[a-f0-9]{40}$/, severity: 'critical' },
  { rule: 'slack-signing-secret', description: 'Slack signing secret', words: ['slack'], value: HEX32 },
  { rule: 'yandex-aws-access-token', description: 'Yandex Cloud static access key', words: ['yandex'], value: /^YC[A-Za-z0-9_-]{38}$/ },
  { rule: 'postmark-server-token', description: 'Postmark server token', words: ['postmark'], value: UUID },
  { rule: 'mailjet-secret', description: 'Mailjet API secret', words: ['mailjet', 'mj_apikey', 'mj_api'], value: HEX32 },
  { rule: 'plaid-secret', description: 'Plaid client secret', words: ['plaid'], value: /^[a-f0-9]{30}$/, severity: 'critical' },
  { rule: 'nuget-api-key', description: 'NuGet API key', words: ['nuget'], value: /^oy2[a-z0-9]{43}$/ },
  { rule: 'databricks-token', description: 'Databricks personal access token', words: ['databricks', 'dbx_', 'dbt_'], value: /^dapi[a-h0-9]{32}(?:-[0-9])?$/, severity: 'critical' },
  { rule: 'doppler-token', description: 'Doppler token', words: ['doppler'], value: /^dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40,44}$/, severity: 'critical' },
  { rule: 'mailchimp-api-key', description: 'Mailchimp API key', words: ['mailchimp', 'mail_chimp', 'mc_api', 'mandrill'], value: /^[a-f0-9]{32}-us[0-9]{1,2}$/ },
  { rule: 'twilio-auth-token', description: 'Twilio auth token', words: ['twilio'], value: HEX32 },
  { rule: 'twilio-api-secret', description: 'Twilio API secret', words: ['twilio'], value: /^[A-Za-z0-9]{32}$/ },
  { rule: 'aws-secret-access-key', description: 'AWS secret access key', words: ['aws_secret', 'awssecret', 'secret_access_key', 'secretaccesskey', 'aws_secret_key'], value: /^[A-Za-z0-9/+]{40}$/, severity: 'critical' },
  { rule: 'telegram-bot-token-keyed', description: 'Telegram bot token', words: ['telegram', 'tg_bot', 'bot_token'], value: /^[0-9]{5,16}:[A-Za-z0-9_-]{34,35}$/ },
];

/** Whether `word` occurs in `name` (already lower-cased as `lower`) not as the tail of a longer lower-case word. */
export function nameHasWord(name: string, lower: string, word: string): boolean {
  for (let i = lower.indexOf(word); i !== -1; i = lower.indexOf(word, i + 1)) {
    if (i === 0) return true;
    const before = name.charCodeAt(i - 1);
    const first = name.charCodeAt(i);
    const beforeIsAlnum = (before >= 48 && before <= 57) || (before >= 65 && before <= 90) || (before >= 97 && before <= 122);
    const beforeIsUpper = before >= 65 && before <= 90;
    // `my_lob`, `myLob`, `MY_LOB` count; `global` and `GLOBAL` do not.
    if (!beforeIsAlnum || (!beforeIsUpper && first >= 65 && first <= 90)) return true;
  }
  return false;
}
