import { randomSuffix } from '../cluster.ts';
import type { KubeObject } from '../store.ts';
import {
  type Controller,
  type ControllerContext,
  isPodActive,
  isPodAvailable,
  isPodReady,
  type LabelSelector,
  ownedBy,
  type Pod,
  type PodTemplate,
  podFromTemplate,
  reportError,
  resource,
} from './util.ts';

export interface ReplicaSet extends KubeObject {
  spec: { replicas: number; minReadySeconds?: number; selector: LabelSelector; template: PodTemplate };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
  };
}

const source = { component: 'replicaset-controller' };

/** Keeps `spec.replicas` pods of each ReplicaSet and reports how many are ready and available. */
export class ReplicaSetController implements Controller {
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  sync(): void {
    const replicaSets = resource(this.#ctx, 'apps/v1', 'replicasets');
    const pods = resource(this.#ctx, 'v1', 'pods');
    const allPods = this.#ctx.cluster.list(pods);
    for (const rs of this.#ctx.cluster.list(replicaSets) as ReplicaSet[]) {
      try {
        if (rs.metadata.deletionTimestamp) continue;
        let owned = ownedBy<Pod>(rs, allPods).filter(isPodActive);
        const diff = owned.length - rs.spec.replicas;
        if (diff < 0) {
          for (let i = 0; i < -diff; i++) {
            const name = `${rs.metadata.name}-${randomSuffix()}`;
            const created = this.#ctx.cluster.create(
              pods,
              rs.metadata.namespace,
              podFromTemplate(rs, rs.spec.template, name),
              {
                manager: 'kube-controller-manager',
              },
            );
            owned.push(created as Pod);
            this.#ctx.events.normal(rs, source, 'SuccessfulCreate', `Created pod: ${name}`);
          }
        } else if (diff > 0) {
          const victims = [...owned].sort(deletionOrder).slice(0, diff);
          for (const pod of victims) {
            this.#ctx.cluster.delete(pods, pod.metadata.namespace, pod.metadata.name);
            this.#ctx.events.normal(rs, source, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
          }
          owned = owned.filter((p) => !victims.includes(p));
        }
        const now = Date.now();
        const minReady = rs.spec.minReadySeconds ?? 0;
        const status = {
          replicas: owned.length,
          fullyLabeledReplicas: owned.length,
          readyReplicas: owned.filter(isPodReady).length,
          availableReplicas: owned.filter((p) =>
            isPodAvailable(p, minReady, now, (at) => this.#ctx.wakeAt(at)),
          ).length,
          terminatingReplicas: 0,
          observedGeneration: rs.metadata.generation ?? 1,
        };
        this.#ctx.cluster.writeStatus(replicaSets, rs, status, 'kube-controller-manager');
      } catch (error) {
        reportError(error);
      }
    }
  }
}

/** Which pods go first when scaling down: unscheduled, pending, not ready, then the newest. */
function deletionOrder(a: Pod, b: Pod): number {
  const rank = (p: Pod) => (!p.spec.nodeName ? 0 : p.status?.phase === 'Pending' ? 1 : isPodReady(p) ? 3 : 2);
  return rank(a) - rank(b) || b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp);
}
