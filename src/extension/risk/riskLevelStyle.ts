// How each risk level looks in the editor: one icon and colour per level, used by the tree.
import * as vscode from 'vscode';
import type { RiskLevel } from '../../core/policy/policyTypes';

const STYLE: Record<RiskLevel, { icon: string; color: string; title: string }> = {
  critical: { icon: 'flame', color: 'charts.red', title: 'Critical' },
  high: { icon: 'warning', color: 'charts.orange', title: 'High' },
  medium: { icon: 'shield', color: 'charts.yellow', title: 'Medium' },
  low: { icon: 'pass', color: 'charts.green', title: 'Low' },
  none: { icon: 'circle-outline', color: 'disabledForeground', title: 'None' },
};

export function levelIcon(level: RiskLevel): vscode.ThemeIcon {
  return new vscode.ThemeIcon(STYLE[level].icon, new vscode.ThemeColor(STYLE[level].color));
}

export function levelTitle(level: RiskLevel): string {
  return STYLE[level].title;
}
