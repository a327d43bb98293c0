// ACR's locks are the changeable attributes of a tag, a manifest or a repository
// (writeEnabled, deleteEnabled). ACR keeps a tag's and its manifest's separately, which is why
// `scope: both` sets them on both. Everything is read before anything is written, and a
// failure part way puts back what was already changed.
import type { ContainerRegistryClient } from '@azure/container-registry';
import { ConfigurationError } from '@digestflow/core';
import type { LockScope, LockTarget } from './inputs.ts';

export interface Attributes {
  readonly writeEnabled: boolean;
  readonly deleteEnabled: boolean;
  readonly readEnabled: boolean;
  readonly listEnabled: boolean;
}

export type Resource =
  | { readonly kind: 'tag'; readonly tag: string; readonly digest: string }
  | { readonly kind: 'manifest'; readonly digest: string; readonly tags: readonly string[] }
  | { readonly kind: 'repository' };

export type ResourceState = Resource & { readonly repository: string; readonly attributes: Attributes };

export interface Desired {
  readonly writeEnabled: boolean;
  readonly deleteEnabled: boolean;
}

interface SdkProperties {
  canWrite?: boolean;
  canDelete?: boolean;
  canRead?: boolean;
  canList?: boolean;
}

function attributes(properties: SdkProperties): Attributes {
  return {
    writeEnabled: properties.canWrite ?? true,
    deleteEnabled: properties.canDelete ?? true,
    readEnabled: properties.canRead ?? true,
    listEnabled: properties.canList ?? true,
  };
}

export function describe(resource: ResourceState): string {
  if (resource.kind === 'tag') return `tag ${resource.repository}:${resource.tag}`;
  if (resource.kind === 'manifest') return `manifest ${resource.repository}@${resource.digest}`;
  return `repository ${resource.repository}`;
}

/** Turns the registry's refusals into what the user can act on; other errors pass unchanged. */
export function explainRegistryError(error: unknown, what: string): unknown {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 404)
    return new ConfigurationError(`${what} was not found in the registry`, { cause: error });
  if (status === 401 || status === 403) {
    return new ConfigurationError(
      `the registry refused to let this identity change ${what} (${status}): locks need a role with Microsoft.ContainerRegistry/registries/*/write on metadata (metadata_write), e.g. a custom role, or Container Registry Repository Writer where ABAC repository permissions are enabled`,
      { cause: error },
    );
  }
  return error;
}

async function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw explainRegistryError(error, what);
  }
}

async function readTag(
  client: ContainerRegistryClient,
  repository: string,
  tag: string,
): Promise<ResourceState> {
  const properties = await guarded(`tag ${repository}:${tag}`, () =>
    client.getArtifact(repository, tag).getTagProperties(tag),
  );
  return { kind: 'tag', repository, tag, digest: properties.digest, attributes: attributes(properties) };
}

async function readManifest(
  client: ContainerRegistryClient,
  repository: string,
  digest: string,
): Promise<ResourceState & { kind: 'manifest' }> {
  const properties = await guarded(`manifest ${repository}@${digest}`, () =>
    client.getArtifact(repository, digest).getManifestProperties(),
  );
  return {
    kind: 'manifest',
    repository,
    digest,
    tags: properties.tags ?? [],
    attributes: attributes(properties),
  };
}

async function readRepository(client: ContainerRegistryClient, repository: string): Promise<ResourceState> {
  const properties = await guarded(`repository ${repository}`, () =>
    client.getRepository(repository).getProperties(),
  );
  return { kind: 'repository', repository, attributes: attributes(properties) };
}

/** Reads the current attributes of everything the targets and scope name. Writes nothing. */
export async function readResources(
  client: ContainerRegistryClient,
  repository: string,
  targets: readonly LockTarget[],
  scope: LockScope,
): Promise<ResourceState[]> {
  if (scope === 'repository') return [await readRepository(client, repository)];
  const found = new Map<string, ResourceState>();
  const add = (state: ResourceState) => found.set(describe(state), state);
  for (const target of targets) {
    if (target.kind === 'tag') {
      const tag = await readTag(client, repository, target.tag);
      if (scope !== 'manifest') add(tag);
      if (scope !== 'tag' && tag.kind === 'tag') add(await readManifest(client, repository, tag.digest));
    } else {
      const manifest = await readManifest(client, repository, target.digest);
      if (scope !== 'tag') add(manifest);
      if (scope !== 'manifest') for (const tag of manifest.tags) add(await readTag(client, repository, tag));
    }
  }
  return [...found.values()];
}

function readBack(client: ContainerRegistryClient, resource: ResourceState): Promise<ResourceState> {
  if (resource.kind === 'tag') return readTag(client, resource.repository, resource.tag);
  if (resource.kind === 'manifest') return readManifest(client, resource.repository, resource.digest);
  return readRepository(client, resource.repository);
}

async function write(
  client: ContainerRegistryClient,
  resource: ResourceState,
  desired: Desired,
): Promise<void> {
  const change = { canWrite: desired.writeEnabled, canDelete: desired.deleteEnabled };
  await guarded(describe(resource), async () => {
    if (resource.kind === 'tag') {
      await client.getArtifact(resource.repository, resource.tag).updateTagProperties(resource.tag, change);
    } else if (resource.kind === 'manifest') {
      await client.getArtifact(resource.repository, resource.digest).updateManifestProperties(change);
    } else {
      await client.getRepository(resource.repository).updateProperties(change);
    }
  });
}

/**
 * Sets the attributes on every resource, then reads each back and fails unless the registry
 * reports what was asked. If a write fails, the resources already changed are put back.
 */
export async function applyLocks(
  client: ContainerRegistryClient,
  resources: readonly ResourceState[],
  desired: Desired,
): Promise<ResourceState[]> {
  const done: ResourceState[] = [];
  try {
    for (const resource of resources) {
      await write(client, resource, desired);
      done.push(resource);
    }
  } catch (error) {
    for (const resource of done.reverse()) {
      await write(client, resource, resource.attributes).catch(() => undefined);
    }
    throw error;
  }
  const after = await Promise.all(resources.map((resource) => readBack(client, resource)));
  const wrong = after.filter(
    (state) =>
      state.attributes.writeEnabled !== desired.writeEnabled ||
      state.attributes.deleteEnabled !== desired.deleteEnabled,
  );
  if (wrong.length > 0) {
    throw new Error(
      `the registry reports other attributes than were set on ${wrong.map(describe).join(', ')}: ${wrong
        .map((s) => `writeEnabled=${s.attributes.writeEnabled} deleteEnabled=${s.attributes.deleteEnabled}`)
        .join('; ')}`,
    );
  }
  return after;
}
