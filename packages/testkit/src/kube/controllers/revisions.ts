import { deepEqual } from '../schema.ts';
import type { KubeObject } from '../store.ts';
import {
  type ControllerContext,
  ownedBy,
  ownerReference,
  type PodTemplate,
  resource,
  templateHash,
} from './util.ts';

export interface ControllerRevision extends KubeObject {
  revision: number;
  data: { spec: { template: PodTemplate & { $patch?: string } } };
}

/**
 * The ControllerRevisions of a StatefulSet or DaemonSet: one per pod template, holding the
 * strategic merge patch (`{"spec":{"template":{…,"$patch":"replace"}}}`) that `kubectl rollout
 * undo` applies to go back to it. Returns the revision of the current template.
 */
export function syncRevisions(
  ctx: ControllerContext,
  owner: KubeObject & { spec: { template: PodTemplate; revisionHistoryLimit?: number } },
  hashLabel: string,
  inUse: ReadonlySet<string>,
): { update: ControllerRevision; hash: string; all: ControllerRevision[] } {
  const revisions = resource(ctx, 'apps/v1', 'controllerrevisions');
  const all = ownedBy<ControllerRevision>(owner, ctx.cluster.list(revisions, owner.metadata.namespace));
  const data = { spec: { template: { ...structuredClone(owner.spec.template), $patch: 'replace' } } };
  const maxRevision = Math.max(0, ...all.map((r) => r.revision));
  let update = all.find((r) => deepEqual(r.data, data));
  const hash = templateHash(owner.spec.template);
  if (!update) {
    update = ctx.cluster.create(
      revisions,
      owner.metadata.namespace,
      {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name: `${owner.metadata.name}-${hash}`,
          labels: { ...owner.spec.template.metadata?.labels, [hashLabel]: hash },
          ownerReferences: [ownerReference(owner)],
        },
        data,
        revision: maxRevision + 1,
      },
      { manager: 'kube-controller-manager' },
    ) as ControllerRevision;
    all.push(update);
  } else if (update.revision < maxRevision) {
    update.revision = maxRevision + 1;
    update = ctx.cluster.update(revisions, update.metadata.namespace, update.metadata.name, update, {
      manager: 'kube-controller-manager',
    }) as ControllerRevision;
  }
  const limit = owner.spec.revisionHistoryLimit ?? 10;
  const current = update;
  const history = all
    .filter((r) => r.metadata.name !== current.metadata.name && !inUse.has(r.metadata.name))
    .sort((a, b) => a.revision - b.revision);
  for (const old of history.slice(0, Math.max(0, history.length - limit))) {
    ctx.cluster.delete(revisions, old.metadata.namespace, old.metadata.name);
  }
  return { update, hash: update.metadata.labels?.[hashLabel] ?? hash, all };
}

/** The pod template a revision recorded. */
export function revisionTemplate(revision: ControllerRevision): PodTemplate {
  const { $patch: _directive, ...template } = revision.data.spec.template;
  return template;
}
