import { timestamp } from '../cluster.ts';
import { deepEqual } from '../schema.ts';
import type { KubeObject } from '../store.ts';
import type { ReplicaSet } from './replicaset.ts';
import {
  type Condition,
  type Controller,
  type ControllerContext,
  intOrPercent,
  type LabelSelector,
  ownedBy,
  ownerReference,
  type PodTemplate,
  reportError,
  resource,
  setCondition,
  templateHash,
} from './util.ts';

interface Deployment extends KubeObject {
  spec: {
    replicas: number;
    selector: LabelSelector;
    template: PodTemplate;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
    strategy: {
      type: 'RollingUpdate' | 'Recreate';
      rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown };
    };
  };
  status?: DeploymentStatus;
}

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
}

const revisionKey = 'deployment.kubernetes.io/revision';
const hashKey = 'pod-template-hash';
const source = { component: 'deployment-controller' };
const manager = 'kube-controller-manager';

/**
 * The deployment controller: one ReplicaSet per pod template (named by `pod-template-hash`,
 * numbered by `deployment.kubernetes.io/revision`), rolling updates bounded by maxSurge and
 * maxUnavailable (or Recreate), history pruning, and the status and conditions `kubectl rollout
 * status` reads, including `ProgressDeadlineExceeded`.
 */
