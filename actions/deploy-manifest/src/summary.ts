import type { Change } from './apply.ts';
import type { PinnedImage } from './pin.ts';
import type { RollbackResult } from './rollback.ts';

export type DeployStatus = 'deployed' | 'rolled-back' | 'failed';

/** One entry of the `resources` output and one row of the summary table. */
export interface ResourceOutcome {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** What the apply did (or, in a dry run, would do). */
  readonly change: Change | 'not applied';
  /** `ready`, `failed`, `timeout`, `cancelled`, `applied`, `rolled back`, `deleted`, … */
  readonly outcome: string;
  readonly message?: string;
}

export interface SummaryInput {
  readonly status: DeployStatus;
  readonly dryRun: boolean;
  readonly headline: string;
  readonly resources: readonly ResourceOutcome[];
  readonly pinned: readonly PinnedImage[];
  readonly probeWarnings: readonly string[];
  readonly explanations: readonly string[];
  readonly rollback: readonly RollbackResult[];
  readonly diffs: readonly { label: string; diff: string }[];
  readonly rolloutSeconds?: number;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const fence = (text: string, language = '') => `\`\`\`${language}\n${text.replace(/```/g, "'''")}\n\`\`\``;

/** The job summary, as Markdown. */
export function renderSummary(input: SummaryInput): string {
  const title = input.dryRun ? 'Deploy (dry run)' : 'Deploy';
  const icon = input.status === 'deployed' ? '✅' : input.status === 'rolled-back' ? '↩️' : '❌';
  const parts = [`## ${title}: ${icon} ${input.status}`, '', input.headline];
  if (input.rolloutSeconds !== undefined) parts.push('', `Rollout: ${input.rolloutSeconds.toFixed(1)} s`);
  parts.push('', '| Kind | Namespace | Name | Change | Outcome |', '|---|---|---|---|---|');
  for (const r of input.resources) {
    parts.push(
      `| ${cell(r.kind)} | ${cell(r.namespace ?? '')} | ${cell(r.name)} | ${r.change} | ${cell(r.outcome)}${r.message ? `: ${cell(r.message)}` : ''} |`,
    );
  }
  if (input.pinned.length > 0) {
    parts.push('', '### Images pinned', '', '| Object | Container | Image |', '|---|---|---|');
    for (const p of input.pinned) parts.push(`| ${cell(p.object)} | ${cell(p.container)} | \`${p.to}\` |`);
  }
  if (input.explanations.length > 0) {
    parts.push('', '### Why the rollout failed', '', fence(input.explanations.join('\n\n')));
  }
  if (input.rollback.length > 0) {
    parts.push('', '### Rollback', '');
    for (const r of input.rollback)
      parts.push(`- ${r.label}: ${r.action}${r.message ? ` (${r.message})` : ''}`);
  }
  if (input.probeWarnings.length > 0) {
    parts.push('', '### Probes missing', '');
    for (const w of input.probeWarnings) parts.push(`- ${w}`);
  }
  if (input.diffs.length > 0) {
    parts.push('', '### What would change', '');
    for (const d of input.diffs)
      parts.push(`<details><summary>${d.label}</summary>`, '', fence(d.diff, 'diff'), '', '</details>');
  }
  return `${parts.join('\n')}\n`;
}
