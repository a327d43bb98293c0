// The action's inputs, parsed once into typed values; every mistake names its input.
import {
  booleanInput,
  listInput,
  optionalInput,
  parsedInput,
  requiredInput,
  secretInput,
} from '@digestflow/action-kit';
import {
  ConfigurationError,
  DEFAULT_SHA_LENGTH,
  type Digest,
  ImageReference,
  inInput,
  isDigest,
  parseAuthorityHost,
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

export interface Login {
  readonly username: string | undefined;
  readonly password: string | undefined;
}

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
  readonly login: Login;
  readonly targetLogin: Login;
  readonly githubToken: string | undefined;
  readonly azureClientId: string | undefined;
  readonly azureTenantId: string | undefined;
  readonly azureAuthorityHost: string | undefined;
  readonly acr: boolean;
}

/** A prefix is one word (`dev`, `staging`, `qa2`); anything else is an explicit tag. */
const PREFIX = /^[A-Za-z0-9_]+$/;

export function parseSource(value: string): SourceSpec {
  const text = value.startsWith('@') ? value.slice(1) : value;
  if (text.includes(':')) {
    if (!isDigest(text)) {
      throw new ConfigurationError(`'${value}' is neither a prefix, a tag nor a digest (sha256:<64 hex>)`);
    }
    return { kind: 'digest', digest: text };
  }
  if (PREFIX.test(text)) return { kind: 'prefix', prefix: text };
  return { kind: 'tag', tag: parseTag(text) };
}

export function parseTarget(value: string): TargetSpec {
  if (value === 'release') return { kind: 'release' };
  if (!PREFIX.test(value)) {
    throw new ConfigurationError(
      `expected a tag prefix of letters, digits and '_' (e.g. staging) or 'release', got '${value}'`,
    );
  }
  return { kind: 'prefix', prefix: value };
}

function login(userInput: string, passwordInput: string): Login {
  const password = secretInput(passwordInput);
  const username = optionalInput(userInput);
  if ((username === undefined) !== (password === undefined)) {
    throw new ConfigurationError(`${userInput} and ${passwordInput} go together: give both or neither`, {
      input: username === undefined ? userInput : passwordInput,
    });
  }
  return { username, password };
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
    login: login('registry-username', 'registry-password'),
    targetLogin: login('target-registry-username', 'target-registry-password'),
    githubToken: secretInput('github-token'),
    azureClientId: optionalInput('azure-client-id'),
    azureTenantId: optionalInput('azure-tenant-id'),
    azureAuthorityHost: parsedInput('azure-authority-host', parseAuthorityHost),
    acr: booleanInput('acr', false),
  };
}
