import { describeObject, type KubeObject } from './objects.ts';

export type RolloutState = 'done' | 'progressing' | 'failed';

export interface RolloutStatus {
  readonly state: RolloutState;
  readonly message: string;
}

const progressing = (message: string): RolloutStatus => ({ state: 'progressing', message });
const done = (message: string): RolloutStatus => ({ state: 'done', message });
const failed = (message: string): RolloutStatus => ({ state: 'failed', message });

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function condition(object: KubeObject, type: string): Condition | undefined {
  const conditions: Condition[] = object.status?.conditions ?? [];
  return conditions.find((c) => c.type === type);
}

function observed(object: KubeObject): boolean {
  return (object.metadata.generation ?? 0) <= (object.status?.observedGeneration ?? 0);
}

/**
 * Whether a workload has finished rolling out, by kubectl's rules
 * (kubectl/pkg/polymorphichelpers/rollout_status.go), extended to Jobs (complete or failed),
 * Pods (ready) and ReplicaSets. Kinds without a rollout are done as soon as they are applied.
 */
export function rolloutStatus(object: KubeObject): RolloutStatus {
  const name = describeObject(object);
  switch (object.kind) {
    case 'Deployment':
      return deploymentStatus(object, name);
    case 'StatefulSet':
      return statefulSetStatus(object, name);
    case 'DaemonSet':
      return daemonSetStatus(object, name);
    case 'ReplicaSet':
      return replicaSetStatus(object, name);
    case 'Job':
      return jobStatus(object, name);
    case 'Pod':
      return podStatus(object, name);
    case 'CustomResourceDefinition':
      return crdStatus(object, name);
    default:
      return done(`${name} applied`);
  }
}

function deploymentStatus(object: KubeObject, name: string): RolloutStatus {
  if (!observed(object)) return progressing(`${name}: waiting for the spec update to be observed`);
  const progress = condition(object, 'Progressing');
  if (progress?.reason === 'ProgressDeadlineExceeded') {
    return failed(`${name} exceeded its progress deadline${progress.message ? `: ${progress.message}` : ''}`);
  }
  const desired: number | undefined = object.spec?.replicas;
  const status = object.status ?? {};
  const updated: number = status.updatedReplicas ?? 0;
  const replicas: number = status.replicas ?? 0;
  const available: number = status.availableReplicas ?? 0;
  if (desired !== undefined && updated < desired) {
    return progressing(`${name}: ${updated} out of ${desired} new replicas have been updated`);
  }
  if (replicas > updated) {
    return progressing(`${name}: ${replicas - updated} old replicas are pending termination`);
  }
  if (available < updated) {
    return progressing(`${name}: ${available} of ${updated} updated replicas are available`);
  }
  return done(`${name} successfully rolled out`);
}

function statefulSetStatus(object: KubeObject, name: string): RolloutStatus {
  const strategy = object.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate')
    return done(`${name} applied (${strategy} strategy: no rollout to watch)`);
  const status = object.status ?? {};
  if (!status.observedGeneration || !observed(object)) {
    return progressing(`${name}: waiting for the spec update to be observed`);
  }
  const desired: number | undefined = object.spec?.replicas;
  const ready: number = status.readyReplicas ?? 0;
  if (desired !== undefined && ready < desired) {
    return progressing(`${name}: waiting for ${desired - ready} pods to be ready`);
  }
  const partition: number = object.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0 && desired !== undefined) {
    const updated: number = status.updatedReplicas ?? 0;
    if (updated < desired - partition) {
      return progressing(
        `${name}: partitioned roll out: ${updated} out of ${desired - partition} new pods have been updated`,
      );
    }
    return done(`${name}: partitioned roll out complete: ${updated} new pods have been updated`);
  }
  if (status.updateRevision !== status.currentRevision) {
    return progressing(
      `${name}: waiting for the rolling update to complete: ${status.updatedReplicas ?? 0} pods at revision ${status.updateRevision}`,
    );
  }
  return done(
    `${name}: rolling update complete: ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision}`,
  );
}

function daemonSetStatus(object: KubeObject, name: string): RolloutStatus {
  const strategy = object.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate')
    return done(`${name} applied (${strategy} strategy: no rollout to watch)`);
  if (!observed(object)) return progressing(`${name}: waiting for the spec update to be observed`);
  const status = object.status ?? {};
  const desired: number = status.desiredNumberScheduled ?? 0;
  const updated: number = status.updatedNumberScheduled ?? 0;
  const available: number = status.numberAvailable ?? 0;
  if (updated < desired)
    return progressing(`${name}: ${updated} out of ${desired} new pods have been updated`);
  if (available < desired)
    return progressing(`${name}: ${available} of ${desired} updated pods are available`);
  return done(`${name} successfully rolled out`);
}

function replicaSetStatus(object: KubeObject, name: string): RolloutStatus {
  if (!observed(object)) return progressing(`${name}: waiting for the spec update to be observed`);
  const desired: number = object.spec?.replicas ?? 1;
  const available: number = object.status?.availableReplicas ?? 0;
  if (available < desired) return progressing(`${name}: ${available} of ${desired} replicas are available`);
  return done(`${name}: ${available} replicas available`);
}

function jobStatus(object: KubeObject, name: string): RolloutStatus {
  const failure = condition(object, 'Failed');
  if (failure?.status === 'True') {
    return failed(`${name} failed: ${failure.reason ?? ''}${failure.message ? `: ${failure.message}` : ''}`);
  }
  if (condition(object, 'Complete')?.status === 'True') return done(`${name} completed`);
  const status = object.status ?? {};
  return progressing(`${name}: ${status.succeeded ?? 0} succeeded, ${status.active ?? 0} active`);
}

function podStatus(object: KubeObject, name: string): RolloutStatus {
  const phase: string | undefined = object.status?.phase;
  if (phase === 'Succeeded') return done(`${name} completed`);
  if (phase === 'Failed')
    return failed(`${name} failed${object.status?.reason ? `: ${object.status.reason}` : ''}`);
  if (condition(object, 'Ready')?.status === 'True') return done(`${name} is ready`);
  return progressing(`${name}: ${phase ?? 'Pending'}, not ready`);
}

/** A CRD is usable once Established; NamesAccepted=False means it never will be. */
function crdStatus(object: KubeObject, name: string): RolloutStatus {
  const names = condition(object, 'NamesAccepted');
  if (names?.status === 'False')
    return failed(`${name}: names not accepted: ${names.message ?? names.reason ?? ''}`);
  if (condition(object, 'Established')?.status === 'True') return done(`${name} is established`);
  return progressing(`${name}: waiting to be established`);
}
