// The inputs of lock-image, read and checked before anything talks to the registry.
import * as core from '@actions/core';
import {
  booleanInput,
  choiceInput,
  listInput,
  parsedInput,
  type RegistryLogin,
  registryLoginInputs,
  requiredInput,
} from '@digestflow/action-kit';
import {
  ConfigurationError,
  type Digest,
  type GitHubContext,
  ImageReference,
  inInput,
  isDigest,
  parseReleaseVersion,
  parseTag,
  readGitHubContext,
} from '@digestflow/core';

export const SCOPES = ['both', 'tag', 'manifest', 'repository'] as const;
export type LockScope = (typeof SCOPES)[number];

/** What to lock: a tag, or a manifest named by its digest. */
export type LockTarget =
  | { readonly kind: 'tag'; readonly tag: string }
  | { readonly kind: 'digest'; readonly digest: Digest };

export interface LockInputs {
  readonly image: ImageReference;
  /** Empty for `scope: repository`. */
  readonly targets: readonly LockTarget[];
  readonly writeEnabled: boolean;
  readonly deleteEnabled: boolean;
  readonly scope: LockScope;
  readonly dryRun: boolean;
  readonly login: RegistryLogin;
}

function parseTarget(text: string): LockTarget {
  return isDigest(text) ? { kind: 'digest', digest: text } : { kind: 'tag', tag: parseTag(text) };
}

/** Without `tags`, the release version of the pushed `v*` tag, as promote-image tagged it. */
function defaultTargets(context: GitHubContext): LockTarget[] {
  if (context.refKind !== 'tag' || context.tag === undefined || !/^[vV]\d/.test(context.tag)) {
    throw new ConfigurationError(
      `give the tags or digests to lock, or run on a pushed v* tag (this run is on ${context.ref ?? `a '${context.eventName}' event`})`,
      { input: 'tags' },
    );
  }
  const tag = context.tag;
  return [{ kind: 'tag', tag: inInput('tags', () => parseReleaseVersion(tag).version) }];
}

export function getInputs(): LockInputs {
  const image = parsedInput(
    'image',
    ImageReference.parseRepository,
    requiredInput('image', 'the repository whose tags to lock, e.g. myregistry.azurecr.io/team/app'),
  )!;
  const scope = choiceInput('scope', SCOPES, 'both');
  const given = listInput('tags');
  const targets =
    scope === 'repository'
      ? []
      : given.length > 0
        ? given.map((item) => inInput('tags', () => parseTarget(item)))
        : defaultTargets(readGitHubContext());
  if (scope === 'repository' && given.length > 0) {
    core.warning('scope is repository: the tags input is ignored, the whole repository is changed');
  }
  const login = registryLoginInputs({ githubToken: false });
  return {
    image,
    targets,
    writeEnabled: booleanInput('write-enabled', false),
    deleteEnabled: booleanInput('delete-enabled', false),
    scope,
    dryRun: booleanInput('dry-run', false),
    login,
  };
}
