// The commit message and pull request text: which images changed where, from which
// source commit and workflow run, so the configuration history explains itself.
import type { GitHubContext } from '@digestflow/core';
import type { Change } from './edits/session.ts';
import type { ImageSpec } from './images.ts';

function shortRef(image: ImageSpec): string {
  const { ref } = image;
  const digest = ref.digest === undefined ? '' : `@${ref.digest.slice(0, 19)}`;
  return `${image.name}${ref.tag === undefined ? '' : `:${ref.tag}`}${digest}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(removed)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function describeChange(change: Change): string {
  const where = `${change.file}:${change.line} ${change.path.join('.')}`;
  return change.from === undefined
    ? `${where}: added ${show(change.to)}`
    : `${where}: ${change.from} -> ${show(change.to)}`;
}

/** The changed images, each once, in input order. */
function changedImages(changes: readonly Change[]): ImageSpec[] {
  return [...new Set(changes.map((change) => change.image))];
}

export function commitTitle(changes: readonly Change[], custom: string | undefined): string {
  if (custom !== undefined) return custom;
  const images = changedImages(changes);
  if (images.length === 1) return `Deploy ${shortRef(images[0]!)}`;
  return `Deploy ${images.length} images: ${images.map((image) => image.name.slice(image.name.lastIndexOf('/') + 1)).join(', ')}`;
}

function sourceLines(context: GitHubContext): string[] {
  const lines: string[] = [];
  if (context.sha !== undefined) {
    const link =
      context.repositoryUrl === undefined ? '' : ` (${context.repositoryUrl}/commit/${context.sha})`;
    lines.push(`Source commit: ${context.repository ?? ''}@${context.sha}${link}`);
  }
  if (context.runUrl !== undefined) lines.push(`Workflow run: ${context.runUrl}`);
  return lines;
}

export function commitMessage(
  changes: readonly Change[],
  context: GitHubContext,
  custom: string | undefined,
): string {
  const images = changedImages(changes);
  return [
    commitTitle(changes, custom),
    '',
    ...sourceLines(context),
    '',
    'Images:',
    ...images.map((image) => `- ${image.ref}`),
    '',
    'Changes:',
    ...changes.map((change) => `- ${describeChange(change)}`),
    '',
  ].join('\n');
}

export function pullRequestBody(changes: readonly Change[], context: GitHubContext): string {
  const code = (text: string) => `\`${text}\``;
  return [
    'Written by [update-gitops](https://github.com/digestflow/digestflow/tree/v1/actions/update-gitops).',
    '',
    ...sourceLines(context).map((line) => `${line}  `),
    '',
    '| file | field | from | to |',
    '| --- | --- | --- | --- |',
    ...changes.map(
      (change) =>
        `| ${code(`${change.file}:${change.line}`)} | ${code(change.path.join('.'))} | ${change.from === undefined ? '' : code(change.from)} | ${code(show(change.to))} |`,
    ),
    '',
  ].join('\n');
}