export class DeploymentController implements Controller {
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  sync(): void {
    const deployments = resource(this.#ctx, 'apps/v1', 'deployments');
    const replicaSets = resource(this.#ctx, 'apps/v1', 'replicasets');
    const allReplicaSets = this.#ctx.cluster.list(replicaSets);
    for (const d of this.#ctx.cluster.list(deployments) as Deployment[]) {
      try {
        if (d.metadata.deletionTimestamp) continue;
        this.#syncOne(d, ownedBy<ReplicaSet>(d, allReplicaSets));
      } catch (error) {
        reportError(error);
      }
    }
  }

  #syncOne(d: Deployment, owned: ReplicaSet[]): void {
    const { cluster } = this.#ctx;
    const replicaSets = resource(this.#ctx, 'apps/v1', 'replicasets');
    const deployments = resource(this.#ctx, 'apps/v1', 'deployments');
    const now = timestamp();
    let conditions = [...(d.status?.conditions ?? [])];
    const maxRevision = Math.max(0, ...owned.map(revisionOf));
    let newRs = owned.find((rs) => deepEqual(withoutHash(rs.spec.template), d.spec.template));
    const replicas = d.spec.replicas;
    const { maxSurge, maxUnavailable } = rollingBounds(d);

    if (!newRs && !d.spec.paused) {
      const hash = templateHash(d.spec.template);
      const template = structuredClone(d.spec.template);
      template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [hashKey]: hash } };
      const name = `${d.metadata.name}-${hash}`;
      newRs = cluster.create(
        replicaSets,
        d.metadata.namespace,
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: {
            name,
            labels: template.metadata.labels,
            annotations: {
              'deployment.kubernetes.io/desired-replicas': String(replicas),
              'deployment.kubernetes.io/max-replicas': String(replicas + maxSurge),
              [revisionKey]: String(maxRevision + 1),
            },
            ownerReferences: [ownerReference(d)],
          },
          spec: {
            replicas: 0,
            minReadySeconds: d.spec.minReadySeconds ?? 0,
            selector: {
              ...d.spec.selector,
              matchLabels: { ...d.spec.selector.matchLabels, [hashKey]: hash },
            },
            template,
          },
        },
        { manager },
      ) as ReplicaSet;
      owned.push(newRs);
      conditions = setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetCreated',
          message: `Created new replica set "${name}"`,
        },
        now,
        true,
      );
    } else if (newRs && revisionOf(newRs) < maxRevision) {
      // Rolling back to an older template: its ReplicaSet becomes the newest revision again.
      const history = [
        newRs.metadata.annotations?.['deployment.kubernetes.io/revision-history'],
        String(revisionOf(newRs)),
      ]
        .filter(Boolean)
        .join(',');
      newRs.metadata.annotations = {
        ...newRs.metadata.annotations,
        [revisionKey]: String(maxRevision + 1),
        'deployment.kubernetes.io/revision-history': history,
      };
      newRs = cluster.update(replicaSets, newRs.metadata.namespace, newRs.metadata.name, newRs, {
        manager,
      }) as ReplicaSet;
    } else if (newRs && !conditions.some((c) => c.type === 'Progressing')) {
      conditions = setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'FoundNewReplicaSet',
          message: `Found new replica set "${newRs.metadata.name}"`,
        },
        now,
        true,
      );
    }

    if (newRs) {
      const revision = String(revisionOf(newRs));
      if (d.metadata.annotations?.[revisionKey] !== revision) {
        d.metadata.annotations = { ...d.metadata.annotations, [revisionKey]: revision };
        const updated = cluster.update(deployments, d.metadata.namespace, d.metadata.name, d, { manager });
        d.metadata = updated.metadata;
      }
    }
    const old = owned.filter((rs) => rs !== newRs);
    if (!d.spec.paused && newRs) this.#scale(d, newRs, old, maxSurge, maxUnavailable);
    this.#prune(d, old);

    const all = newRs ? [newRs, ...old] : old;
    const sum = (pick: (rs: ReplicaSet) => number | undefined) =>
      all.reduce((n, rs) => n + (pick(rs) ?? 0), 0);
    const totalSpec = sum((rs) => rs.spec.replicas);
    const status: DeploymentStatus = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sum((rs) => rs.status?.replicas),
      updatedReplicas: newRs?.status?.replicas ?? 0,
      readyReplicas: sum((rs) => rs.status?.readyReplicas),
      availableReplicas: sum((rs) => rs.status?.availableReplicas),
    };
    const unavailable = Math.max(0, totalSpec - (status.availableReplicas ?? 0));
    if (unavailable > 0) status.unavailableReplicas = unavailable;
    const available = (status.availableReplicas ?? 0) >= replicas - maxUnavailable;
    conditions = setCondition(
      conditions,
      available
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
      now,
      true,
    );
    conditions = this.#progress(d, newRs, status, conditions, now);
    // The Available condition comes first, as the real controller orders them.
    conditions.sort((a, b) => (a.type === 'Available' ? -1 : b.type === 'Available' ? 1 : 0));
    status.conditions = conditions;
    cluster.writeStatus(deployments, d, status, manager);
  }

  #scale(
    d: Deployment,
    newRs: ReplicaSet,
    old: ReplicaSet[],
    maxSurge: number,
    maxUnavailable: number,
  ): void {
    const replicas = d.spec.replicas;
    const oldActive = old.filter((rs) => rs.spec.replicas > 0);
    if (d.spec.strategy.type === 'Recreate') {
      for (const rs of oldActive) this.#scaleTo(d, rs, 0);
      const oldPods = old.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
      if (oldActive.length === 0 && oldPods === 0) this.#scaleTo(d, newRs, replicas);
      return;
    }
    if (oldActive.length === 0) {
      this.#scaleTo(d, newRs, replicas);
      return;
    }
    const all = [newRs, ...old];
    const total = () => all.reduce((n, rs) => n + rs.spec.replicas, 0);
    if (newRs.spec.replicas < replicas) {
      const room = replicas + maxSurge - total();
      if (room > 0) this.#scaleTo(d, newRs, Math.min(newRs.spec.replicas + room, replicas));
    }
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = newRs.spec.replicas - (newRs.status?.availableReplicas ?? 0);
    let budget = total() - minAvailable - newUnavailable;
    if (budget <= 0) return;
    const oldestFirst = [...oldActive].sort((a, b) => revisionOf(a) - revisionOf(b));
    // First the old pods that are not available anyway, then healthy ones down to minAvailable.
    for (const rs of oldestFirst) {
      const unhealthy = rs.spec.replicas - (rs.status?.availableReplicas ?? 0);
      const cut = Math.min(budget, Math.max(0, unhealthy));
      if (cut > 0) {
        this.#scaleTo(d, rs, rs.spec.replicas - cut);
        budget -= cut;
      }
    }
    const availableNow = all.reduce(
      (n, rs) => n + Math.min(rs.spec.replicas, rs.status?.availableReplicas ?? 0),
      0,
    );
    let scaleDown = availableNow - minAvailable;
    for (const rs of oldestFirst) {
      if (scaleDown <= 0) break;
      const cut = Math.min(rs.spec.replicas, scaleDown);
      if (cut > 0) {
        this.#scaleTo(d, rs, rs.spec.replicas - cut);
        scaleDown -= cut;
      }
    }
  }

  #scaleTo(d: Deployment, rs: ReplicaSet, replicas: number): void {
    const from = rs.spec.replicas;
    const { maxSurge } = rollingBounds(d);
    const annotations = {
      ...rs.metadata.annotations,
      'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas),
      'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + maxSurge),
    };
    if (from === replicas && deepEqual(annotations, rs.metadata.annotations)) return;
    rs.spec.replicas = replicas;
    rs.metadata.annotations = annotations;
    const updated = this.#ctx.cluster.update(
      resource(this.#ctx, 'apps/v1', 'replicasets'),
      rs.metadata.namespace,
      rs.metadata.name,
      rs,
      {
        manager,
      },
    );
    rs.metadata = updated.metadata;
    if (from !== replicas) {
      const direction = replicas > from ? 'up' : 'down';
      this.#ctx.events.normal(
        d,
        source,
        'ScalingReplicaSet',
        `Scaled ${direction} replica set ${rs.metadata.name} from ${from} to ${replicas}`,
      );
    }
  }

  /** Old ReplicaSets scaled to zero beyond `revisionHistoryLimit` are deleted, oldest first. */
  #prune(d: Deployment, old: ReplicaSet[]): void {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const idle = old.filter((rs) => rs.spec.replicas === 0 && (rs.status?.replicas ?? 0) === 0);
    const excess = idle.length - limit;
    if (excess <= 0) return;
    const replicaSets = resource(this.#ctx, 'apps/v1', 'replicasets');
    for (const rs of idle.sort((a, b) => revisionOf(a) - revisionOf(b)).slice(0, excess)) {
      this.#ctx.cluster.delete(replicaSets, rs.metadata.namespace, rs.metadata.name);
    }
  }

  /** The Progressing condition, by the rules of the deployment controller's syncRolloutStatus. */
  #progress(
    d: Deployment,
    newRs: ReplicaSet | undefined,
    status: DeploymentStatus,
    conditions: Condition[],
    now: string,
  ): Condition[] {
    if (d.spec.paused) {
      return setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'Unknown',
          reason: 'DeploymentPaused',
          message: 'Deployment is paused',
        },
        now,
        true,
      );
    }
    const deadline = d.spec.progressDeadlineSeconds;
    if (deadline === undefined || deadline === null) return conditions;
    const replicas = d.spec.replicas;
    const name = newRs?.metadata.name ?? d.metadata.name;
    const previous = d.status ?? {};
    const oldReplicas = (s: DeploymentStatus) => (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
    const complete =
      status.updatedReplicas === replicas &&
      status.replicas === replicas &&
      status.availableReplicas === replicas;
    const progressing =
      (status.updatedReplicas ?? 0) > (previous.updatedReplicas ?? 0) ||
      oldReplicas(status) < oldReplicas(previous) ||
      (status.readyReplicas ?? 0) > (previous.readyReplicas ?? 0) ||
      (status.availableReplicas ?? 0) > (previous.availableReplicas ?? 0);
    const current = conditions.find((c) => c.type === 'Progressing');
    if (complete) {
      return setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${name}" has successfully progressed.`,
        },
        now,
        true,
      );
    }
    if (progressing) {
      const condition: Condition = {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: now,
        lastTransitionTime: current?.status === 'True' ? (current.lastTransitionTime ?? now) : now,
        reason: 'ReplicaSetUpdated',
        message: `ReplicaSet "${name}" is progressing.`,
      };
      return [...conditions.filter((c) => c.type !== 'Progressing'), condition];
    }
    if (
      current &&
      current.reason !== 'NewReplicaSetAvailable' &&
      current.reason !== 'ProgressDeadlineExceeded'
    ) {
      const expires = Date.parse(current.lastUpdateTime ?? now) + deadline * 1000;
      if (Date.now() > expires) {
        return setCondition(
          conditions,
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: `ReplicaSet "${name}" has timed out progressing.`,
          },
          now,
          true,
        );
      }
      this.#ctx.wakeAt(expires + 1);
    }
    return conditions;
  }
}

function rollingBounds(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  if (d.spec.strategy.type !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const rolling = d.spec.strategy.rollingUpdate ?? {};
  const maxSurge = intOrPercent(rolling.maxSurge ?? '25%', d.spec.replicas, true);
  let maxUnavailable = intOrPercent(rolling.maxUnavailable ?? '25%', d.spec.replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, d.spec.replicas) };
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[revisionKey] ?? 0);
}

function withoutHash(template: PodTemplate): PodTemplate {
  const copy = structuredClone(template);
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[hashKey];
  }
  return copy;
}
