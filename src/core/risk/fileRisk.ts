// One file's risk: its policy verdicts, exception, AI lines and secret findings turned into a
// level and human reasons. Pure: the same inputs always give the same answer.
import { basename } from 'node:path';
import { explainWorkspacePath, type PathExplanation } from '../decide/explainPath';
import type { PolicyEngine } from '../policy/policyEngine';
import type { RiskLevel } from '../policy/policyTypes';
import type { SecretFinding } from '../secrets/secretTypes';
import { maxRisk, riskRank } from './riskLevel';
import type { AiLineStats, ExceptionRisk, FileRisk, RiskReason } from './riskTypes';

const DAY_MS = 24 * 3600 * 1000;
/** An exception this close to its end is worth a look (renew or clean up). */
export const EXPIRY_WARNING_DAYS = 14;

/** Maps a rule's pattern lines to the rule's 1-based number, so reasons can say "rule 3". */
export class RuleNumbers {
  private readonly byLine = new Map<string, number>();

  constructor(engine: PolicyEngine) {
    for (const layer of engine.layers) {
      for (const rule of layer.doc.rules) {
        for (const p of rule.patterns) this.byLine.set(`${layer.doc.source}\n${p.location.line}`, rule.index + 1);
      }
    }
  }

  of(source: string, line: number): number | null {
    return this.byLine.get(`${source}\n${line}`) ?? null;
  }
}

export interface FileRiskInput {
  readonly engine: PolicyEngine;
  readonly rules: RuleNumbers;
  readonly rel: string;
  readonly ai: AiLineStats;
  readonly secrets: readonly SecretFinding[];
  readonly now: Date;
}

export function daysUntilExpiry(expires: string, now: Date): number {
  const end = new Date(`${expires}T00:00:00Z`).getTime() + DAY_MS;
  return Math.max(0, Math.floor((end - now.getTime()) / DAY_MS));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function computeFileRisk(input: FileRiskInput): FileRisk {
  const { engine, rel, ai, now } = input;
  const main = explainWorkspacePath(engine, rel);
  const reasons: RiskReason[] = [];
  const dataClass = engine.layers.length ? classDef(engine, main.className) : undefined;
  const ruleNumber = main.rule ? input.rules.of(main.rule.source, main.rule.line) : null;

  if (!engine.valid) {
    reasons.push({ level: 'high', text: 'policy invalid: all AI access denied until it is fixed' });
  } else if (engine.aiOff) {
    reasons.push({ level: 'low', text: 'AI is switched off for this workspace' });
  } else {
    let level: RiskLevel = dataClass?.risk ?? 'high';
    // The verdicts set a floor, so a class declared "low" that denies reads still stands out.
    if (main.read === 'deny') level = maxRisk(level, 'high');
    else if (main.read === 'ask' || main.edit === 'deny') level = maxRisk(level, 'medium');
    reasons.push({ level, text: `${main.className} class: ${where(main, ruleNumber)} (AI read ${main.read}, edit ${main.edit})` });
  }

  let exception: ExceptionRisk | null = null;
  if (main.exception) {
    const daysLeft = daysUntilExpiry(main.exception.expires, now);
    exception = { ...main.exception, daysLeft };
    const when = daysLeft === 0 ? 'expires today' : `expires in ${plural(daysLeft, 'day')}`;
    reasons.push({ level: daysLeft <= EXPIRY_WARNING_DAYS ? 'medium' : 'low', text: `exception for ${main.exception.owner} ${when} (${main.exception.expires})` });
  }

  const secrets = input.secrets.length ? input.secrets.filter((f) => f.suppressed === undefined) : input.secrets;
  for (const f of secrets) {
    reasons.push({ level: f.blocking ? 'critical' : 'medium', text: `${f.blocking ? 'secret' : 'possible secret'}: ${f.rule} at line ${f.line}` });
  }

  const reviewMissing = Boolean(dataClass?.reviewRequired) && ai.unreviewed > 0;
  if (ai.unreviewed > 0) {
    reasons.push(
      reviewMissing
        ? { level: 'high', text: `${plural(ai.unreviewed, 'AI line')} unreviewed; the ${main.className} class requires review` }
        : { level: 'medium', text: `${plural(ai.unreviewed, 'AI line')} unreviewed` },
    );
  } else if (ai.total > 0) {
    reasons.push({ level: 'low', text: `${plural(ai.total, 'AI line')}, all reviewed` });
  }
  if (ai.modified > 0) reasons.push({ level: 'low', text: `${plural(ai.modified, 'AI line')} changed by hand since` });

  // Stable sort: strongest first, ties keep the order above (class, exception, secrets, AI).
  reasons.sort((a, b) => riskRank(b.level) - riskRank(a.level));
  return {
    rel,
    className: main.className,
    read: main.read,
    edit: main.edit,
    rule: main.rule,
    ruleNumber,
    exception,
    ai,
    reviewMissing,
    secrets,
    level: reasons.reduce<RiskLevel>((l, r) => maxRisk(l, r.level), 'none'),
    reasons,
  };
}

function classDef(engine: PolicyEngine, name: string): { risk: RiskLevel; reviewRequired: boolean } | undefined {
  for (let i = engine.layers.length - 1; i >= 0; i--) {
    const c = engine.layers[i].doc.classes.get(name);
    if (c) return c;
  }
  // Airlock's guard over its own files is not a policy class; it denies AI edits only, and
  // rating it "high" would bury the sidebar under provenance records.
  return name === 'airlock-managed' ? { risk: 'medium', reviewRequired: false } : undefined;
}

function where(d: PathExplanation, ruleNumber: number | null): string {
  if (d.className === 'airlock-managed') return "Airlock's own file";
  if (d.exception) return `exception at ${basename(d.exception.source)}:${d.exception.line}`;
  if (d.rule) return ruleNumber === null ? `${basename(d.rule.source)}:${d.rule.line}` : `rule ${ruleNumber} in ${basename(d.rule.source)}`;
  return 'the default class';
}
