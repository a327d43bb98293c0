// What a build will make, computed before anything runs (and all a dry run does).
import {
  type GitHubContext,
  type ImageMetadata,
  type ImageReference,
  imageMetadata,
  planTags,
} from '@digestflow/core';
import type { BuildInputs } from './inputs.ts';

export interface BuildPlan extends ImageMetadata {
  /** The primary tag, e.g. `dev-1a2b3c4`. */
  readonly version: string;
  /** Every tag as a full reference, the version first. */
  readonly references: readonly ImageReference[];
  /** The commit built (the PR head for pull requests). */
  readonly sha: string;
}

export function planBuild(inputs: BuildInputs, context: GitHubContext, now: Date): BuildPlan {
  const tags = planTags({
    image: inputs.image,
    context,
    environments: inputs.environments,
    extraTags: inputs.extraTags,
    shaLength: inputs.shaLength,
  });
  const metadata = imageMetadata({
    image: inputs.image,
    context,
    sha: tags.sha,
    version: tags.version,
    now,
    labels: inputs.labels,
  });
  return { version: tags.version, references: tags.references, sha: tags.sha, ...metadata };
}
