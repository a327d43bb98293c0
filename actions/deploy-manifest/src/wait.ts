import type { Target } from './apply.ts';
import { collectionPath } from './discovery.ts';
import type { KubeClient } from './kube.ts';
import type { KubeObject } from './objects.ts';
import { watchPods } from './podwatch.ts';
import { type RolloutStatus, rolloutStatus } from './rollout.ts';
import { stuckMessage, watchesPods } from './stuck.ts';

export type WaitState = 'done' | 'failed' | 'timeout' | 'cancelled' | 'stopped';

export interface WaitResult {
  readonly target: Target;
  readonly state: WaitState;
  readonly message: string;
  /** The last version of the object seen. */
  readonly object: KubeObject;
  /** Milliseconds from the start of the wait until the outcome was seen. */
  readonly ms: number;
}

export interface WaitOptions {
  readonly timeoutMs: number;
  /** Aborts the wait (job cancellation); its reason names the signal. */
  readonly cancel: AbortSignal;
  /** Called when a workload's rollout message changes, for the log. */
  readonly onProgress?: (target: Target, status: RolloutStatus) => void;
  /**
   * Also watch each workload's pods, and fail its rollout at once when a pod of the new
   * revision is stuck (ImagePullBackOff, CrashLoopBackOff, …): see stuck.ts.
   */
  readonly failFast?: boolean;
  /** Called when the pod watch cannot run; kubectl's rules still decide then. */
  readonly onPodWatchError?: (target: Target, error: Error) => void;
}

/**
 * Waits for every workload's rollout by watching it (no polling). The first failure stops
 * the wait for the rest; so do the timeout and cancellation. Each result says where its
 * workload stood when the wait ended.
 */
export async function waitForRollouts(
  client: KubeClient,
  targets: readonly Target[],
  options: WaitOptions,
): Promise<WaitResult[]> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const failFast = new AbortController();
  const stop = AbortSignal.any([options.cancel, timeout, failFast.signal]);
  return await Promise.all(
    targets.map(async (target) => {
      const result = await waitForOne(client, target, stop, options);
      const ms = performance.now() - started;
      if (result.status.state === 'failed') {
        failFast.abort();
        return {
          target,
          state: 'failed' as const,
          message: result.status.message,
          object: result.object,
          ms,
        };
      }
      if (result.status.state === 'done') {
        return { target, state: 'done' as const, message: result.status.message, object: result.object, ms };
      }
      const state: WaitState = options.cancel.aborted ? 'cancelled' : timeout.aborted ? 'timeout' : 'stopped';
      const why =
        state === 'cancelled'
          ? `wait cancelled (${String(options.cancel.reason ?? 'signal')})`
          : state === 'timeout'
            ? `timed out after ${Math.round(options.timeoutMs / 1000)}s`
            : 'wait stopped after another workload failed';
      return {
        target,
        state,
        message: `${why}; last seen: ${result.status.message}`,
        object: result.object,
        ms,
      };
    }),
  );
}

/** The workload's rollout watch, and with fail-fast its pod watch: the first verdict wins. */
async function waitForOne(
  client: KubeClient,
  target: Target,
  stop: AbortSignal,
  options: WaitOptions,
): Promise<{ status: RolloutStatus; object: KubeObject }> {
  if (!options.failFast || !watchesPods(target.object)) {
    return await watchRollout(client, target, stop, options.onProgress);
  }
  const settled = new AbortController();
  const signal = AbortSignal.any([stop, settled.signal]);
  const pods = watchPods(client, target, signal, (error) => options.onPodWatchError?.(target, error));
  const rollout = watchRollout(client, target, signal, options.onProgress, (object) => pods.recheck(object));
  let stuck: Awaited<typeof pods.stuck>;
  try {
    stuck = await Promise.race([pods.stuck, rollout.then(() => undefined)]);
  } finally {
    settled.abort();
  }
  const result = await rollout;
  if (result.status.state !== 'progressing' || stuck === undefined) return result;
  return {
    status: { state: 'failed', message: stuckMessage(target.label, stuck) },
    object: result.object,
  };
}

async function watchRollout(
  client: KubeClient,
  target: Target,
  stop: AbortSignal,
  onProgress: WaitOptions['onProgress'],
  onSeen?: (object: KubeObject) => void,
): Promise<{ status: RolloutStatus; object: KubeObject }> {
  let object: KubeObject = target.object;
  let status: RolloutStatus = {
    state: 'progressing',
    message: `${target.label}: waiting for the first status`,
  };
  const see = (seen: KubeObject) => {
    object = seen;
    const next = rolloutStatus(seen);
    if (next.message !== status.message) onProgress?.(target, next);
    status = next;
    onSeen?.(seen);
  };
  const collection = collectionPath(target.object.apiVersion, target.info, target.object.metadata.namespace);
  while (!stop.aborted) {
    try {
      see(await client.request('GET', target.path, { signal: stop }));
    } catch (error) {
      if (stop.aborted) break;
      throw error;
    }
    if (status.state !== 'progressing') break;
    const settled = new AbortController();
    const signal = AbortSignal.any([stop, settled.signal]);
    let restart = false;
    await client.watch(
      collection,
      {
        fieldSelector: `metadata.name=${target.object.metadata.name}`,
        resourceVersion: object.metadata.resourceVersion,
        timeoutSeconds: 300,
      },
      (event) => {
        if (event.type === 'ERROR') {
          // Usually 410 Gone: the resourceVersion is too old; read again and watch anew.
          restart = true;
          settled.abort();
        } else if (event.type === 'DELETED') {
          status = { state: 'failed', message: `${target.label} was deleted while waiting for its rollout` };
          settled.abort();
        } else if (event.type !== 'BOOKMARK') {
          see(event.object);
          if (status.state !== 'progressing') settled.abort();
        }
      },
      signal,
    );
    if (status.state !== 'progressing' && !restart) break;
  }
  return { status, object };
}
