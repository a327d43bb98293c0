// Outputs and the job summary of a promotion.
import * as core from '@actions/core';
import type { PromoteResult } from '@digestflow/core';
import type { Inputs } from './inputs.ts';
import type { ResolvedSource } from './plan.ts';

export interface Report {
  readonly inputs: Inputs;
  readonly source: ResolvedSource;
  readonly result: PromoteResult;
  readonly durationSeconds: number;
}

/** Cells of the summary's HTML table: markdown is not rendered inside it. */
function code(text: string): string {
  return `<code>${text}</code>`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export function metadata(report: Report): Record<string, unknown> {
  const { inputs, source, result } = report;
  return {
    source: {
      reference: source.reference.toString(),
      digest: result.digest,
      commit: source.commit ?? null,
      mergedParent: source.mergedParent ?? null,
    },
    target: inputs.targetImage.name,
    digest: result.digest,
    mode: result.mode,
    dryRun: result.dryRun,
    tags: result.tags.map((t) => ({ tag: t.tag, action: t.action, previous: t.previous ?? null })),
    blobs: result.stats.blobs,
    bytes: result.stats.bytes,
    manifests: result.stats.manifests,
    referrers: result.stats.referrers,
    durationSeconds: Number(report.durationSeconds.toFixed(3)),
  };
}

export function setOutputs(report: Report): void {
  const { inputs, result } = report;
  const target = inputs.targetImage;
  core.setOutput('digest', result.digest);
  core.setOutput('image-ref', `${target.name}@${result.digest}`);
  core.setOutput('tags', result.tags.map((t) => `${target.name}:${t.tag}`).join('\n'));
  core.setOutput('source-ref', `${inputs.image.name}@${result.digest}`);
  core.setOutput('metadata', JSON.stringify(metadata(report)));
}

const ACTION_WORDS = { create: 'created', move: 'moved', unchanged: 'unchanged' } as const;
const DRY_WORDS = { create: 'would be created', move: 'would be moved', unchanged: 'unchanged' } as const;

export async function writeSummary(report: Report): Promise<void> {
  const { inputs, source, result } = report;
  const words = result.dryRun ? DRY_WORDS : ACTION_WORDS;
  const { blobs, bytes } = result.stats;
  const tags = result.tags
    .map(
      (t) =>
        `${code(t.tag)} ${words[t.action]}${t.action === 'move' ? ` (was ${code(String(t.previous))})` : ''}`,
    )
    .join('<br>');
  core.summary
    .addHeading(
      `${result.dryRun ? 'Dry run: ' : ''}Promoted ${inputs.image.name} to ${inputs.targetImage.name}`,
      3,
    )
    .addTable([
      [
        { data: 'Item', header: true },
        { data: 'Value', header: true },
      ],
      [
        'Source',
        `${code(source.reference.toString())}${source.mergedParent ? ` (merged parent ${code(source.mergedParent)})` : ''}`,
      ],
      ['Digest', code(result.digest)],
      ['Target tags', tags],
      ['Copy', result.mode],
      [
        'Blobs',
        `${blobs.skipped} skipped (${megabytes(bytes.skipped)}), ${blobs.mounted} mounted (${megabytes(bytes.mounted)}), ${blobs.uploaded} uploaded (${megabytes(bytes.uploaded)})`,
      ],
      [
        'Manifests',
        `${result.stats.manifests.pushed} pushed, ${result.stats.manifests.existing} already there`,
      ],
      ['Referrers', String(result.stats.referrers)],
      ['Time', `${report.durationSeconds.toFixed(2)} s`],
    ]);
  if (result.dryRun) core.summary.addRaw('Dry run: nothing was written.', true);
  await core.summary.write();
}
