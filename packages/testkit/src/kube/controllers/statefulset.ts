import type { KubeObject } from '../store.ts';
import { type ControllerRevision, revisionTemplate, syncRevisions } from './revisions.ts';
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

interface StatefulSet extends KubeObject {
  spec: {
    replicas: number;
    serviceName?: string;
    selector: LabelSelector;
    template: PodTemplate;
    podManagementPolicy?: 'OrderedReady' | 'Parallel';
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    updateStrategy: { type: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number } };
  };
  status?: { currentRevision?: string; updateRevision?: string };
}

const revisionLabel = 'controller-revision-hash';
const source = { component: 'statefulset-controller' };

/**
 * The StatefulSet controller: pods `<name>-<ordinal>` created in order (OrderedReady waits for
 * each to be ready), rolling updates from the highest ordinal down to the partition, and
 * `currentRevision`/`updateRevision` from ControllerRevisions.
 */
export class StatefulSetController implements Controller {
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  sync(): void {
    const sets = resource(this.#ctx, 'apps/v1', 'statefulsets');
    const pods = resource(this.#ctx, 'v1', 'pods');
    for (const sts of this.#ctx.cluster.list(sets) as StatefulSet[]) {
      try {
        if (sts.metadata.deletionTimestamp) continue;
        const owned = ownedBy<Pod>(sts, this.#ctx.cluster.list(pods, sts.metadata.namespace)).filter(
          isPodActive,
        );
        const inUse = new Set([
          sts.status?.currentRevision ?? '',
          ...owned.map((p) => p.metadata.labels?.[revisionLabel] ?? ''),
        ]);
        const { update, all } = syncRevisions(this.#ctx, sts, 'controller.kubernetes.io/hash', inUse);
        const updateRevision = update.metadata.name;
        const current = all.find((r) => r.metadata.name === sts.status?.currentRevision) ?? update;
        this.#reconcilePods(sts, owned, current, update);
        const after = ownedBy<Pod>(sts, this.#ctx.cluster.list(pods, sts.metadata.namespace)).filter(
          isPodActive,
        );
        const now = Date.now();
        const ready = after.filter(isPodReady).length;
        const updated = after.filter((p) => p.metadata.labels?.[revisionLabel] === updateRevision).length;
        let currentRevision = current.metadata.name;
        let currentReplicas = after.filter(
          (p) => p.metadata.labels?.[revisionLabel] === currentRevision,
        ).length;
        if (
          updated === sts.spec.replicas &&
          ready === sts.spec.replicas &&
          after.length === sts.spec.replicas
        ) {
          currentRevision = updateRevision;
          currentReplicas = updated;
        }
        this.#ctx.cluster.writeStatus(
          sets,
          sts,
          {
            observedGeneration: sts.metadata.generation ?? 1,
            replicas: after.length,
            readyReplicas: ready,
            currentReplicas,
            updatedReplicas: updated,
            currentRevision,
            updateRevision,
            collisionCount: 0,
            availableReplicas: after.filter((p) =>
              isPodAvailable(p, sts.spec.minReadySeconds ?? 0, now, (at) => this.#ctx.wakeAt(at)),
            ).length,
          },
          'kube-controller-manager',
        );
      } catch (error) {
        reportError(error);
      }
    }
  }

  #reconcilePods(
    sts: StatefulSet,
    owned: Pod[],
    current: ControllerRevision,
    update: ControllerRevision,
  ): void {
    const { cluster, events } = this.#ctx;
    const pods = resource(this.#ctx, 'v1', 'pods');
    const name = sts.metadata.name;
    const ordered = sts.spec.podManagementPolicy !== 'Parallel';
    const partition = sts.spec.updateStrategy.rollingUpdate?.partition ?? 0;
    const byOrdinal = new Map(owned.map((p) => [Number(p.metadata.name.slice(name.length + 1)), p]));
    for (let i = 0; i < sts.spec.replicas; i++) {
      const pod = byOrdinal.get(i);
      if (pod) {
        if (ordered && !isPodReady(pod)) return;
        continue;
      }
      const revision = i < partition && sts.spec.updateStrategy.type === 'RollingUpdate' ? current : update;
      const podName = `${name}-${i}`;
      const created = podFromTemplate(sts, revisionTemplate(revision), podName, {
        [revisionLabel]: revision.metadata.name,
        'statefulset.kubernetes.io/pod-name': podName,
        'apps.kubernetes.io/pod-index': String(i),
      });
      const spec = created.spec as { hostname?: string; subdomain?: string };
      spec.hostname = podName;
      if (sts.spec.serviceName) spec.subdomain = sts.spec.serviceName;
      cluster.create(pods, sts.metadata.namespace, created, { manager: 'kube-controller-manager' });
      events.normal(
        sts,
        source,
        'SuccessfulCreate',
        `create Pod ${podName} in StatefulSet ${name} successful`,
      );
      if (ordered) return;
    }
    const extra = [...byOrdinal.entries()].filter(([i]) => i >= sts.spec.replicas).sort(([a], [b]) => b - a);
    for (const [, pod] of extra) {
      this.#deletePod(sts, pod);
      if (ordered) return;
    }
    if (sts.spec.updateStrategy.type !== 'RollingUpdate') return;
    if (owned.some((p) => !isPodReady(p))) return;
    for (let i = sts.spec.replicas - 1; i >= partition; i--) {
      const pod = byOrdinal.get(i);
      if (pod && pod.metadata.labels?.[revisionLabel] !== update.metadata.name) {
        this.#deletePod(sts, pod);
        return;
      }
    }
  }

  #deletePod(sts: StatefulSet, pod: Pod): void {
    this.#ctx.cluster.delete(resource(this.#ctx, 'v1', 'pods'), pod.metadata.namespace, pod.metadata.name);
    this.#ctx.events.normal(
      sts,
      source,
      'SuccessfulDelete',
      `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`,
    );
  }
}
