// One watch on a workload's pods while its rollout is waited for, to fail fast when a pod of
// the new revision is stuck (see stuck.ts). No polling: pods come from a list, then a watch;
// a Deployment's ReplicaSets are read only when a stuck pod needs judging.
import type { Target } from './apply.ts';
import { selectorQuery } from './explain.ts';
import type { KubeClient } from './kube.ts';
import type { KubeObject } from './objects.ts';
import { newRevisionMatcher, type RevisionMatcher, type StuckContainer, stuckContainer } from './stuck.ts';

export interface PodWatch {
  /** Resolves with the first stuck container of a new-revision pod; `undefined` once `signal` aborts. */
  readonly stuck: Promise<StuckContainer | undefined>;
  /** The workload changed (a new revision may be known now): judge the stuck pods again. */
  recheck(workload: KubeObject): void;
}

/** Stuck in any revision: worth judging once the revisions are known. */
const hasStuckContainer = (pod: KubeObject) => stuckContainer(pod, () => true) !== undefined;

export function watchPods(
  client: KubeClient,
  target: Target,
  signal: AbortSignal,
  onError: (error: Error) => void,
): PodWatch {
  const namespace = target.object.metadata.namespace ?? client.namespace;
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  const query =
    target.object.kind === 'Pod'
      ? { fieldSelector: `metadata.name=${target.object.metadata.name}` }
      : { labelSelector: selectorQuery(target.object.spec?.selector) };
  let workload = target.object;
  // One warning is enough: without the pod watch, kubectl's rules still decide.
  let warned = false;
  const warn = (error: Error) => {
    if (warned || signal.aborted) return;
    warned = true;
    onError(error);
  };
  /** Pods with a stuck container, of any revision, by name. */
  const candidates = new Map<string, KubeObject>();
  /** Kept until the workload changes, once the new revision is known. */
  let matcher: RevisionMatcher | undefined;
  let found: (stuck: StuckContainer | undefined) => void = () => {};
  const stuck = new Promise<StuckContainer | undefined>((resolve) => {
    found = resolve;
  });
  signal.addEventListener('abort', () => found(undefined), { once: true });

  const revisionMatcher = async (): Promise<RevisionMatcher | undefined> => {
    if (matcher !== undefined) return matcher;
    const seen = workload;
    let replicaSets: KubeObject[] = [];
    if (seen.kind === 'Deployment') {
      const list = await client.request<{ items: KubeObject[] }>(
        'GET',
        `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/replicasets`,
        { query: { labelSelector: selectorQuery(seen.spec?.selector) }, signal },
      );
      replicaSets = list.items;
    }
    const made = newRevisionMatcher(seen, replicaSets);
    if (seen === workload) matcher = made;
    return made;
  };
  // Judgements run one after the other, so a ReplicaSet list is not read twice at once.
  let judging = Promise.resolve();
  const judge = () => {
    if (candidates.size === 0 || signal.aborted) return;
    judging = judging.then(async () => {
      const isNew =
        (await revisionMatcher().catch((error: Error) => {
          warn(error);
          return undefined;
        })) ?? (() => false);
      for (const pod of candidates.values()) {
        const result = stuckContainer(pod, isNew);
        if (result !== undefined) return found(result);
      }
    });
  };
  const see = (pod: KubeObject, deleted = false) => {
    if (!deleted && hasStuckContainer(pod)) candidates.set(pod.metadata.name, pod);
    else candidates.delete(pod.metadata.name);
  };

  const run = async () => {
    if (target.object.kind !== 'Pod' && query.labelSelector === undefined) return;
    let resourceVersion: string | undefined;
    while (!signal.aborted) {
      if (resourceVersion === undefined) {
        const list = await client.request<{ items: KubeObject[]; metadata: { resourceVersion?: string } }>(
          'GET',
          path,
          { query, signal },
        );
        candidates.clear();
        for (const pod of list.items) see(pod);
        judge();
        resourceVersion = list.metadata.resourceVersion;
      }
      await client.watch(
        path,
        { ...query, resourceVersion, timeoutSeconds: 300 },
        (event) => {
          if (event.type === 'ERROR') {
            // Usually 410 Gone: list again.
            resourceVersion = undefined;
            return;
          }
          resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
          if (event.type === 'BOOKMARK') return;
          see(event.object, event.type === 'DELETED');
          judge();
        },
        signal,
      );
    }
  };
  run().catch(warn);

  return {
    stuck,
    recheck(next) {
      const changed =
        next.metadata.resourceVersion !== workload.metadata.resourceVersion ||
        next.metadata.generation !== workload.metadata.generation;
      workload = next;
      if (!changed) return;
      matcher = undefined;
      judge();
    },
  };
}
