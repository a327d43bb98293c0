import { type Applied, applyTarget } from './apply.ts';
import { KubeApiError, type KubeClient } from './kube.ts';
import type { Json, KubeObject } from './objects.ts';
import { isMap, project, shapeOfFields, unionShapes } from './shape.ts';

export interface RollbackResult {
  readonly label: string;
  readonly action: 'restored' | 'deleted' | 'failed';
  readonly message?: string;
}

/**
 * What to apply to undo a deploy: the configuration the deploy applied, and the fields this
 * field manager applied before it, each with its value from before the deploy. Applied with the
 * same field manager, server-side apply sets the fields back, removes those the deploy added and
 * brings back those it dropped; the next deploy owns exactly what it owned, so it meets no
 * conflict with the rollback. For a Deployment this restores the previous pod template, which
 * the controller matches to the previous ReplicaSet, as `kubectl rollout undo` does.
 */
export function restoreConfiguration(
  applied: KubeObject,
  before: KubeObject,
  fieldManager: string,
): KubeObject {
  const owned = (before.metadata.managedFields as ManagedFields | undefined)?.find(
    (entry) => entry.manager === fieldManager && entry.operation === 'Apply' && !entry.subresource,
  );
  let shape = applied as unknown as Json;
  if (owned?.fieldsV1 && isMap(owned.fieldsV1)) shape = unionShapes(shape, shapeOfFields(owned.fieldsV1));
  const restored = project(shape, before as unknown as Json) as unknown as KubeObject;
  const { name, namespace } = applied.metadata;
  return {
    ...restored,
    apiVersion: applied.apiVersion,
    kind: applied.kind,
    metadata: { ...restored.metadata, name, ...(namespace ? { namespace } : {}) },
  };
}

type ManagedFields = Array<{ manager?: string; operation?: string; subresource?: string; fieldsV1?: Json }>;

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
        const object = restoreConfiguration(target.object, before, fieldManager);
        await applyTarget(client, { ...target, object }, { fieldManager, force: true, dryRun: false });
        results.push({ label: target.label, action: 'restored' });
      }
    } catch (error) {
      results.push({ label: target.label, action: 'failed', message: (error as Error).message });
    }
  }
  return results.reverse();
}
