// The outputs and the job summary of a build (or of a dry run's plan).
import * as core from '@actions/core';
import type { Digest } from '@digestflow/core';
import type { BuildInputs } from './inputs.ts';
import type { BuildPlan } from './plan.ts';

export interface BuildReport {
  readonly inputs: BuildInputs;
  readonly plan: BuildPlan;
  /** `undefined` for a dry run or a build without push. */
  readonly digest: Digest | undefined;
  /** False when the builder cannot set labels (ACR Tasks). */
  readonly labelsApplied: boolean;
  readonly durationSeconds: number;
}

function metadataOf(report: BuildReport): Record<string, unknown> {
  const { inputs, plan, digest } = report;
  return {
    image: inputs.image.name,
    version: plan.version,
    tags: plan.references.map(String),
    digest: digest ?? null,
    imageRef: digest ? `${inputs.image.name}@${digest}` : null,
    revision: plan.sha,
    builder: inputs.builder,
    platforms: inputs.platforms,
    pushed: digest !== undefined,
    dryRun: inputs.dryRun,
    labels: report.labelsApplied ? plan.labels : {},
    annotations: report.labelsApplied ? plan.annotations : {},
    durationSeconds: report.durationSeconds,
  };
}

export function setOutputs(report: BuildReport): void {
  const { inputs, plan, digest } = report;
  core.setOutput('digest', digest ?? '');
  core.setOutput('image-ref', digest ? `${inputs.image.name}@${digest}` : '');
  core.setOutput('tags', plan.references.map(String).join('\n'));
  core.setOutput('version', plan.version);
  core.setOutput('metadata', JSON.stringify(metadataOf(report)));
}

/** Text safe in a Markdown table cell. */
function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `<code>${cell(text)}</code>`;
}

export function summaryMarkdown(report: BuildReport): string {
  const { inputs, plan, digest } = report;
  const outcome = inputs.dryRun
    ? 'dry run: planned, nothing built'
    : digest
      ? 'built and pushed'
      : 'built, not pushed';
  const rows: Array<[string, string]> = [
    ['Image', code(inputs.image.name)],
    ['Version', code(plan.version)],
    ['Digest', digest ? code(digest) : '—'],
    ['Builder', cell(inputs.builder)],
    ['Platforms', inputs.platforms.length > 0 ? cell(inputs.platforms.join(', ')) : 'builder default'],
    ['Commit', code(plan.sha)],
    ['Duration', `${report.durationSeconds.toFixed(1)} s`],
  ];
  const lines = [
    `### build-image: ${cell(outcome)}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    '',
    '**Tags**',
    '',
    ...plan.references.map((reference) => `- ${code(reference.toString())}`),
    '',
  ];
  if (report.labelsApplied) {
    lines.push(
      '**Labels**',
      '',
      '| label | value |',
      '|---|---|',
      ...Object.entries(plan.labels).map(([key, value]) => `| ${code(key)} | ${cell(value)} |`),
      '',
    );
  } else {
    lines.push('Labels: none (ACR Tasks builds cannot set labels from the command line).', '');
  }
  return lines.join('\n');
}

export async function writeSummary(report: BuildReport): Promise<void> {
  await core.summary.addRaw(summaryMarkdown(report)).write();
}
