import { randomSuffix } from '../cluster.ts';
import type { KubeObject } from '../store.ts';
import { syncRevisions } from './revisions.ts';
import {
  type Controller,
  type ControllerContext,
  intOrPercent,
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

interface DaemonSet extends KubeObject {
  spec: {
    selector: LabelSelector;
    template: PodTemplate;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    updateStrategy: { type: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { maxUnavailable?: unknown } };
  };
}

const revisionLabel = 'controller-revision-hash';
const source = { component: 'daemonset-controller' };

/** The DaemonSet controller: one pod per simulated node, rolling updates within maxUnavailable. */
export class DaemonSetController implements Controller {
  readonly #ctx: ControllerContext;
  readonly #nodes: () => string[];

  constructor(ctx: ControllerContext, nodes: () => string[]) {
    this.#ctx = ctx;
    this.#nodes = nodes;
  }

  sync(): void {
    const sets = resource(this.#ctx, 'apps/v1', 'daemonsets');
    const pods = resource(this.#ctx, 'v1', 'pods');
    const nodes = this.#nodes();
    for (const ds of this.#ctx.cluster.list(sets) as DaemonSet[]) {
      try {
        if (ds.metadata.deletionTimestamp) continue;
        const listOwned = () =>
          ownedBy<Pod>(ds, this.#ctx.cluster.list(pods, ds.metadata.namespace)).filter(isPodActive);
        const owned = listOwned();
        const inUse = new Set<string>();
        const { hash } = syncRevisions(this.#ctx, ds, revisionLabel, inUse);
        for (const node of nodes) {
          if (owned.some((p) => p.spec.nodeName === node)) continue;
          const name = `${ds.metadata.name}-${randomSuffix()}`;
          const pod = podFromTemplate(ds, ds.spec.template, name, {
            [revisionLabel]: hash,
            'pod-template-generation': String(ds.metadata.generation ?? 1),
          });
          (pod.spec as { nodeName?: string }).nodeName = node;
          this.#ctx.cluster.create(pods, ds.metadata.namespace, pod, { manager: 'kube-controller-manager' });
          this.#ctx.events.normal(ds, source, 'SuccessfulCreate', `Created pod: ${name}`);
        }
        if (ds.spec.updateStrategy.type === 'RollingUpdate') {
          const maxUnavailable = Math.max(
            1,
            intOrPercent(ds.spec.updateStrategy.rollingUpdate?.maxUnavailable ?? 1, nodes.length, true),
          );
          const outdated = owned.filter((p) => p.metadata.labels?.[revisionLabel] !== hash);
          let budget =
            maxUnavailable - owned.filter((p) => !isPodReady(p)).length - (nodes.length - owned.length);
          for (const pod of outdated.sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)))) {
            if (isPodReady(pod)) {
              if (budget <= 0) break;
              budget -= 1;
            }
            this.#ctx.cluster.delete(pods, pod.metadata.namespace, pod.metadata.name);
            this.#ctx.events.normal(ds, source, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
          }
        }
        const after = listOwned();
        const now = Date.now();
        const available = after.filter((p) =>
          isPodAvailable(p, ds.spec.minReadySeconds ?? 0, now, (at) => this.#ctx.wakeAt(at)),
        ).length;
        const scheduled = new Set(after.map((p) => p.spec.nodeName)).size;
        this.#ctx.cluster.writeStatus(
          sets,
          ds,
          {
            currentNumberScheduled: scheduled,
            desiredNumberScheduled: nodes.length,
            numberMisscheduled: 0,
            numberReady: after.filter(isPodReady).length,
            numberAvailable: available,
            ...(nodes.length - available > 0 ? { numberUnavailable: nodes.length - available } : {}),
            updatedNumberScheduled: after.filter((p) => p.metadata.labels?.[revisionLabel] === hash).length,
            observedGeneration: ds.metadata.generation ?? 1,
          },
          'kube-controller-manager',
        );
      } catch (error) {
        reportError(error);
      }
    }
  }
}
