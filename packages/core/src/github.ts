// The GitHub workflow context, read once from the runner's GITHUB_* variables and the
// event payload at GITHUB_EVENT_PATH, and turned into a typed value.
import { readFileSync } from 'node:fs';
import { ConfigurationError } from './errors.ts';

/** What the workflow run is about: a branch, a tag, a pull request, or something else. */
export type RefKind = 'branch' | 'tag' | 'pull_request' | 'other';

export interface PullRequestContext {
  readonly number: number;
  /** The PR head commit (what the author pushed), not the merge commit GitHub made. */
  readonly headSha: string;
  /** Branch the PR comes from. */
  readonly headRef: string | undefined;
  /** Branch the PR goes into. */
  readonly baseRef: string | undefined;
}

export interface GitHubContext {
  /** `push`, `pull_request`, `workflow_dispatch`, … (GITHUB_EVENT_NAME). */
  readonly eventName: string;
  /** The full ref (GITHUB_REF), e.g. `refs/heads/main`, `refs/pull/7/merge`. */
  readonly ref: string | undefined;
  readonly refKind: RefKind;
  /** Branch name when `refKind` is `branch` (for a pull request: its head branch). */
  readonly branch: string | undefined;
  /** Tag name when `refKind` is `tag`. */
  readonly tag: string | undefined;
  /**
   * The commit this run is about: for pull requests the PR head commit (GITHUB_SHA is a
   * merge commit there, or the base branch's head for pull_request_target). `undefined`
   * only outside a runner; `requireSha` turns that into a clear error.
   */
  readonly sha: string | undefined;
  readonly pullRequest: PullRequestContext | undefined;
  /** `https://github.com` or the GitHub Enterprise Server URL. */
  readonly serverUrl: string;
  /** `owner/name`, when known. */
  readonly repository: string | undefined;
  /** `<serverUrl>/<owner>/<name>`, when the repository is known. */
  readonly repositoryUrl: string | undefined;
  readonly runId: string | undefined;
  /** `<repositoryUrl>/actions/runs/<runId>`, when both are known. */
  readonly runUrl: string | undefined;
  /** Commit time (ISO 8601, UTC) when the payload carries it: push and merge_group. */
  readonly commitTimestamp: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;
type Payload = Record<string, unknown>;

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

function record(value: unknown): Payload | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Payload)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function isoTimestamp(value: unknown): string | undefined {
  const stamp = text(value);
  if (stamp === undefined) return undefined;
  const time = Date.parse(stamp);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}

function sha(value: string | undefined, source: string): string | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (!SHA.test(lower)) {
    throw new ConfigurationError(`${source} '${value}' is not a commit sha (40 or 64 hex digits)`);
  }
  return lower;
}

/** Reads and parses the event payload file; an absent path gives an empty payload. */
export function readEventFile(path: string | undefined): unknown {
  if (path === undefined || path === '') return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ConfigurationError(`cannot read the event payload at GITHUB_EVENT_PATH '${path}'`, {
      cause: error,
    });
  }
}

function splitRef(ref: string | undefined): { kind: RefKind; name: string | undefined } {
  if (ref?.startsWith('refs/heads/')) return { kind: 'branch', name: ref.slice('refs/heads/'.length) };
  if (ref?.startsWith('refs/tags/')) return { kind: 'tag', name: ref.slice('refs/tags/'.length) };
  if (ref?.startsWith('refs/pull/')) return { kind: 'pull_request', name: undefined };
  return { kind: 'other', name: undefined };
}

function releaseRef(eventName: string, payload: Payload): string | undefined {
  const tag = eventName === 'release' ? text(record(payload.release)?.tag_name) : undefined;
  return tag === undefined ? undefined : `refs/tags/${tag}`;
}

function pullRequestOf(payload: Payload): PullRequestContext | undefined {
  const pr = record(payload.pull_request);
  if (pr === undefined) return undefined;
  const head = record(pr.head);
  const base = record(pr.base);
  const number = typeof pr.number === 'number' ? pr.number : Number(payload.number);
  const headSha = sha(text(head?.sha), 'pull_request.head.sha');
  if (!Number.isInteger(number) || number <= 0 || headSha === undefined) {
    throw new ConfigurationError('the pull_request event payload has no PR number or head sha');
  }
  return { number, headSha, headRef: text(head?.ref), baseRef: text(base?.ref) };
}

