// AI-line counts of one file from its provenance annotations.
import type { FileAnnotations } from '../provenance/annotationTypes';
import type { AiLineStats } from './riskTypes';

export function aiLineStats(annotations: FileAnnotations | undefined): AiLineStats {
  let total = 0;
  let unreviewed = 0;
  let modified = 0;
  for (const r of annotations?.ranges ?? []) {
    const n = r.endLine - r.startLine + 1;
    total += n;
    if (r.reviewedBy === undefined) unreviewed += n;
    if (r.state === 'ai-modified') modified += n;
  }
  return { total, unreviewed, modified };
}
