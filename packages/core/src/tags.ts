// The tag plan of a build: which tags one commit's image gets, from the GitHub context.
// main -> dev-<sha7>, staging -> staging-<sha7>, other branches <branch>-<sha7>, pull
// requests pr-<n>-<head sha7>; a tag ref is refused (releases are promoted, not rebuilt).
import { ConfigurationError } from './errors.ts';
import { type GitHubContext, requireSha, shortSha } from './github.ts';
import { ImageReference, parseTag } from './reference.ts';

export const MAX_TAG_LENGTH = 128;

/** Branch name to tag prefix. */
export type Environments = ReadonlyMap<string, string>;

export const DEFAULT_ENVIRONMENTS: Environments = new Map([
  ['main', 'dev'],
  ['staging', 'staging'],
]);

/**
 * An environment's tag prefix (`dev`, `staging`, `qa2`): one word, so that promote-image can
 * tell `from: dev` (a prefix) from `from: dev-1a2b3c4` (a tag), with room for `-<sha>` of
 * full length. build-image and promote-image share this rule.
 */
const PREFIX = /^[A-Za-z0-9_]+$/;
const MAX_PREFIX_LENGTH = MAX_TAG_LENGTH - 1 - 40;
const PREFIX_RULE = `one word of up to ${MAX_PREFIX_LENGTH} letters, digits and '_'`;

export function isTagPrefix(value: string): boolean {
  return PREFIX.test(value) && value.length <= MAX_PREFIX_LENGTH;
}

/** Parses `branch=prefix` lines (e.g. `main=dev`) into the environments map. */
export function parseEnvironments(lines: readonly string[]): Environments {
  const environments = new Map<string, string>();
  for (const line of lines) {
    const eq = line.indexOf('=');
    const branch = eq === -1 ? '' : line.slice(0, eq).trim();
    const prefix = eq === -1 ? '' : line.slice(eq + 1).trim();
    if (branch === '' || prefix === '') {
      throw new ConfigurationError(`expected branch=prefix lines (e.g. main=dev), got '${line}'`);
    }
    if (!isTagPrefix(prefix)) {
      throw new ConfigurationError(`prefix '${prefix}' of branch '${branch}' must be ${PREFIX_RULE}`);
    }
    if (environments.has(branch)) {
      throw new ConfigurationError(`branch '${branch}' is mapped twice`);
    }
    environments.set(branch, prefix);
  }
  return environments;
}

/**
 * Makes `<name>-<suffix>` a valid tag whatever the name holds: every run of characters a tag
 * cannot carry becomes `-`, leading `.`/`-` go, and a long name is cut so the whole tag is at
 * most 128 characters with the suffix intact (`feature/Login page` -> `feature-Login-page-1a2b3c4`).
 */
export function sanitizedTag(name: string, suffix: string): string {
  const room = MAX_TAG_LENGTH - 1 - suffix.length;
  const cleaned = name
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, room)
    .replace(/[.-]+$/, '');
  return `${cleaned === '' ? 'branch' : cleaned}-${suffix}`;
}

/** An explicit tag as given: bare (`latest`) or a full reference of the image's repository. */
export function parseExplicitTag(value: string, image: ImageReference): string {
  // Without '/', ':' or '@' it can only be meant as a bare tag.
  if (!/[/:@]/.test(value)) return parseTag(value);
  const reference = ImageReference.parse(value);
  if (reference.tag === undefined || reference.digest !== undefined) {
    throw new ConfigurationError(`'${value}' must be a tag or a reference with a tag and no digest`);
  }
  if (!reference.sameRepository(image)) {
    throw new ConfigurationError(
      `'${value}' names repository ${reference.name}, not ${image.name}: build-image pushes to one repository (copy elsewhere with promote-image)`,
    );
  }
  return reference.tag;
}

export interface TagPlanOptions {
  /** The repository, without tag. */
  readonly image: ImageReference;
  readonly context: GitHubContext;
  readonly environments?: Environments;
  /** Extra tags, bare or full references; validated here. */
  readonly extraTags?: readonly string[];
  readonly shaLength?: number;
}

export interface TagPlan {
  /** The tag derived from the commit (`dev-1a2b3c4`): the version output. */
  readonly version: string;
  /** Every tag to push, the version first, without duplicates. */
  readonly tags: readonly string[];
  /** The tags as full references of the image. */
  readonly references: readonly ImageReference[];
  /** The commit the image is built from (the PR head for pull requests). */
  readonly sha: string;
}

function derivedTag(context: GitHubContext, environments: Environments, sha7: string): string {
  switch (context.refKind) {
    case 'tag':
      throw new ConfigurationError(
        `this run is for tag '${context.tag}': releases are promoted, not rebuilt. ` +
          'Use promote-image (to: release) to copy the tested image of this commit to the release version.',
      );
    case 'pull_request':
      if (context.pullRequest !== undefined) return `pr-${context.pullRequest.number}-${sha7}`;
      break;
    case 'branch':
      if (context.branch !== undefined) {
        const prefix = environments.get(context.branch);
        return prefix === undefined ? sanitizedTag(context.branch, sha7) : `${prefix}-${sha7}`;
      }
      break;
  }
  throw new ConfigurationError(
    `the '${context.eventName}' event has no branch or pull request to derive a tag from; run on a branch`,
  );
}

/** The tags for building this commit's image. */
export function planTags(options: TagPlanOptions): TagPlan {
  const { image, context } = options;
  const sha = requireSha(context);
  const version = derivedTag(
    context,
    options.environments ?? DEFAULT_ENVIRONMENTS,
    shortSha(sha, options.shaLength),
  );
  const extra = (options.extraTags ?? []).map((value) => parseExplicitTag(value, image));
  const tags = [...new Set([version, ...extra])];
  return { version, tags, references: tags.map((tag) => image.withTag(tag)), sha };
}
