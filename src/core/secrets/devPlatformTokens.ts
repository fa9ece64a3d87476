// Tokens of developer platforms: source hosting, CI, package registries, infrastructure tools.
// Formats follow each vendor's published prefix and length (cross-checked against the kinds that
// gitleaks and detect-secrets cover); the checks in tokenSpec.ts drop stand-ins.
import { hasValidTokenChecksum } from './crc32';
import type { SecretRule } from './ruleTypes';
import { r, type TokenSpec, tokenRule } from './tokenSpec';

const GITLAB: ReadonlyArray<[string, string, string]> = [
  ['glpat', 'gitlab-token', 'GitLab personal/project/group access token'],
  ['gldt', 'gitlab-deploy-token', 'GitLab deploy token'],
  ['glrt', 'gitlab-runner-token', 'GitLab runner authentication token'],
  ['glptt', 'gitlab-pipeline-trigger-token', 'GitLab pipeline trigger token'],
  ['gloas', 'gitlab-oauth-app-secret', 'GitLab OAuth application secret'],
  ['glft', 'gitlab-feed-token', 'GitLab feed token'],
  ['glcbt', 'gitlab-ci-build-token', 'GitLab CI/CD job token'],
  ['glsoat', 'gitlab-scim-token', 'GitLab SCIM OAuth token'],
  ['glimt', 'gitlab-incoming-mail-token', 'GitLab incoming mail token'],
  ['glagent', 'gitlab-agent-token', 'GitLab Kubernetes agent token'],
  ['glffct', 'gitlab-feature-flag-token', 'GitLab feature flag client token'],
];

