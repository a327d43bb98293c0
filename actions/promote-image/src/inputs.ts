// The action's inputs, parsed once into typed values; every mistake names its input.
import {
  booleanInput,
  listInput,
  parsedInput,
  type RegistryLogin,
  registryLoginInputs,
  requiredInput,
  type UserPassword,
  userPasswordInputs,
} from '@digestflow/action-kit';
import {
  ConfigurationError,
  DEFAULT_SHA_LENGTH,
  type Digest,
  ImageReference,
  inInput,
  isDigest,
  isTagPrefix,
  parseReleaseVersion,
  parseShaLength,
  parseTag,
  type ReleaseVersion,
} from '@digestflow/core';

/** Where the source image comes from: `<prefix>-<sha>` of this commit, a tag, or a digest. */
export type SourceSpec =
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'tag'; readonly tag: string }
  | { readonly kind: 'digest'; readonly digest: Digest };

/** Where the target tags come from: `<prefix>-<sha>`, or the release version. */
export type TargetSpec = { readonly kind: 'prefix'; readonly prefix: string } | { readonly kind: 'release' };

export interface Inputs {
  readonly image: ImageReference;
  readonly from: SourceSpec;
  readonly to: TargetSpec;
  readonly targetImage: ImageReference;
  readonly version: ReleaseVersion | undefined;
  readonly extraTags: readonly string[];
  readonly allowOverwrite: boolean;
  readonly shaLength: number;
  readonly dryRun: boolean;
  readonly plainHttp: boolean;
  readonly login: RegistryLogin;
  /** The target registry's own user name and password, when it is another registry. */
  readonly targetLogin: UserPassword;
}

export function parseSource(value: string): SourceSpec {
  const text = value.startsWith('@') ? value.slice(1) : value;
  if (text.includes(':')) {
    if (!isDigest(text)) {
      throw new ConfigurationError(`'${value}' is neither a prefix, a tag nor a digest (sha256:<64 hex>)`);
    }
    return { kind: 'digest', digest: text };
  }
  // A prefix is one word (`dev`); anything else is an explicit tag.
  if (isTagPrefix(text)) return { kind: 'prefix', prefix: text };
  return { kind: 'tag', tag: parseTag(text) };
}

export function parseTarget(value: string): TargetSpec {
  if (value === 'release') return { kind: 'release' };
  if (!isTagPrefix(value)) {
    throw new ConfigurationError(
      `expected a tag prefix of letters, digits and '_' (e.g. staging) or 'release', got '${value}'`,
    );
  }
  return { kind: 'prefix', prefix: value };
}

export function getInputs(): Inputs {
  const image = inInput('image', () =>
    ImageReference.parseRepository(requiredInput('image', 'the source repository, e.g. ghcr.io/owner/app')),
  );
  const targetImage = parsedInput('target-image', ImageReference.parseRepository) ?? image;
  const extraTags = listInput('extra-tags').map((tag) => inInput('extra-tags', () => parseTag(tag)));
  return {
    image,
    from: parsedInput('from', parseSource) ?? { kind: 'prefix', prefix: 'dev' },
    to: parsedInput('to', parseTarget) ?? { kind: 'prefix', prefix: 'staging' },
    targetImage,
    version: parsedInput('version', parseReleaseVersion),
    extraTags,
    allowOverwrite: booleanInput('allow-overwrite', false),
    shaLength: parsedInput('sha-length', parseShaLength) ?? DEFAULT_SHA_LENGTH,
    dryRun: booleanInput('dry-run', false),
    plainHttp: booleanInput('plain-http', false),
    login: registryLoginInputs(),
    targetLogin: userPasswordInputs('target-registry-username', 'target-registry-password'),
  };
}
