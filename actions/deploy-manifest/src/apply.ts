import { ConfigurationError } from '@digestflow/core';
import { type Discovery, objectPath, type ResourceInfo } from './discovery.ts';
import { KubeApiError, type KubeClient } from './kube.ts';
import {
  describeObject,
  describeSource,
  type KubeObject,
  type Source,
  type SourcedObject,
} from './objects.ts';

/** An object ready to apply: namespace filled, its resource known. */
export interface Target {
  readonly object: KubeObject;
  readonly source: Source;
  readonly info: ResourceInfo;
  readonly path: string;
  /** `Deployment shop/web` */
  readonly label: string;
  /** The name of the CustomResourceDefinition of this deploy that defines the kind, when the cluster does not serve it yet. */
  readonly definedBy?: string;
}

export type Change = 'created' | 'configured' | 'unchanged';

export interface Applied {
  readonly target: Target;
  /** The object before the deploy; `undefined` when the deploy creates it. */
  readonly before: KubeObject | undefined;
  readonly after: KubeObject;
  readonly change: Change;
}

export interface ApplyOptions {
  readonly fieldManager: string;
  readonly force: boolean;
  readonly dryRun: boolean;
}

/**
 * Resolves every object's resource by discovery and fills the namespace of namespaced
 * objects that name none. A kind the cluster does not serve, or an object given twice,
 * is refused here, before anything is applied.
 */
export async function resolveTargets(
  discovery: Discovery,
  objects: readonly SourcedObject[],
  namespace: string,
): Promise<Target[]> {
  const defined = definedKinds(objects.map((entry) => entry.object));
  const targets = await Promise.all(
    objects.map(async ({ object, source }): Promise<Target> => {
      const served = await discovery.resolve(object.apiVersion, object.kind);
      const definition = served ? undefined : defined.get(`${object.apiVersion}|${object.kind}`);
      const info = served ?? definition?.info;
      if (info === undefined) {
        throw new ConfigurationError(
          `${describeSource(source)}: the cluster does not serve kind '${object.kind}' in apiVersion '${object.apiVersion}'`,
        );
      }
      const metadata = { ...object.metadata };
      if (info.namespaced) metadata.namespace ??= namespace;
      else delete metadata.namespace;
      const filled: KubeObject = { ...object, metadata };
      return {
        object: filled,
        source,
        info,
        path: objectPath(filled, info),
        label: describeObject(filled),
        ...(definition ? { definedBy: definition.crd } : {}),
      };
    }),
  );
  const seen = new Map<string, Target>();
  for (const target of targets) {
    const key = `${target.object.apiVersion.split('/').slice(0, -1).join('/')}|${target.path}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ConfigurationError(
        `${target.label} is given twice: ${describeSource(first.source)} and ${describeSource(target.source)}`,
      );
    }
    seen.set(key, target);
  }
  return targets;
}

/** The kinds the CustomResourceDefinitions among `objects` define, by `apiVersion|kind`. */
function definedKinds(objects: readonly KubeObject[]): Map<string, { info: ResourceInfo; crd: string }> {
  const kinds = new Map<string, { info: ResourceInfo; crd: string }>();
  for (const crd of objects) {
    if (crd.kind !== 'CustomResourceDefinition' || !crd.apiVersion.startsWith('apiextensions.k8s.io/'))
      continue;
    const { group, names, scope, versions } = crd.spec ?? {};
    if (typeof group !== 'string' || typeof names?.kind !== 'string' || typeof names?.plural !== 'string')
      continue;
    for (const version of versions ?? []) {
      if (version?.served === false) continue;
      kinds.set(`${group}/${version?.name}|${names.kind}`, {
        info: { plural: names.plural, namespaced: scope !== 'Cluster' },
        crd: crd.metadata.name,
      });
    }
  }
  return kinds;
}

/** The live object, or `undefined` when it does not exist. */
export async function readLive(client: KubeClient, target: Target): Promise<KubeObject | undefined> {
  try {
    return await client.request('GET', target.path);
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** Server-side apply of one object (a dry run when asked), with a clear message on refusal. */
export async function applyTarget(
  client: KubeClient,
  target: Target,
  options: ApplyOptions,
): Promise<KubeObject> {
  try {
    return await client.request('PATCH', target.path, {
      body: target.object,
      contentType: 'application/apply-patch+yaml',
      query: {
        fieldManager: options.fieldManager,
        force: options.force ? true : undefined,
        dryRun: options.dryRun ? 'All' : undefined,
      },
    });
  } catch (error) {
    if (!(error instanceof KubeApiError) || error.status >= 500) throw error;
    const where = `${target.label} (${describeSource(target.source)})`;
    if (error.status === 409) {
      throw new ConfigurationError(
        `${where}: field conflict: ${error.message}. Another field manager owns these fields: change them there, or set force-conflicts: true to take them over`,
        { cause: error },
      );
    }
    throw new ConfigurationError(`${where}: the API server refused it: ${error.message}`, { cause: error });
  }
}

export function changeOf(before: KubeObject | undefined, after: KubeObject): Change {
  if (before === undefined) return 'created';
  return before.metadata.resourceVersion === after.metadata.resourceVersion ? 'unchanged' : 'configured';
}

/**
 * Runs `work` over `items` with at most `limit` in flight, keeping the order of results. After
 * the first failure no new item starts; the work in flight settles before that failure is
 * thrown, so whatever the workers record (what was applied) is complete when the caller sees it.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
