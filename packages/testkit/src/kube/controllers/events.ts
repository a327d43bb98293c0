import { randomBytes } from 'node:crypto';
import { type Cluster, timestamp } from '../cluster.ts';
import type { ResourceType } from '../resources.ts';
import type { KubeObject } from '../store.ts';

export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

/**
 * Writes core/v1 Events as the kubelet and controllers do, folding repeats of the same event into
 * one object with a growing `count` and a new `lastTimestamp`.
 */
export class EventRecorder {
  readonly #cluster: Cluster;
  readonly #events: ResourceType;
  readonly #seen = new Map<string, string>();

  constructor(cluster: Cluster) {
    this.#cluster = cluster;
    this.#events = cluster.mustResource('', 'v1', 'events');
  }

  normal(object: KubeObject, source: EventSource, reason: string, message: string, fieldPath?: string): void {
    this.record(object, 'Normal', source, reason, message, fieldPath);
  }

  warning(
    object: KubeObject,
    source: EventSource,
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    this.record(object, 'Warning', source, reason, message, fieldPath);
  }

  record(
    object: KubeObject,
    type: 'Normal' | 'Warning',
    source: EventSource,
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    const namespace = object.metadata.namespace ?? 'default';
    const key = JSON.stringify([object.metadata.uid, fieldPath, type, reason, message, source.component]);
    const now = timestamp();
    const existingName = this.#seen.get(key);
    const existing = existingName ? this.#cluster.find(this.#events, namespace, existingName) : undefined;
    if (existing) {
      this.#cluster.update(
        this.#events,
        namespace,
        existing.metadata.name,
        { ...existing, count: Number(existing.count ?? 1) + 1, lastTimestamp: now },
        { manager: source.component },
      );
      return;
    }
    const name = `${object.metadata.name}.${randomBytes(8).toString('hex')}`;
    this.#seen.set(key, name);
    this.#cluster.create(
      this.#events,
      namespace,
      {
        metadata: { name, namespace },
        involvedObject: {
          kind: object.kind,
          namespace: object.metadata.namespace,
          name: object.metadata.name,
          uid: object.metadata.uid,
          apiVersion: object.apiVersion,
          resourceVersion: object.metadata.resourceVersion,
          ...(fieldPath ? { fieldPath } : {}),
        },
        reason,
        message,
        source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      },
      { manager: source.component },
    );
  }
}
