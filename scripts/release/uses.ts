// The `uses:` lines of workflow files, read and rewritten line by line so a rewrite keeps the
// file's formatting and comments, and the ones that name this repository's own actions and
// reusable workflows.
import { type RepositoryName, sameRepository } from './repository.ts';

/**
 * A workflow file of this repository: its own (`.github/workflows/`) and the examples'
 * (`examples/<...>/.github/workflows/` or `examples/<...>/workflows/`), whatever their name.
 */
export function isWorkflowPath(path: string): boolean {
  return /^(?:\.github\/workflows|examples\/(?:[^/]+\/)*?(?:\.github\/)?workflows)\/[^/]+\.ya?ml$/.test(path);
}

export interface UsesLine {
  /** 0-based line index in the file. */
  readonly index: number;
  /** Everything before the target: indentation, `- `, `uses:` and spaces. */
  readonly lead: string;
  readonly target: string;
  /** The trailing comment without `#` and surrounding spaces, if any. */
  readonly comment: string | undefined;
}

const USES = /^(\s*(?:-\s+)?uses:\s*)(['"]?)([^\s'"#]+)\2(?:\s+#\s*(.*?))?\s*$/;

export function usesLines(text: string): UsesLine[] {
  const lines: UsesLine[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    const match = USES.exec(line);
    if (match) lines.push({ index, lead: match[1]!, target: match[3]!, comment: match[4] || undefined });
  }
  return lines;
}

/** The text with each `uses:` line that `rewrite` answers for replaced by target and comment. */
export function rewriteUses(
  text: string,
  rewrite: (line: UsesLine) => { target: string; comment: string | undefined } | undefined,
): string {
  const lines = text.split('\n');
  for (const uses of usesLines(text)) {
    const next = rewrite(uses);
    if (next) lines[uses.index] = `${uses.lead}${next.target}${next.comment ? ` # ${next.comment}` : ''}`;
  }
  return lines.join('\n');
}

export type SelfKind = 'action' | 'workflow';

/** A `uses:` of one of this repository's actions (`actions/<name>`) or reusable workflows. */
export interface SelfReference {
  readonly kind: SelfKind;
  /** `actions/<name>` or `.github/workflows/<file>`. */
  readonly path: string;
  readonly ref: string;
}

/** The ref between releases: the reusable workflows run the actions of the same branch. */
export const DEVELOPMENT_REF = 'main';

/** `<owner>/<repo>/actions/<name>@<ref>` or `<owner>/<repo>/.github/workflows/<file>@<ref>`. */
export function parseRemoteUses(
  target: string,
): { repository: RepositoryName; kind: SelfKind; path: string; ref: string } | undefined {
  const match = /^([^/@]+)\/([^/@]+)\/((actions)\/[^/@]+|\.github\/workflows\/[^/@]+\.ya?ml)@(.+)$/.exec(
    target,
  );
  if (!match) return undefined;
  return {
    repository: { owner: match[1]!, repo: match[2]! },
    kind: match[4] ? 'action' : 'workflow',
    path: match[3]!,
    ref: match[5]!,
  };
}

export function selfReference(target: string, self: RepositoryName): SelfReference | undefined {
  const remote = parseRemoteUses(target);
  if (!remote || !sameRepository(remote.repository, self)) return undefined;
  return { kind: remote.kind, path: remote.path, ref: remote.ref };
}

export const FULL_SHA = /^[0-9a-f]{40}$/;
export const VERSION_COMMENT = /^v\d+\.\d+\.\d+$/;
