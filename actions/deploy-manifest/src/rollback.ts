import type { Applied } from './apply.ts';
import { KubeApiError, type KubeClient } from './kube.ts';
import type { KubeObject } from './objects.ts';

export interface RollbackResult {
  readonly label: string;
  readonly action: 'restored' | 'deleted' | 'failed';
  readonly message?: string;
}

// Annotations the controllers own: the restored object keeps the live values.
const CONTROLLER_ANNOTATIONS = ['deployment.kubernetes.io/revision'];

/**
 * The object as it was before the deploy, to replace the live one with: the old spec and
 * metadata, at the live resourceVersion (so a concurrent change is not overwritten blindly).
 * For a Deployment this is its previous revision's pod template, which the controller
 * matches to the previous ReplicaSet, as `kubectl rollout undo` does.
 */
export function restoredObject(before: KubeObject, live: KubeObject): KubeObject {
  const { status: _status, ...rest } = before;
  const annotations = { ...before.metadata.annotations };
  for (const key of CONTROLLER_ANNOTATIONS) {
    const value = live.metadata.annotations?.[key];
    if (value !== undefined) annotations[key] = value;
    else delete annotations[key];
  }
  const { managedFields: _managed, ...metadata } = before.metadata;
  return {
    ...rest,
    metadata: {
      ...metadata,
      annotations,
      ...(live.metadata.resourceVersion !== undefined
        ? { resourceVersion: live.metadata.resourceVersion }
        : {}),
    },
  };
}

/**
 * Returns everything the deploy changed to its state before: changed objects are
 * replaced by their old version, created ones deleted; in reverse apply order, so
 * workloads go back before the config they use.
 */
export async function rollBack(client: KubeClient, applied: readonly Applied[]): Promise<RollbackResult[]> {
  const results: RollbackResult[] = [];
  for (const entry of [...applied].reverse()) {
    const { target, before, change } = entry;
    if (change === 'unchanged') continue;
    try {
      if (before === undefined) {
        await client
          .request('DELETE', target.path, {
            body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
          })
          .catch((error) => {
            if (!(error instanceof KubeApiError && error.status === 404)) throw error;
          });
        results.push({ label: target.label, action: 'deleted' });
      } else {
        await replaceWithRetry(client, target.path, before);
        results.push({ label: target.label, action: 'restored' });
      }
    } catch (error) {
      results.push({ label: target.label, action: 'failed', message: (error as Error).message });
    }
  }
  return results.reverse();
}

/** PUT of the old object; a controller's status write in between moves the resourceVersion: retry. */
async function replaceWithRetry(client: KubeClient, path: string, before: KubeObject): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const live = await client.request<KubeObject>('GET', path);
    try {
      await client.request('PUT', path, { body: restoredObject(before, live) });
      return;
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 409) || attempt >= 5) throw error;
    }
  }
}
