// The inputs of build-image, read and checked before anything runs.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  booleanInput,
  choiceInput,
  linesInput,
  listInput,
  optionalInput,
  parsedInput,
  type RegistryLogin,
  registryLoginInputs,
  requiredInput,
} from '@digestflow/action-kit';
import {
  ConfigurationError,
  DEFAULT_ENVIRONMENTS,
  DEFAULT_SHA_LENGTH,
  type Environments,
  ImageReference,
  inInput,
  isAcrRegistry,
  parseEnvironments,
  parseExplicitTag,
  parseLabels,
  parseShaLength,
} from '@digestflow/core';

export const BUILDERS = ['docker', 'buildah', 'acr'] as const;
export type BuilderName = (typeof BUILDERS)[number];

export interface BuildInputs {
  readonly image: ImageReference;
  /** Build context folder, as given (relative to the workspace). */
  readonly context: string;
  /** Dockerfile/Containerfile path, as passed to the builder. */
  readonly file: string;
  /** `NAME=value` items. */
  readonly buildArgs: readonly string[];
  readonly target: string | undefined;
  /** `os/arch[/variant]` items; empty for the builder's default. */
  readonly platforms: readonly string[];
  readonly labels: ReadonlyMap<string, string>;
  readonly builder: BuilderName;
  readonly environments: Environments;
  /** Explicit tags, bare (already checked against `image`). */
  readonly extraTags: readonly string[];
  readonly shaLength: number;
  readonly push: boolean;
  readonly dryRun: boolean;
  /** Name of the registry for `az acr build --registry`. */
  readonly acrName: string | undefined;
  /** How to sign in to the registry (DESIGN.md's credential order). */
  readonly credentials: RegistryLogin;
}

const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*=/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const ACR_NAME = /^[a-zA-Z0-9]{5,50}$/;

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

function buildFile(context: string): string {
  const given = optionalInput('file');
  if (given !== undefined) {
    if (!isFile(resolve(given))) {
      throw new ConfigurationError(`'${given}' is not a file (paths are relative to the workspace)`, {
        input: 'file',
      });
    }
    return given;
  }
  const found = ['Dockerfile', 'Containerfile']
    .map((name) => join(context, name))
    .find((path) => isFile(path));
  if (found === undefined) {
    throw new ConfigurationError(
      `no Dockerfile or Containerfile in the context '${context}': give its path`,
      { input: 'file' },
    );
  }
  return found;
}

function acrName(image: ImageReference, builder: BuilderName): string | undefined {
  if (builder !== 'acr') return undefined;
  const given = optionalInput('acr-name');
  // Only an *.azurecr.io host names the registry; a custom domain (acr: true) does not.
  const name = given ?? (isAcrRegistry(image.registry) ? image.registry.split('.')[0] : undefined);
  if (name === undefined) {
    throw new ConfigurationError(
      `the acr builder needs the registry's name: '${image.registry}' is not *.azurecr.io, so give it`,
      { input: 'acr-name' },
    );
  }
  if (!ACR_NAME.test(name)) {
    throw new ConfigurationError(`'${name}' is not a registry name (5 to 50 letters and digits)`, {
      input: 'acr-name',
    });
  }
  return name;
}

/** Reads every input, failing with the input's name on the first bad one. */
export function getInputs(): BuildInputs {
  // Secrets first, so they are masked before anything else can print.
  const credentials = registryLoginInputs();
  const image = parsedInput(
    'image',
    ImageReference.parseRepository,
    requiredInput('image', 'the repository to push to, without a tag, e.g. ghcr.io/owner/app'),
  )!;
  const builder = choiceInput('builder', BUILDERS, 'docker');

  const context = optionalInput('context') ?? '.';
  if (!isDirectory(resolve(context))) {
    throw new ConfigurationError(`'${context}' is not a folder (paths are relative to the workspace)`, {
      input: 'context',
    });
  }
  const file = buildFile(context);

  const buildArgs = linesInput('build-args');
  for (const arg of buildArgs) {
    if (!BUILD_ARG.test(arg)) {
      throw new ConfigurationError(`expected NAME=value lines, got '${arg}'`, { input: 'build-args' });
    }
  }
  const target = optionalInput('target');
  if (target !== undefined && !STAGE.test(target)) {
    throw new ConfigurationError(`'${target}' is not a build stage name`, { input: 'target' });
  }
  const platforms = [...new Set(listInput('platforms'))];
  for (const platform of platforms) {
    if (!PLATFORM.test(platform)) {
      throw new ConfigurationError(`expected os/arch[/variant] like linux/arm64, got '${platform}'`, {
        input: 'platforms',
      });
    }
  }
  if (builder === 'acr' && platforms.length > 1) {
    throw new ConfigurationError('the acr builder (az acr build) builds one platform per run', {
      input: 'platforms',
    });
  }

  const environmentLines = linesInput('environments');
  return {
    image,
    context,
    file,
    buildArgs,
    target,
    platforms,
    labels: inInput('labels', () => parseLabels(linesInput('labels'))),
    builder,
    environments:
      environmentLines.length === 0
        ? DEFAULT_ENVIRONMENTS
        : inInput('environments', () => parseEnvironments(environmentLines)),
    extraTags: listInput('tags').map((value) => inInput('tags', () => parseExplicitTag(value, image))),
    shaLength: parsedInput('sha-length', parseShaLength) ?? DEFAULT_SHA_LENGTH,
    push: booleanInput('push', true),
    dryRun: booleanInput('dry-run', false),
    acrName: acrName(image, builder),
    credentials,
  };
}
