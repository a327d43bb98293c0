// The `locked` output and the job summary.
import type { Attributes, ResourceState } from './locks.ts';

export interface LockedEntry extends Attributes {
  readonly kind: ResourceState['kind'];
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function lockedEntries(states: readonly ResourceState[]): LockedEntry[] {
  return states.map((state) => ({
    kind: state.kind,
    repository: state.repository,
    ...(state.kind === 'tag' && { tag: state.tag }),
    ...(state.kind !== 'repository' && { digest: state.digest }),
    ...state.attributes,
  }));
}

function name(state: ResourceState): string {
  if (state.kind === 'tag') return `tag \`${state.tag}\``;
  if (state.kind === 'manifest') return 'manifest';
  return 'repository';
}

const flag = (value: boolean) => (value ? 'true' : '**false**');

/** Markdown: one row per resource, with the attributes before and after. */
export function summaryMarkdown(
  image: string,
  before: readonly ResourceState[],
  after: readonly ResourceState[] | undefined,
): string {
  const lines = [
    after === undefined
      ? `### lock-image (dry run): current attributes in \`${image}\`, nothing changed`
      : `### lock-image: attributes set in \`${image}\``,
    '',
    '| resource | digest | writeEnabled | deleteEnabled |',
    '|---|---|---|---|',
  ];
  before.forEach((state, index) => {
    const now = after?.[index];
    const change = (key: 'writeEnabled' | 'deleteEnabled') =>
      now === undefined || now.attributes[key] === state.attributes[key]
        ? flag(state.attributes[key])
        : `${flag(state.attributes[key])} → ${flag(now.attributes[key])}`;
    const digest = state.kind === 'repository' ? '' : `\`${state.digest}\``;
    lines.push(`| ${name(state)} | ${digest} | ${change('writeEnabled')} | ${change('deleteEnabled')} |`);
  });
  return `${lines.join('\n')}\n`;
}
