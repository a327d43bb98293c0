import type { ResourceType } from './resources.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

/** A stored object: plain JSON with typed metadata. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly type: WatchEventType;
  readonly resource: ResourceType;
  readonly object: KubeObject;
  readonly resourceVersion: number;
  /** The object before a MODIFIED change, so a filtered watch can tell entering from leaving. */
  readonly previous?: KubeObject;
}

/** How many past changes a watch may start from before it gets 410 Gone. */
const historyLimit = 20_000;

export function typeKey(t: { group: string; plural: string }): string {
  return `${t.group}/${t.plural}`;
}

/**
 * The etcd of the simulator: objects by resource, one global resourceVersion counter, and a
 * bounded history of changes that watches replay from.
 */
export class Store {
  #revision = 1;
  readonly #objects = new Map<string, Map<string, KubeObject>>();
  readonly #history: StoreEvent[] = [];
  readonly #listeners = new Set<(event: StoreEvent) => void>();

  get revision(): number {
    return this.#revision;
  }

  /** The oldest resourceVersion a watch can resume after. */
  get oldestRevision(): number {
    return this.#history[0] ? this.#history[0].resourceVersion - 1 : this.#revision;
  }

  get(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.#bucket(t).get(objectKey(t, namespace, name));
    return found ? structuredClone(found) : undefined;
  }

  list(t: ResourceType, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const object of this.#bucket(t).values()) {
      if (namespace === undefined || object.metadata.namespace === namespace)
        out.push(structuredClone(object));
    }
    return out.sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    );
  }

  /** Writes an object with the next resourceVersion and tells the watchers. */
  put(t: ResourceType, object: KubeObject): KubeObject {
    const bucket = this.#bucket(t);
    const key = objectKey(t, object.metadata.namespace, object.metadata.name);
    const previous = bucket.get(key);
    const type: WatchEventType = previous ? 'MODIFIED' : 'ADDED';
    this.#revision += 1;
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(this.#revision);
    bucket.set(key, stored);
    this.#emit({
      type,
      resource: t,
      object: stored,
      resourceVersion: this.#revision,
      ...(previous ? { previous } : {}),
    });
    return structuredClone(stored);
  }

  remove(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const bucket = this.#bucket(t);
    const key = objectKey(t, namespace, name);
    const found = bucket.get(key);
    if (!found) return undefined;
    bucket.delete(key);
    this.#revision += 1;
    const gone = structuredClone(found);
    gone.metadata.resourceVersion = String(this.#revision);
    this.#emit({ type: 'DELETED', resource: t, object: gone, resourceVersion: this.#revision });
    return structuredClone(gone);
  }

  /** Every object of every resource, for the garbage collector. */
  *all(): Generator<KubeObject> {
    for (const bucket of this.#objects.values()) yield* bucket.values();
  }

  /** Changes after `revision`, or undefined when the history no longer reaches back that far. */
  changesSince(revision: number): StoreEvent[] | undefined {
    if (revision < this.oldestRevision) return undefined;
    return this.#history.filter((event) => event.resourceVersion > revision);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #bucket(t: ResourceType): Map<string, KubeObject> {
    const key = typeKey(t);
    let bucket = this.#objects.get(key);
    if (!bucket) {
      bucket = new Map();
      this.#objects.set(key, bucket);
    }
    return bucket;
  }

  #emit(event: StoreEvent): void {
    this.#history.push(event);
    if (this.#history.length > historyLimit) this.#history.splice(0, this.#history.length - historyLimit);
    for (const listener of this.#listeners) listener(event);
  }
}

function objectKey(t: ResourceType, namespace: string | undefined, name: string): string {
  return t.namespaced ? `${namespace ?? ''}/${name}` : name;
}
