import { type Applied, applyTarget } from './apply.ts';
import { KubeApiError, type KubeClient } from './kube.ts';
import type { Json, KubeObject } from './objects.ts';

export interface RollbackResult {
  readonly label: string;
  readonly action: 'restored' | 'deleted' | 'failed';
  readonly message?: string;
}

// Keys by which server-side apply merges lists of objects (containers, env, volumes, ports,
// mounts); other lists are atomic and restored whole.
const LIST_KEYS = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip'];

/**
 * What to apply to undo a deploy: the configuration the deploy applied, with every value taken
 * from the object as it was before. Applied with the same field manager, server-side apply sets
 * the fields back and removes those the deploy added, and the next deploy owns exactly what it
 * owned, so it meets no conflict with the rollback. For a Deployment this restores the previous
 * pod template, which the controller matches to the previous ReplicaSet, as `kubectl rollout
 * undo` does.
 */
export function restoreConfiguration(applied: KubeObject, before: KubeObject): KubeObject {
  const restored = project(applied as unknown as Json, before as unknown as Json) as unknown as KubeObject;
  const { name, namespace } = applied.metadata;
  return {
    ...restored,
    apiVersion: applied.apiVersion,
    kind: applied.kind,
    metadata: { ...restored.metadata, name, ...(namespace ? { namespace } : {}) },
  };
}

function isMap(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function project(shape: Json, value: Json): Json | undefined {
  if (isMap(shape) && isMap(value)) {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(shape)) {
      if (!(key in value)) continue;
      const projected = project(shape[key]!, value[key]!);
      if (projected !== undefined) out[key] = projected;
    }
    return out;
  }
  if (Array.isArray(shape) && Array.isArray(value)) {
    const key = LIST_KEYS.find((k) =>
      [...shape, ...value].every((item) => isMap(item) && item[k] !== undefined),
    );
    if (key === undefined) return value;
    return shape.flatMap((item) => {
      const match = value.find(
        (candidate) => isMap(candidate) && isMap(item) && candidate[key] === item[key],
      );
      return match === undefined ? [] : [project(item, match)!];
    });
  }
  return value;
}

/**
 * Returns everything the deploy changed to its state before: changed objects get their old
 * values back, created ones are deleted; in reverse apply order, so workloads go back before
 * the config they use.
 */
export async function rollBack(
  client: KubeClient,
  applied: readonly Applied[],
  fieldManager: string,
): Promise<RollbackResult[]> {
  const results: RollbackResult[] = [];
  for (const { target, before, change } of [...applied].reverse()) {
    if (change === 'unchanged') continue;
    try {
      if (before === undefined) {
        await client
          .request('DELETE', target.path, { query: { propagationPolicy: 'Background' } })
          .catch((error) => {
            if (!(error instanceof KubeApiError && error.status === 404)) throw error;
          });
        results.push({ label: target.label, action: 'deleted' });
      } else {
        const object = restoreConfiguration(target.object, before);
        await applyTarget(client, { ...target, object }, { fieldManager, force: true, dryRun: false });
        results.push({ label: target.label, action: 'restored' });
      }
    } catch (error) {
      results.push({ label: target.label, action: 'failed', message: (error as Error).message });
    }
  }
  return results.reverse();
}