const SPECS: TokenSpec[] = [
  ...GITLAB.map(([p, rule, description]): TokenSpec => ({
    rule, description, severity: 'critical', prefixes: [`${p}-`],
    // Classic bodies are 20 chars; routable tokens are longer and may end in `.<version>.<crc>`.
    pattern: r`${p}-[A-Za-z0-9_-]{20,300}(?:\.[0-9A-Za-z]{1,4}\.[0-9A-Za-z]{5,12})?`, minEntropy: 3.3,
  })),
  { rule: 'gitlab-runner-registration-token', description: 'GitLab runner registration token', anchor: 'GR1348941', pattern: r`GR1348941[A-Za-z0-9_-]{20}` },
  {
    rule: 'npm-token', description: 'npm access token', severity: 'critical', prefixes: ['npm_'],
    pattern: r`npm_[A-Za-z0-9]{36}`, end: '(?![A-Za-z0-9_])',
    // npm adopted GitHub's format, including the CRC-32 tail.
    check: (t) => hasValidTokenChecksum(t.slice(4)),
  },
  { rule: 'pypi-token', description: 'PyPI upload token', severity: 'critical', prefixes: ['pypi-'], pattern: r`pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}`, minEntropy: 4 },
  { rule: 'pypi-test-token', description: 'TestPyPI upload token', severity: 'medium', blocking: false, prefixes: ['pypi-'], pattern: r`pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,}`, minEntropy: 4 },
  { rule: 'rubygems-api-key', description: 'RubyGems API key', prefixes: ['rubygems_'], pattern: r`rubygems_[a-f0-9]{48}` },
  { rule: 'clojars-token', description: 'Clojars deploy token', prefixes: ['CLOJARS_'], pattern: r`CLOJARS_[a-z0-9]{60}` },
  { rule: 'docker-hub-token', description: 'Docker Hub personal access token', severity: 'critical', prefixes: ['dckr_'], pattern: r`dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}` },
  { rule: 'artifactory-api-key', description: 'JFrog Artifactory API key', anchor: 'AKC[a-zA-Z0-9]{10}', pattern: r`AKC[a-zA-Z0-9]{60,80}`, minEntropy: 4 },
  { rule: 'artifactory-reference-token', description: 'JFrog Artifactory reference token', anchor: 'VmdGtu', pattern: r`cmVmdGtuOjAxOj[A-Za-z0-9]{50}`, minEntropy: 4 },
  { rule: 'digitalocean-token', description: 'DigitalOcean personal access token', severity: 'critical', prefixes: ['dop_'], pattern: r`dop_v1_[a-f0-9]{64}` },
  { rule: 'digitalocean-oauth-token', description: 'DigitalOcean OAuth token', severity: 'critical', prefixes: ['doo_'], pattern: r`doo_v1_[a-f0-9]{64}` },
  { rule: 'digitalocean-refresh-token', description: 'DigitalOcean OAuth refresh token', prefixes: ['dor_'], pattern: r`dor_v1_[a-f0-9]{64}` },
  { rule: 'heroku-api-key-v2', description: 'Heroku API key', severity: 'critical', prefixes: ['HRKU-'], pattern: r`HRKU-AA[0-9a-zA-Z_-]{58}` },
  { rule: 'hashicorp-vault-service-token', description: 'HashiCorp Vault service token', severity: 'critical', prefixes: ['hvs.'], pattern: r`hvs\.[A-Za-z0-9_-]{90,120}`, minEntropy: 4 },
  { rule: 'hashicorp-vault-batch-token', description: 'HashiCorp Vault batch token', prefixes: ['hvb.'], pattern: r`hvb\.[A-Za-z0-9_-]{138,300}`, minEntropy: 4 },
  { rule: 'terraform-cloud-token', description: 'HashiCorp Terraform Cloud / Enterprise API token', severity: 'critical', atDot: (t, dot) => t.startsWith('.atlasv1', dot - 8), pattern: r`[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}`, bodyFrom: 0, minEntropy: 4 },
  { rule: 'pulumi-token', description: 'Pulumi access token', severity: 'critical', prefixes: ['pul-'], pattern: r`pul-[a-f0-9]{40}` },
  { rule: 'prefect-api-key', description: 'Prefect API key', prefixes: ['pnu_'], pattern: r`pnu_[A-Za-z0-9]{36}` },
  { rule: 'scalingo-token', description: 'Scalingo API token', prefixes: ['tk-'], pattern: r`tk-us-[A-Za-z0-9_-]{48}` },
  { rule: 'fly-io-token', description: 'Fly.io access token', severity: 'critical', prefixes: ['fm1r_', 'fm1a_', 'fm2_', 'fo1_'], pattern: r`(?:fm1[ar]|fm2|fo1)_[A-Za-z0-9+/=_-]{80,}`, minEntropy: 4 },
  { rule: 'render-api-key', description: 'Render API key', prefixes: ['rnd_'], pattern: r`rnd_[A-Za-z0-9]{32}` },
  { rule: 'netlify-token', description: 'Netlify personal access token', prefixes: ['nfp_'], pattern: r`nfp_[A-Za-z0-9]{36}` },
  { rule: 'supabase-token', description: 'Supabase access token', severity: 'critical', prefixes: ['sbp_'], pattern: r`sbp_[a-f0-9]{40}` },
  { rule: 'vercel-token', description: 'Vercel access token', prefixes: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'], pattern: r`vc[piark]_[A-Za-z0-9]{56}` },
  { rule: 'buildkite-token', description: 'Buildkite API access token', prefixes: ['bkua_'], pattern: r`bkua_[a-f0-9]{40}` },
  { rule: 'circleci-token', description: 'CircleCI personal API token', prefixes: ['CCIPAT_'], pattern: r`CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}` },
  { rule: 'sourcegraph-token', description: 'Sourcegraph access token', prefixes: ['sgp_'], pattern: r`sgp_(?:[a-f0-9]{16}|local)_[a-f0-9]{40}` },
  { rule: 'infracost-api-key', description: 'Infracost API key', prefixes: ['ico-'], pattern: r`ico-[A-Za-z0-9]{32}` },
  { rule: 'defined-networking-token', description: 'Defined Networking API token', prefixes: ['dnkey-'], pattern: r`dnkey-[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52}` },
  { rule: 'harness-token', description: 'Harness personal or service account token', prefixes: ['pat.', 'sat.'], pattern: r`(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}`, bodyFrom: 4 },
  { rule: 'octopus-deploy-api-key', description: 'Octopus Deploy API key', prefixes: ['API-'], pattern: r`API-[A-Z0-9]{26}`, end: '(?![A-Za-z0-9_])' },
  { rule: 'tailscale-key', description: 'Tailscale auth/API key', severity: 'critical', prefixes: ['tskey-'], pattern: r`tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{10,20}-[A-Za-z0-9]{20,40}`, bodyFrom: 10 },
  { rule: 'age-secret-key', description: 'age encryption secret key', severity: 'critical', prefixes: ['AGE-'], pattern: r`AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}` },
  { rule: 'dynatrace-token', description: 'Dynatrace API token', prefixes: ['dt0c01.'], pattern: r`dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}` },
  { rule: 'grafana-cloud-token', description: 'Grafana Cloud API token', prefixes: ['glc_'], pattern: r`glc_[A-Za-z0-9+/]{32,400}={0,2}`, minEntropy: 4 },
  { rule: 'grafana-service-account-token', description: 'Grafana service account token', prefixes: ['glsa_'], pattern: r`glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}` },
  { rule: 'grafana-api-key', description: 'Grafana API key', anchor: 'JrIjoi', pattern: r`eyJrIjoi[A-Za-z0-9]{70,400}={0,2}`, minEntropy: 4, end: '(?![A-Za-z0-9_=-])' },
  { rule: 'sentry-org-token', description: 'Sentry organization auth token', severity: 'critical', prefixes: ['sntrys_'], pattern: r`sntrys_eyJpYXQiO[A-Za-z0-9+/_=-]{60,300}`, minEntropy: 4 },
  { rule: 'sentry-user-token', description: 'Sentry user auth token', severity: 'critical', prefixes: ['sntryu_'], pattern: r`sntryu_[a-f0-9]{64}` },
  { rule: 'new-relic-user-api-key', description: 'New Relic user API key', prefixes: ['NRAK-'], pattern: r`NRAK-[A-Z0-9]{27}` },
  { rule: 'new-relic-insert-key', description: 'New Relic insert key', prefixes: ['NRII-'], pattern: r`NRII-[A-Za-z0-9_-]{32}` },
  { rule: 'new-relic-browser-token', description: 'New Relic browser API token', severity: 'medium', prefixes: ['NRJS-'], pattern: r`NRJS-[a-f0-9]{19}` },
  { rule: 'atlassian-api-token', description: 'Atlassian API token', severity: 'critical', anchor: 'ATATT3', pattern: r`ATATT3[A-Za-z0-9_=-]{186}`, minEntropy: 4 },
  { rule: 'bitbucket-app-password', description: 'Bitbucket app password', anchor: 'ATBB[A-Za-z0-9]{8}', pattern: r`ATBB[A-Za-z0-9_=.-]{32,}`, minEntropy: 3.5 },
  { rule: 'frameio-token', description: 'Frame.io API token', prefixes: ['fio-'], pattern: r`fio-u-[A-Za-z0-9_=-]{64}` },
  { rule: 'readme-api-token', description: 'ReadMe API token', prefixes: ['rdme_'], pattern: r`rdme_[a-z0-9]{70}` },
  { rule: 'typeform-token', description: 'Typeform personal access token', prefixes: ['tfp_'], pattern: r`tfp_[A-Za-z0-9_.=-]{59}` },
  { rule: 'postman-api-key', description: 'Postman API key', prefixes: ['PMAK-'], pattern: r`PMAK-[a-f0-9]{24}-[a-f0-9]{34}` },
  { rule: 'linear-api-key', description: 'Linear API key', prefixes: ['lin_'], pattern: r`lin_api_[A-Za-z0-9]{40}` },
  { rule: 'onepassword-service-account-token', description: '1Password service account token', severity: 'critical', prefixes: ['ops_'], pattern: r`ops_eyJ[A-Za-z0-9+/]{250,}={0,3}`, minEntropy: 4, end: '(?![A-Za-z0-9+/=])' },
  {
    rule: 'onepassword-secret-key', description: '1Password account secret key', severity: 'critical', anchor: r`A3-[A-Z0-9]{6}-`,
    pattern: r`A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}`,
  },
  { rule: 'intra42-client-secret', description: '42 Intra client secret', prefixes: ['s-'], pattern: r`s-s4t2(?:ud|af)-[a-f0-9]{64}` },
  { rule: 'langsmith-api-key', description: 'LangSmith API key', prefixes: ['lsv2_'], pattern: r`lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}` },
  { rule: 'pinecone-api-key', description: 'Pinecone API key', prefixes: ['pcsk_'], pattern: r`pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{60,70}` },
  { rule: 'putty-private-key', description: 'PuTTY private key', severity: 'critical', anchor: 'PuTTY-User-Key-File-', pattern: r`PuTTY-User-Key-File-[23]: [a-z0-9-]+\r?\nEncryption: [a-z0-9-]+\r?\nComment: [^\r\n]*\r?\nPublic-Lines: [0-9]+\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+Private-Lines: [0-9]+\r?\n((?:[A-Za-z0-9+/=]+\r?\n?){1,40})`, end: '', minEntropy: 4.5 },
];

export const devPlatformTokenRules: readonly SecretRule[] = SPECS.map(tokenRule);
