// Provider-prefixed credentials: fixed prefixes, charsets and lengths make these high-precision.
import { hasValidTokenChecksum } from './crc32';
import { shannonEntropy } from './entropy';
import { isPlaceholderToken } from './placeholders';
import { patternRule, type SecretRule } from './ruleTypes';

/** Not followed by a token character (patternRule checks the left boundary). */
const E = '(?![A-Za-z0-9_])';
const E_DASH = '(?![A-Za-z0-9_-])';

/** Drops stand-ins and low-entropy bodies (`ghp_aaaa…`, `…EXAMPLE`). */
function plausible(body: string, minEntropy: number): boolean {
  return !isPlaceholderToken(body) && shannonEntropy(body) >= minEntropy;
}

const GITHUB_KINDS: Record<string, [string, string]> = {
  p: ['github-pat', 'GitHub personal access token (classic)'],
  o: ['github-oauth-token', 'GitHub OAuth access token'],
  u: ['github-app-token', 'GitHub App user-to-server token'],
  s: ['github-app-token', 'GitHub App installation token'],
  r: ['github-refresh-token', 'GitHub refresh token'],
};

export const githubRule: SecretRule = patternRule('github', { prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_'] }, [
  {
    rule: 'github-pat', description: 'GitHub token', severity: 'critical', blocking: true,
    regex: new RegExp(`gh[pousr]_[A-Za-z0-9]{36}${E}`, 'g'),
    // The last 6 chars are a CRC-32 of the rest: a lookalike that fails it is not a GitHub token.
    check: (token) => {
      if (!hasValidTokenChecksum(token.slice(4))) return false;
      const [rule, description] = GITHUB_KINDS[token[2]];
      return { rule, description };
    },
  },
  {
    rule: 'github-fine-grained-pat', description: 'GitHub fine-grained personal access token', severity: 'critical', blocking: true,
    regex: new RegExp(`github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${E}`, 'g'),
    check: (token) => plausible(token.slice(11), 4),
  },
]);

const slackTokens: SecretRule = patternRule('slack', { prefixes: ['xoxa-', 'xoxb-', 'xoxe-', 'xoxe.', 'xoxo-', 'xoxp-', 'xoxr-', 'xoxs-', 'xapp-'] }, [
  {
    rule: 'slack-app-token', description: 'Slack app-level token', severity: 'high', blocking: true,
    regex: new RegExp(`xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{64}${E_DASH}`, 'g'),
    check: (token) => plausible(token.slice(token.lastIndexOf('-') + 1), 3.3),
  },
  {
    rule: 'slack-config-token', description: 'Slack configuration access or refresh token', severity: 'high', blocking: true,
    regex: new RegExp(`xoxe(?:\\.xox[bp])?-[0-9]-[A-Za-z0-9]{140,180}${E_DASH}`, 'g'),
    check: (token) => plausible(token.slice(token.lastIndexOf('-') + 1), 4),
  },
  {
    rule: 'slack-token', description: 'Slack token', severity: 'high', blocking: true,
    // Bot/user/app tokens: numeric team/user ids then a random tail.
    regex: new RegExp(`xox[abeoprs]-(?:[0-9]+-){1,3}[A-Za-z0-9]{20,64}${E_DASH}`, 'g'),
    check: (token) => plausible(token.slice(token.lastIndexOf('-') + 1), 3.3),
  },
  {
    rule: 'slack-webhook', description: 'Slack incoming webhook URL', severity: 'high', blocking: true,
    regex: /hooks\.slack\.com\/(?:services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{23,25}|workflows\/T[A-Z0-9]{8,12}\/A[A-Z0-9]{8,12}\/[0-9]{6,}\/[A-Za-z0-9]{23,40})(?![A-Za-z0-9])/g,
    check: (url) => plausible(url.slice(url.lastIndexOf('/') + 1), 3.3) && !/T0{8}|B0{8}/.test(url),
  },
]);
/** Webhook URLs have no prefix of their own: found by their path. */
export const slackRule: SecretRule = { ...slackTokens, anchor: '/services/T|/workflows/T' };

export const googleRule: SecretRule = patternRule('google', 'AIza', [
  {
    rule: 'google-api-key', description: 'Google API key', severity: 'high', blocking: true,
    regex: new RegExp(`AIza[0-9A-Za-z_-]{35}${E_DASH}`, 'g'),
    check: (token) => plausible(token.slice(4), 3.5),
  },
]);

export const stripeRule: SecretRule = patternRule('stripe', { prefixes: ['sk_', 'rk_'] }, [
  {
    rule: 'stripe-secret-key', description: 'Stripe live secret key', severity: 'critical', blocking: true,
    regex: new RegExp(`[sr]k_live_[0-9A-Za-z]{20,247}${E}`, 'g'),
    check: (token) => plausible(token.slice(8), 3.3),
  },
  {
    // Test-mode keys cannot move money, but still identify the account.
    rule: 'stripe-test-key', description: 'Stripe test-mode secret key', severity: 'low', blocking: false,
    regex: new RegExp(`[sr]k_test_[0-9A-Za-z]{20,247}${E}`, 'g'),
    check: (token) => plausible(token.slice(8), 3.3),
  },
]);

export const openaiAnthropicRule: SecretRule = patternRule('openai-anthropic', { prefixes: ['sk-'] }, [
  {
    // Every OpenAI key embeds `T3BlbkFJ` (base64 of "OpenAI").
    rule: 'openai-api-key', description: 'OpenAI API key', severity: 'critical', blocking: true,
    regex: new RegExp(`sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{16,160}T3BlbkFJ[A-Za-z0-9_-]{16,160}${E_DASH}`, 'g'),
  },
  {
    rule: 'openai-api-key', description: 'OpenAI project/service API key', severity: 'critical', blocking: true,
    regex: new RegExp(`sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}${E_DASH}`, 'g'),
    check: (token) => !token.includes('T3BlbkFJ') && plausible(token.slice(token.indexOf('-', 3) + 1), 4),
  },
  {
    rule: 'anthropic-api-key', description: 'Anthropic API key', severity: 'critical', blocking: true,
    regex: new RegExp(`sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{80,120}${E_DASH}`, 'g'),
    check: (token) => plausible(token.slice(token.indexOf('-', 7) + 1), 4),
  },
]);

export const twilioRule: SecretRule = patternRule('twilio', 'SK[0-9a-f]{32}', [
  {
    // API key SIDs are 32 lower-case hex; requiring both digits and letters skips hex-only hashes' runs.
    rule: 'twilio-api-key', description: 'Twilio API key', severity: 'high', blocking: true,
    regex: new RegExp(`SK[0-9a-f]{32}${E}`, 'g'),
    check: (token) => /[a-f]/.test(token.slice(2)) && /[0-9]/.test(token.slice(2)) && plausible(token.slice(2), 3),
  },
]);

export const tokenRules: readonly SecretRule[] = [
  githubRule, slackRule, googleRule, stripeRule, openaiAnthropicRule, twilioRule,
];
