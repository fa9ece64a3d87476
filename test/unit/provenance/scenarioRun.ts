// The retention scenario: AI edits through real hook payloads, human edits on and around AI
// lines, commit, rebase onto upstream inserts/deletes, squash, cherry-pick, a merge with a
// hand-resolved conflict, `git mv`, a whitespace-only reformat — each measured in a fresh
// `--no-local` clone (only committed content), against ground truth carried in the text.
// Run by provenanceScenario.test.ts (assertions) and by `npm run bench` (figures).
import * as fs from 'node:fs';
import { checkProvenance } from '../../../src/core/provenance/workspaceSummary';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { aiText, BASE_FILES, claudeEdit, claudeWrite, copilotEdit, measure, measureClone, read, write, type Measure } from './scenarioKit';
import { git, initRepo } from './provenanceTestKit';

export interface StepFigure {
  readonly step: string;
  readonly truth: number;
  readonly hit: number;
  readonly tagged: number;
  readonly recall: number;
  readonly precision: number;
  readonly lost: number;
}

function commitAll(repo: string, message: string): void {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
}

/** Runs the whole scenario; returns one figure per step (also used by `npm run bench`). */
export async function runScenario(check: (step: string, m: Measure, local: Measure | undefined) => void): Promise<StepFigure[]> {
  const repo = fs.realpathSync(initRepo('airlock-scenario-'));
  for (const [rel, text] of Object.entries(BASE_FILES)) write(repo, rel, text);
  write(repo, '.airlock/policy.json', '{ "version": 1, "rules": [ { "paths": ["/src/pricing/"], "class": "reviewed" } ] }\n');
  commitAll(repo, 'base');
  const figures: StepFigure[] = [];
  const step = (name: string, branch: string): void => {
    const m = measureClone(repo, branch);
    const local = git(repo, 'status', '--porcelain') === '' && git(repo, 'rev-parse', '--abbrev-ref', 'HEAD') === branch ? measure(repo) : undefined;
    check(name, m, local);
    figures.push({ step: name, truth: m.truth, hit: m.hit, tagged: m.tagged, recall: m.recall, precision: m.precision, lost: m.current.lost.length });
  };

  // 1. AI work on a feature branch, through the hooks.
  git(repo, 'checkout', '-q', '-b', 'feature');
  await claudeWrite(repo, 'src/discounts.ts', aiText([
    "import { type Item } from './pricing';",
    '',
    'export interface Discount {',
    '  code: string;',
    '  percent: number;',
    '}',
    '',
    'export function applyDiscount(amount: number, discount: Discount): number {',
    '  if (discount.percent <= 0) {',
    '    return amount;',
    '  }',
    '  return amount * (1 - discount.percent / 100);',
    '}',
    '',
    'export function bulkDiscount(items: Item[]): Discount | undefined {',
    '  const count = items.reduce((n, item) => n + item.quantity, 0);',
    '  if (count < 10) {',
    '    return undefined;',
    '  }',
    "  return { code: 'BULK', percent: 5 };",
    '}',
    '',
  ]), 'toolu_s1');
  await claudeEdit(repo, 'src/orders.ts', 'export function isEmpty(order: Order): boolean {', aiText([
    'export function itemCount(order: Order): number {',
    '  let count = 0;',
    '  for (const item of order.items) {',
    '    count += item.quantity;',
    '  }',
    '  return count;',
    '}',
    '',
    'export function mostExpensive(order: Order): Item | undefined {',
    '  let best: Item | undefined;',
    '  for (const item of order.items) {',
    '    if (!best || priceOf(item) > priceOf(best)) {',
    '      best = item;',
    '    }',
    '  }',
    '  return best;',
    '}',
    '',
  ]) + '\nexport function isEmpty(order: Order): boolean {', 'toolu_s2');
  await copilotEdit(repo, 'src/util/strings.ts', "export function capitalize(text: string): string {", aiText([
    'export function truncate(text: string, max: number): string {',
    '  if (text.length <= max) {',
    '    return text;',
    '  }',
    "  return text.slice(0, max - 1) + '…';",
    '}',
    '',
  ]) + '\nexport function capitalize(text: string): string {');
  commitAll(repo, 'AI: discounts, order helpers, truncate');
  step('commit', 'feature');

  // 2. A human edits on and around AI lines: above, below, inside a range, and deletes one.
  let orders = read(repo, 'src/orders.ts');
  orders = orders.replace('export function itemCount', '// Number of units across all items.\nexport function itemCount');
  orders = orders.replace(`    count += item.quantity; \n`, '    count += Math.max(0, item.quantity);\n'); // an AI line, changed by hand
  orders = orders.replace(`  return best; \n} \n`, `  return best; \n} \n\nexport const EMPTY_ORDER: Order = { id: 'empty', items: [], createdAt: new Date(0) };\n`);
  write(repo, 'src/orders.ts', orders);
  let discounts = read(repo, 'src/discounts.ts');
  discounts = discounts.replace(`    return undefined; \n`, ''); // deleted by hand
  discounts = discounts.replace('export function bulkDiscount', '/** Five percent off from ten units. */\nexport function bulkDiscount');
  write(repo, 'src/discounts.ts', discounts);
  commitAll(repo, 'human: tweaks around the AI code');
  step('human edits', 'feature');

  // 3. Upstream moves on (inserts and deletes above the AI lines); rebase onto it.
  git(repo, 'checkout', '-q', 'main');
  write(repo, 'src/orders.ts', read(repo, 'src/orders.ts').replace("import { slug } from './util/strings';\n", "import { slug } from './util/strings';\nimport { log } from './log';\n\nconst MAX_ITEMS = 100;\n").replace('  createdAt: Date;\n}\n', '  createdAt: Date;\n}\n\nexport function isFull(order: Order): boolean {\n  log(`checking ${order.id}`);\n  return order.items.length >= MAX_ITEMS;\n}\n'));
  write(repo, 'src/util/strings.ts', `// String helpers shared by the service.\n\n${read(repo, 'src/util/strings.ts')}`);
  write(repo, 'src/log.ts', "export function log(message: string): void {\n  process.stderr.write(`${message}\\n`);\n}\n");
  write(repo, 'src/pricing.ts', read(repo, 'src/pricing.ts').replace("export function formatPrice(amount: number): string {\n  return `€${amount.toFixed(2)}`;\n}\n\n", ''));
  commitAll(repo, 'upstream: limits, log, drop formatPrice');
  git(repo, 'checkout', '-q', 'feature');
  git(repo, 'rebase', '-q', 'main');
  step('rebase onto upstream', 'feature');

  // 4. Squash the branch into one commit.
  git(repo, 'reset', '-q', '--soft', 'main');
  git(repo, 'commit', '-q', '-m', 'Orders: discounts and helpers (squashed)');
  step('squash', 'feature');

  // 5. Cherry-pick the squashed commit onto a release branch.
  git(repo, 'checkout', '-q', '-b', 'release', 'main');
  git(repo, 'cherry-pick', 'feature');
  step('cherry-pick', 'release');

  // 6. Merge into main, which changed a line the branch changed too: resolved by hand.
  git(repo, 'checkout', '-q', 'main');
  write(repo, 'src/orders.ts', read(repo, 'src/orders.ts').replace('export function isEmpty(order: Order): boolean {', 'export function isEmpty(order: Readonly<Order>): boolean {').replace("import { slug } from './util/strings';", "import { slug } from './util/strings.js';"));
  commitAll(repo, 'upstream: readonly isEmpty, explicit extension');
  let conflicted = false;
  try {
    git(repo, 'merge', '-q', '--no-edit', 'feature');
  } catch {
    conflicted = true;
  }
  const unmerged = git(repo, 'diff', '--name-only', '--diff-filter=U').split('\n').filter((l) => l !== '');
  check('merge conflicts', { unmerged, conflicted } as unknown as Measure, undefined);
  for (const file of unmerged) {
    // The human keeps both sides' intent: every line of ours and theirs, markers removed.
    const text = read(repo, file).split('\n').filter((l) => !/^(<{7}|={7}|>{7}|\|{7})( |$)/.test(l));
    const seen = new Set<string>();
    write(repo, file, text.filter((l) => (l.startsWith('import ') ? !seen.has(l.replace(/\.js'/, "'")) && seen.add(l.replace(/\.js'/, "'")) : true)).join('\n'));
  }
  commitAll(repo, 'Merge feature');
  step('merge (hand-resolved)', 'main');

  // 7. Move a file.
  fs.mkdirSync(`${repo}/src/pricing`);
  git(repo, 'mv', 'src/discounts.ts', 'src/pricing/discounts.ts');
  write(repo, 'src/pricing/discounts.ts', read(repo, 'src/pricing/discounts.ts').replace("from './pricing'; ", "from '../pricing';") /* a human changes an AI line */);
  commitAll(repo, 'move discounts under pricing/');
  step('git mv', 'main');

  // 8. Whitespace-only reformat of every file: two-space indentation becomes four.
  for (const file of git(repo, 'ls-files', '*.ts').split('\n')) {
    write(repo, file, read(repo, file).split('\n').map((l) => l.replace(/^( +)/, (m) => m + m)).join('\n'));
  }
  commitAll(repo, 'style: four-space indentation');
  step('whitespace reformat', 'main');

  // The CI gate lists every AI line it could not locate.
  const engine = loadPolicy(repo, { env: {}, now: new Date() });
  const result = checkProvenance(repo, engine);
  check('check lists lost lines', { result } as unknown as Measure, measure(repo));
  return figures;
}