/**
 * The context of this workflow run. `env` is the process environment (GITHUB_* variables),
 * `readEvent` reads the payload at a path (by default the file at GITHUB_EVENT_PATH), so a
 * test can pass both without touching `process.env`.
 */
export function readGitHubContext(
  env: Env = process.env,
  readEvent: (path: string | undefined) => unknown = readEventFile,
): GitHubContext {
  const eventName = nonEmpty(env.GITHUB_EVENT_NAME) ?? 'unknown';
  const payload = record(readEvent(nonEmpty(env.GITHUB_EVENT_PATH))) ?? {};
  const ref = nonEmpty(env.GITHUB_REF);
  const serverUrl = (nonEmpty(env.GITHUB_SERVER_URL) ?? 'https://github.com').replace(/\/+$/, '');
  const repository = nonEmpty(env.GITHUB_REPOSITORY);
  const repositoryUrl = repository === undefined ? undefined : `${serverUrl}/${repository}`;
  const runId = nonEmpty(env.GITHUB_RUN_ID);
  const runUrl =
    repositoryUrl === undefined || runId === undefined ? undefined : `${repositoryUrl}/actions/runs/${runId}`;
  const common = { eventName, ref, serverUrl, repository, repositoryUrl, runId, runUrl };
  const envSha = sha(nonEmpty(env.GITHUB_SHA), 'GITHUB_SHA');

  // Both PR events: the image is of the PR head, whatever GITHUB_SHA and GITHUB_REF say
  // (a merge commit for pull_request; the base branch for pull_request_target).
  const pullRequest = eventName.startsWith('pull_request') ? pullRequestOf(payload) : undefined;
  if (pullRequest !== undefined) {
    return {
      ...common,
      refKind: 'pull_request',
      branch: pullRequest.headRef ?? nonEmpty(env.GITHUB_HEAD_REF),
      tag: undefined,
      sha: pullRequest.headSha,
      pullRequest,
      commitTimestamp: undefined,
    };
  }

  const { kind, name } = splitRef(ref ?? releaseRef(eventName, payload));
  // GITHUB_SHA is the commit for every other event; the payload fills in when it is absent.
  let commitSha = envSha;
  let commitTimestamp: string | undefined;
  if (eventName === 'push') {
    commitSha ??= sha(text(payload.after), 'push payload after');
    commitTimestamp = isoTimestamp(record(payload.head_commit)?.timestamp);
  } else if (eventName === 'merge_group') {
    const group = record(payload.merge_group);
    commitSha ??= sha(text(group?.head_sha), 'merge_group.head_sha');
    commitTimestamp = isoTimestamp(record(group?.head_commit)?.timestamp);
  }
  // A deleted branch's push has an all-zero `after`: there is no commit to speak of.
  if (commitSha !== undefined && /^0+$/.test(commitSha)) commitSha = undefined;

  return {
    ...common,
    refKind: kind,
    branch: kind === 'branch' ? name : undefined,
    tag: kind === 'tag' ? name : undefined,
    sha: commitSha,
    pullRequest: undefined,
    commitTimestamp,
  };
}

/** The context's commit sha, or an error saying where it should have come from. */
export function requireSha(context: GitHubContext): string {
  if (context.sha === undefined) {
    throw new ConfigurationError(
      `no commit sha for the '${context.eventName}' event: GITHUB_SHA is not set (run on a GitHub runner, or set it)`,
    );
  }
  return context.sha;
}

export const DEFAULT_SHA_LENGTH = 7;

/** Parses a short-sha length: a whole number from 4 to 40. */
export function parseShaLength(value: string | number): number {
  const length = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(length) || length < 4 || length > 40 || String(value).trim() === '') {
    throw new ConfigurationError(`expected a whole number from 4 to 40, got '${value}'`);
  }
  return length;
}

/** The first `length` hex digits of a commit sha (default 7, as `git rev-parse --short`). */
export function shortSha(commitSha: string, length: number = DEFAULT_SHA_LENGTH): string {
  return commitSha.slice(0, parseShaLength(length));
}
