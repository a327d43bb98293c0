// Fail fast: a pod of a workload's new revision whose container cannot start is a failed
// rollout, without waiting for a progress deadline or the timeout. Pure decisions only; the
// watch that feeds them is in podwatch.ts.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from './objects.ts';

/**
 * Waiting reasons after which the kubelet only retries the same thing. ErrImagePull is left
 * out: it is the first failed attempt, and ImagePullBackOff follows it when the pull keeps failing.
 */
export const STUCK_REASONS: ReadonlySet<string> = new Set([
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'CrashLoopBackOff',
]);

/** Whether a pod belongs to the workload's new revision, the one this deploy rolls out. */
export type RevisionMatcher = (pod: KubeObject) => boolean;

export interface StuckContainer {
  readonly pod: string;
  readonly container: string;
  readonly reason: string;
}

/** The first container (init containers first) of a new-revision pod that is stuck, if any. */
export function stuckContainer(pod: KubeObject, isNewRevision: RevisionMatcher): StuckContainer | undefined {
  if (pod.metadata.deletionTimestamp) return undefined;
  const statuses: { name: string; state?: { waiting?: { reason?: string } } }[] = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  const stuck = statuses.find((status) => STUCK_REASONS.has(status.state?.waiting?.reason ?? ''));
  if (stuck === undefined || !isNewRevision(pod)) return undefined;
  return { pod: pod.metadata.name, container: stuck.name, reason: stuck.state!.waiting!.reason! };
}

/** `Deployment shop/web: pod web-7d9c-x2k (new revision) container app: ImagePullBackOff` */
export function stuckMessage(workload: string, stuck: StuckContainer): string {
  return `${workload}: pod ${stuck.pod} (new revision) container ${stuck.container}: ${stuck.reason}`;
}

/** The kinds whose new-revision pods can be told apart. */
export function watchesPods(workload: KubeObject): boolean {
  return ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Pod'].includes(workload.kind);
}

const label = (object: KubeObject, key: string): string | undefined => object.metadata.labels?.[key];
const observed = (object: KubeObject): boolean =>
  (object.metadata.generation ?? 0) <= (object.status?.observedGeneration ?? 0);

/**
 * Which pods are the workload's new revision, from the live workload (and, for a Deployment,
 * its ReplicaSets); `undefined` while the controller has not yet made the new revision known,
 * and then no pod is new: an old pod must never fail the new rollout.
 */
export function newRevisionMatcher(
  workload: KubeObject,
  replicaSets: readonly KubeObject[] = [],
): RevisionMatcher | undefined {
  switch (workload.kind) {
    case 'Deployment': {
      const current = replicaSets.find((rs) => isCurrentReplicaSet(workload, rs));
      const hash = current && label(current, 'pod-template-hash');
      return hash === undefined ? undefined : (pod) => label(pod, 'pod-template-hash') === hash;
    }
    case 'StatefulSet': {
      const revision: string | undefined = workload.status?.updateRevision;
      if (!observed(workload) || !revision) return undefined;
      return (pod) => label(pod, 'controller-revision-hash') === revision;
    }
    case 'DaemonSet': {
      // Pods carry the generation of the template they were made from.
      const generation = workload.metadata.generation;
      if (generation === undefined) return undefined;
      return (pod) => label(pod, 'pod-template-generation') === String(generation);
    }
    case 'Job':
      return () => true;
    case 'Pod':
      return (pod) => pod.metadata.name === workload.metadata.name;
    default:
      return undefined;
  }
}

/**
 * The ReplicaSet of the Deployment's current revision: its template is the Deployment's (the
 * controller only adds `pod-template-hash`), or, once the controller has observed the
 * Deployment, its revision annotation is the Deployment's.
 */
function isCurrentReplicaSet(deployment: KubeObject, rs: KubeObject): boolean {
  const uid = deployment.metadata.uid;
  const owners = (rs.metadata.ownerReferences ?? []) as { uid?: string; controller?: boolean }[];
  if (uid !== undefined && !owners.some((owner) => owner.uid === uid)) return false;
  const template = structuredClone(rs.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  if (isDeepStrictEqual(template, deployment.spec?.template)) return true;
  const revision = 'deployment.kubernetes.io/revision';
  const wanted = deployment.metadata.annotations?.[revision];
  return observed(deployment) && wanted !== undefined && rs.metadata.annotations?.[revision] === wanted;
}
