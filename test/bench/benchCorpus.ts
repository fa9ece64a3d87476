// Synthetic but realistic workspaces for benchmarks: paths and policy rules, seeded so every
// run measures the same thing.

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROOTS = ['src', 'lib', 'app', 'packages', 'services', 'infra', 'config', 'test', 'docs', 'scripts', '.github', 'tools', 'web', 'api'];
const DIRS = ['components', 'utils', 'core', 'models', 'handlers', 'routes', 'auth', 'payments', 'db', 'migrations', 'views', 'hooks', 'store', 'fixtures', 'internal', 'legacy', 'v1', 'v2', 'common', 'shared', 'prod', 'staging', 'dev', 'workflows', 'modules', 'helpers', 'types', 'styles', 'assets', 'config'];
const NAMES = ['index', 'main', 'app', 'server', 'client', 'user', 'order', 'invoice', 'session', 'router', 'schema', 'types', 'README', 'helpers', 'constants', 'service', 'controller', 'model', 'test', 'spec'];
const EXTS = ['.ts', '.tsx', '.js', '.json', '.md', '.py', '.go', '.yml', '.yaml', '.tf', '.sql', '.css', '.html', '.sh', '.txt'];
const SENSITIVE = ['.env', '.env.local', '.env.production', 'id_rsa', 'server.pem', 'tls.key', 'credentials.json', 'terraform.tfvars', 'secrets/db.txt', '.npmrc', 'service-account.json', 'prod.tfstate'];

/** `count` workspace-relative file paths, depth 2–8, about 3% sensitive names. */
export function generatePaths(count: number, seed = 1): string[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const depth = 2 + Math.floor(rand() * 7);
    const parts = [pick(ROOTS)];
    for (let d = 1; d < depth - 1; d++) parts.push(rand() < 0.15 ? `${pick(DIRS)}-${Math.floor(rand() * 60)}` : pick(DIRS));
    parts.push(rand() < 0.03 ? pick(SENSITIVE) : `${pick(NAMES)}${rand() < 0.3 ? `-${Math.floor(rand() * 100)}` : ''}${pick(EXTS)}`);
    out.push(parts.join('/'));
  }
  return out;
}

export interface BenchRule {
  readonly paths: string[];
  readonly class: string;
}

const BASE_RULES: BenchRule[] = [
  { paths: ['**/.env', '**/.env.*', '*.pem', '*.key', 'id_rsa*'], class: 'secret' },
  { paths: ['credentials*.json', 'service-account*.json', '.npmrc', '*.tfvars', '*.tfstate'], class: 'secret' },
  { paths: ['secrets/', '.secrets/'], class: 'secret' },
  { paths: ['/infra/prod/', '/.github/workflows/'], class: 'restricted' },
  { paths: ['/src/auth/', '/src/payments/', '/api/**/auth/'], class: 'reviewed' },
  { paths: ['**/.env.example'], class: 'public' },
];

/** `count` rules: the common ones plus realistic per-team rules. */
export function generateRules(count: number, seed = 2): BenchRule[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const classes = ['secret', 'restricted', 'reviewed', 'public'];
  const rules = [...BASE_RULES];
  const shapes: Array<(n: number) => string> = [
    (n) => `/services/svc-${n}/config/`,
    (n) => `/packages/pkg-${n}/secrets/`,
    (n) => `**/fixtures-${n}/`,
    (n) => `*.ext${n}`,
    (n) => `/infra/env-${n}/`,
    (n) => `docs/internal-${n}/**`,
    (n) => `**/module-${n}/*.tfvars`,
    (n) => `src/**/legacy-${n}/`,
    (n) => `config/*-${n}.yml`,
    (n) => `${pick(DIRS)}-${n}/`,
    (n) => `/${pick(ROOTS)}/${pick(DIRS)}/${pick(NAMES)}-${n}.*`,
    (n) => `report-${n}-*.csv`,
  ];
  let n = 0;
  while (rules.length < count) {
    const k = 1 + Math.floor(rand() * 2);
    rules.splice(rules.length - 1, 0, { paths: Array.from({ length: k }, () => pick(shapes)(n++ % 60)), class: pick(classes) });
  }
  return rules.slice(0, count);
}

export function policyJson(rules: readonly BenchRule[]): string {
  return JSON.stringify({ version: 1, rules }, null, 2);
}
