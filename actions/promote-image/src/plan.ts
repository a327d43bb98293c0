// What to promote where, decided before any registry is contacted: the target tags from the
// commit or the release version, and the source tag(s) to look for.
import {
  ConfigurationError,
  type GitHubContext,
  getManifest,
  type ImageReference,
  type Manifest,
  type RegistryClient,
  releaseVersion,
  requireSha,
  shortSha,
} from '@digestflow/core';
import type { Inputs } from './inputs.ts';
import { mergedParents } from './merge.ts';

export interface TargetPlan {
  /** The tag the promotion is about (`staging-1a2b3c4`, `1.2.3`), first of `tags`. */
  readonly primary: string;
  readonly tags: readonly string[];
}

export function planTargetTags(inputs: Inputs, context: GitHubContext): TargetPlan {
  const primary =
    inputs.to.kind === 'release'
      ? (inputs.version ?? releaseVersion(context, undefined)).version
      : `${inputs.to.prefix}-${shortSha(requireSha(context), inputs.shaLength)}`;
  return { primary, tags: [...new Set([primary, ...inputs.extraTags])] };
}

export interface ResolvedSource {
  readonly manifest: Manifest;
  /** The reference the image was found under (`repo:tag` or `repo@digest`). */
  readonly reference: ImageReference;
  /** The commit whose image it is, for `<prefix>-<sha>` sources. */
  readonly commit: string | undefined;
  /** Set when a merge commit's merged parent supplied the image. */
  readonly mergedParent: string | undefined;
}

export async function resolveSource(
  client: RegistryClient,
  inputs: Inputs,
  context: GitHubContext,
  log: (message: string) => void,
): Promise<ResolvedSource> {
  const { image, from } = inputs;
  const repository = image.repository;
  if (from.kind === 'digest') {
    const manifest = await getManifest(client, repository, from.digest);
    if (!manifest)
      throw new ConfigurationError(`no source image ${image.name}@${from.digest}`, { input: 'from' });
    return { manifest, reference: image.withDigest(from.digest), commit: undefined, mergedParent: undefined };
  }
  if (from.kind === 'tag') {
    const manifest = await getManifest(client, repository, from.tag);
    if (!manifest)
      throw new ConfigurationError(`no source image ${image.name}:${from.tag}`, { input: 'from' });
    return { manifest, reference: image.withTag(from.tag), commit: undefined, mergedParent: undefined };
  }

  const commit = requireSha(context);
  const tagOf = (sha: string) => `${from.prefix}-${shortSha(sha, inputs.shaLength)}`;
  const tag = tagOf(commit);
  const manifest = await getManifest(client, repository, tag);
  if (manifest) return { manifest, reference: image.withTag(tag), commit, mergedParent: undefined };

  // A merge commit (e.g. main merged into staging) was never built: its merged parent was.
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const { parents, problem } = await mergedParents(commit, workspace);
  const tried = [tag];
  for (const parent of parents) {
    const parentTag = tagOf(parent);
    tried.push(parentTag);
    const found = await getManifest(client, repository, parentTag);
    if (found) {
      log(
        `${image.name}:${tag} does not exist and ${commit} is a merge commit: promoting ${parentTag}, the image of its merged parent ${parent}`,
      );
      return { manifest: found, reference: image.withTag(parentTag), commit: parent, mergedParent: parent };
    }
  }
  const hint =
    parents.length > 0
      ? ` nor the images of its merged parents (${tried.slice(1).join(', ')})`
      : problem
        ? ` (the merged parent of a merge commit could not be looked up: ${problem}; check out with fetch-depth: 2 or more)`
        : '';
  throw new ConfigurationError(
    `no source image ${image.name}:${tag} (the '${from.prefix}' image of commit ${commit})${hint}: was it built and pushed?`,
    { input: 'from' },
  );
}
