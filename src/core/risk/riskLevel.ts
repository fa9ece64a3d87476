// Ordering of risk levels, strongest first.
import type { RiskLevel } from '../policy/policyTypes';

export const RISK_LEVELS: readonly RiskLevel[] = ['critical', 'high', 'medium', 'low', 'none'];

const RANK: Record<RiskLevel, number> = { critical: 4, high: 3, medium: 2, low: 1, none: 0 };

export function riskRank(level: RiskLevel): number {
  return RANK[level];
}

export function maxRisk(a: RiskLevel, b: RiskLevel): RiskLevel {
  return RANK[a] >= RANK[b] ? a : b;
}

export function emptyCounts(): Record<RiskLevel, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, none: 0 };
}
