import { randomUUID } from 'node:crypto';
import { ApplyConflictError, recordUpdate, serverSideApply } from './apply.ts';
import { applyDefaults } from './defaults.ts';
import { ApiError, alreadyExists, badRequest, conflict, notFound } from './errors.ts';
import type { Scope } from './fieldset.ts';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from './patch.ts';
import { builtinTypes, groupVersion, type ResourceType } from './resources.ts';
import { deepEqual, isPlainObject } from './schema.ts';
import { type KubeObject, type ManagedFieldsEntry, Store } from './store.ts';
import { validate } from './validate.ts';

export interface WriteOptions {
  /** The field manager the write is recorded under. */
  readonly manager: string;
  /** The group/version the client spoke, for managedFields. */
  readonly apiVersion?: string;
  readonly dryRun?: boolean;
  readonly scope?: Scope;
}

export type PatchType = 'apply' | 'merge' | 'strategic' | 'json';

export interface DeleteOptions {
  readonly dryRun?: boolean;
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

/** RFC 3339 to the second, as Kubernetes timestamps are. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

const nameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Five characters from the alphabet Kubernetes uses for generated names. */
export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += nameAlphabet[Math.floor(Math.random() * nameAlphabet.length)];
  return out;
}

/**
 * The API semantics on top of the store: create/update/patch/apply/delete with defaulting,
 * validation, generation, resourceVersion preconditions, managedFields, subresource scopes,
 * garbage collection by owner references, and CustomResourceDefinitions that add resources.
 */
export class Cluster {
  readonly store = new Store();
  readonly #types = new Map<string, ResourceType>();

  constructor() {
    for (const t of builtinTypes) this.#register(t);
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      this.create(
        this.mustResource('', 'v1', 'namespaces'),
        undefined,
        { metadata: { name } },
        {
          manager: 'kube-apiserver',
        },
      );
    }
  }

  /** Every served resource, built-in and custom. */
  resources(): ResourceType[] {
    return [...this.#types.values()];
  }

  resource(group: string, version: string, plural: string): ResourceType | undefined {
    return this.#types.get(`${group}/${version}/${plural}`);
  }

  mustResource(group: string, version: string, plural: string): ResourceType {
    const t = this.resource(group, version, plural);
    if (!t) throw new Error(`no resource ${group}/${version}/${plural}`);
    return t;
  }

  resourceForKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.resources().find((t) => groupVersion(t) === apiVersion && t.kind === kind);
  }

  get(t: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.store.get(t, namespace, name);
    if (!found) throw notFound(t, name);
    return found;
  }

  find(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(t, namespace, name);
  }

  list(t: ResourceType, namespace?: string): KubeObject[] {
    return this.store.list(t, namespace);
  }

  create(t: ResourceType, namespace: string | undefined, body: unknown, options: WriteOptions): KubeObject {
    const candidate = this.#asObject(t, body);
    const meta = candidate.metadata;
    if (t.namespaced) {
      if (namespace && meta.namespace && meta.namespace !== namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = namespace ?? meta.namespace ?? 'default';
    } else {
      delete meta.namespace;
    }
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    if (meta.name && this.store.get(t, meta.namespace, meta.name)) throw alreadyExists(t, meta.name);
    return this.#commit(t, undefined, candidate, options);
  }

  update(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: WriteOptions,
  ): KubeObject {
    const before = this.get(t, namespace, name);
    const candidate = this.#asObject(t, body);
    if (candidate.metadata.name && candidate.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${candidate.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const precondition = candidate.metadata.resourceVersion;
    if (precondition && precondition !== before.metadata.resourceVersion) throw conflict(t, name);
    candidate.metadata.name = name;
    return this.#commit(t, before, candidate, options);
  }

  patch(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    options: WriteOptions & { force?: boolean },
  ): KubeObject {
    const before = this.find(t, namespace, name);
    if (type === 'apply') return this.#apply(t, namespace, name, before, body, options);
    if (!before) throw notFound(t, name);
    let patched: unknown;
    try {
      if (type === 'merge') patched = mergePatch(before, body);
      else if (type === 'strategic') patched = strategicMergePatch(before, body);
      else patched = jsonPatch(before, body);
    } catch (error) {
      if (error instanceof PatchError) throw new ApiError(422, 'Invalid', error.message);
      throw error;
    }
    const candidate = this.#asObject(t, patched);
    const precondition =
      isPlainObject(body) && isPlainObject(body.metadata) ? body.metadata.resourceVersion : undefined;
    if (typeof precondition === 'string' && precondition !== before.metadata.resourceVersion)
      throw conflict(t, name);
    candidate.metadata.name = name;
    return this.#commit(t, before, candidate, options);
  }

  delete(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): KubeObject {
    const object = this.get(t, namespace, name);
    if (options.dryRun) return object;
    if ((object.metadata.finalizers ?? []).length > 0) {
      if (object.metadata.deletionTimestamp) return object;
      object.metadata.deletionTimestamp = timestamp();
      return this.store.put(t, object);
    }
    if (t.kind === 'Namespace') {
      for (const other of this.resources()) {
        if (!other.namespaced) continue;
        for (const item of this.store.list(other, name)) this.#remove(other, item, 'Background');
      }
    }
    return this.#remove(t, object, options.propagationPolicy ?? 'Background');
  }

  /** Controllers write status through here: skipped when nothing changes, so loops settle. */
  writeStatus(t: ResourceType, object: KubeObject, status: unknown, manager: string): KubeObject | undefined {
    if (deepEqual(object.status, status)) return undefined;
    const current = this.find(t, object.metadata.namespace, object.metadata.name);
    if (!current || current.metadata.uid !== object.metadata.uid) return undefined;
    return this.#commit(
      t,
      current,
      { ...current, status: structuredClone(status) },
      { manager, scope: 'status' },
    );
  }

  #apply(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    before: KubeObject | undefined,
    body: unknown,
    options: WriteOptions & { force?: boolean },
  ): KubeObject {
    if (!isPlainObject(body)) throw badRequest('apply patch must be an object');
    const applied = structuredClone(body);
    if (applied.apiVersion === undefined || applied.kind === undefined) {
      throw badRequest('invalid object type: /, Kind=');
    }
    const meta = isPlainObject(applied.metadata) ? applied.metadata : {};
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
      );
    }
    if (
      t.namespaced &&
      meta.namespace !== undefined &&
      namespace !== undefined &&
      meta.namespace !== namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    delete meta.managedFields;
    delete meta.resourceVersion;
    let result: ReturnType<typeof serverSideApply>;
    try {
      result = serverSideApply({
        live: before,
        managedFields: before?.metadata.managedFields ?? [],
        applied,
        manager: options.manager,
        apiVersion: options.apiVersion ?? groupVersion(t),
        force: options.force ?? false,
        now: timestamp(),
      });
    } catch (error) {
      if (error instanceof ApplyConflictError) {
        throw new ApiError(409, 'Conflict', error.message, { causes: error.causes() });
      }
      throw error;
    }
    const candidate = this.#asObject(t, result.object);
    candidate.metadata.name = name;
    if (!before) {
      if (t.namespaced) candidate.metadata.namespace = namespace ?? 'default';
      return this.#commit(t, undefined, candidate, options, result.managedFields);
    }
    return this.#commit(t, before, candidate, options, result.managedFields);
  }

  /** The single write path: scopes, defaults, validation, generation, ownership, store. */
  #commit(
    t: ResourceType,
    before: KubeObject | undefined,
    candidate: KubeObject,
    options: WriteOptions,
    appliedFields?: ManagedFieldsEntry[],
  ): KubeObject {
    const scope = options.scope ?? 'main';
    const hasStatus = (t.subresources ?? []).includes('status');
    let object = structuredClone(candidate);
    if (scope === 'status') {
      if (!before) throw notFound(t, candidate.metadata.name);
      object = { ...structuredClone(before), status: object.status };
    } else if (hasStatus) {
      if (before?.status !== undefined) object.status = structuredClone(before.status);
      else delete object.status;
    }
    const now = timestamp();
    const meta = object.metadata;
    if (before) {
      meta.uid = before.metadata.uid;
      meta.creationTimestamp = before.metadata.creationTimestamp;
      meta.namespace = before.metadata.namespace;
      if (before.metadata.deletionTimestamp) meta.deletionTimestamp = before.metadata.deletionTimestamp;
      if (before.metadata.generation !== undefined) meta.generation = before.metadata.generation;
    } else {
      meta.uid = randomUUID();
      meta.creationTimestamp = now;
      if (t.namespaced && meta.namespace && t.kind !== 'Namespace') {
        const ns = this.store.get(this.mustResource('', 'v1', 'namespaces'), undefined, meta.namespace);
        if (!ns) throw notFound(this.mustResource('', 'v1', 'namespaces'), meta.namespace);
      }
    }
    // A client that writes managedFields itself (kubectl's client-side to server-side apply
    // upgrade does) gets them as written; otherwise the write is recorded for its manager.
    const written = candidate.metadata.managedFields;
    const rewritten =
      scope === 'main' &&
      before &&
      written !== undefined &&
      !deepEqual(written, before.metadata.managedFields ?? []);
    meta.managedFields =
      appliedFields ??
      (rewritten ? written : undefined) ??
      recordUpdate({
        before,
        after: object,
        managedFields: before?.metadata.managedFields ?? [],
        manager: options.manager,
        apiVersion: options.apiVersion ?? groupVersion(t),
        scope,
        now,
      });
    if (scope === 'main') {
      applyDefaults(object);
      creationHooks(object, before);
      validate(t, object, before);
    }
    if (t.generation) {
      if (!before) meta.generation = 1;
      else if (scope === 'main' && !deepEqual(specOf(before), specOf(object))) {
        meta.generation = (before.metadata.generation ?? 1) + 1;
      }
    }
    if (t.kind === 'CustomResourceDefinition' && scope === 'main') establish(object);
    if (options.dryRun) {
      meta.resourceVersion = before?.metadata.resourceVersion ?? '';
      return object;
    }
    if (before && unchanged(before, object)) return before;
    if (before && meta.deletionTimestamp && (meta.finalizers ?? []).length === 0) {
      return this.#remove(t, object, 'Background');
    }
    const stored = this.store.put(t, object);
    if (t.kind === 'CustomResourceDefinition') this.#registerCrd(stored);
    if (!before && t.kind === 'Namespace' && t.group === '') {
      // The service account controller's doing: every namespace has a `default` ServiceAccount.
      this.create(
        this.mustResource('', 'v1', 'serviceaccounts'),
        meta.name,
        { metadata: { name: 'default' } },
        {
          manager: 'kube-controller-manager',
        },
      );
    }
    return stored;
  }

  #remove(
    t: ResourceType,
    object: KubeObject,
    propagation: 'Background' | 'Foreground' | 'Orphan',
  ): KubeObject {
    const gone = this.store.remove(t, object.metadata.namespace, object.metadata.name);
    if (!gone) return object;
    const uid = object.metadata.uid;
    for (const other of this.resources()) {
      for (const dependent of this.store.list(other)) {
        const refs = dependent.metadata.ownerReferences ?? [];
        if (!refs.some((r) => r.uid === uid)) continue;
        const remaining = refs.filter((r) => r.uid !== uid);
        if (propagation === 'Orphan' || remaining.length > 0) {
          dependent.metadata.ownerReferences = remaining;
          if (remaining.length === 0) delete dependent.metadata.ownerReferences;
          this.store.put(other, dependent);
        } else {
          this.#remove(other, dependent, 'Background');
        }
      }
    }
    if (t.kind === 'CustomResourceDefinition') this.#unregisterCrd(object);
    return gone;
  }

  #asObject(t: ResourceType, body: unknown): KubeObject {
    if (!isPlainObject(body)) throw badRequest('the body of the request was in an unknown format');
    const object = structuredClone(body) as KubeObject;
    if (object.kind !== undefined && object.kind !== t.kind) {
      throw badRequest(
        `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${groupVersion(t)})`,
      );
    }
    object.apiVersion = groupVersion(t);
    object.kind = t.kind;
    object.metadata = (isPlainObject(object.metadata) ? object.metadata : {}) as KubeObject['metadata'];
    return object;
  }

  #register(t: ResourceType): void {
    this.#types.set(`${t.group}/${t.version}/${t.plural}`, t);
  }

  #registerCrd(crd: KubeObject): void {
    this.#unregisterCrd(crd);
    const spec = crd.spec as CrdSpec;
    for (const version of spec.versions ?? []) {
      if (version.served === false) continue;
      const subresources = Object.keys(version.subresources ?? {});
      this.#register({
        group: spec.group,
        version: version.name,
        kind: spec.names.kind,
        plural: spec.names.plural,
        singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
        namespaced: spec.scope !== 'Cluster',
        ...(spec.names.shortNames ? { shortNames: spec.names.shortNames } : {}),
        ...(spec.names.categories ? { categories: spec.names.categories } : {}),
        ...(subresources.length > 0 ? { subresources } : {}),
        generation: true,
        crd: crd.metadata.name,
      });
    }
  }

  #unregisterCrd(crd: KubeObject): void {
    for (const [key, t] of this.#types) {
      if (t.crd !== crd.metadata.name) continue;
      this.#types.delete(key);
      if (
        !this.store.get(
          this.mustResource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions'),
          undefined,
          crd.metadata.name,
        )
      ) {
        for (const item of this.store.list(t))
          this.store.remove(t, item.metadata.namespace, item.metadata.name);
      }
    }
  }
}

interface CrdSpec {
  group: string;
  scope?: 'Namespaced' | 'Cluster';
  names: { kind: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
  versions?: { name: string; served?: boolean; storage?: boolean; subresources?: Record<string, unknown> }[];
}

/** A write that changes nothing keeps its resourceVersion, as on a real apiserver. */
function unchanged(before: KubeObject, after: KubeObject): boolean {
  const comparable = (o: KubeObject) => ({
    ...o,
    metadata: {
      ...o.metadata,
      resourceVersion: '',
      managedFields: (o.metadata.managedFields ?? []).map((e) => ({ ...e, time: '' })),
    },
  });
  return deepEqual(comparable(before), comparable(after));
}

/** Everything but metadata and status: what bumps `metadata.generation` when it changes. */
function specOf(object: KubeObject): unknown {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = object;
  return rest;
}

/** Status the apiserver itself fills on create: namespaces active, pods pending, CRDs accepted. */
function creationHooks(object: KubeObject, before: KubeObject | undefined): void {
  if (before) return;
  if (object.kind === 'Namespace') object.status = { phase: 'Active' };
  if (object.kind === 'Pod' && object.apiVersion === 'v1')
    object.status = { phase: 'Pending', qosClass: 'BestEffort' };
  if (object.kind === 'Job' && object.apiVersion === 'batch/v1') labelJob(object);
}

/** The selector and pod labels a Job gets from its own uid. */
function labelJob(job: KubeObject): void {
  const spec = job.spec as {
    selector?: unknown;
    manualSelector?: boolean;
    template?: { metadata?: { labels?: Record<string, string> } };
  };
  if (!spec || spec.manualSelector) return;
  const uid = job.metadata.uid;
  const labels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': job.metadata.name,
    'controller-uid': uid,
    'job-name': job.metadata.name,
  };
  spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.metadata.labels = { ...spec.template.metadata.labels, ...labels };
}

function establish(crd: KubeObject): void {
  const spec = crd.spec as CrdSpec;
  const now = timestamp();
  crd.status = {
    acceptedNames: spec.names,
    conditions: [
      {
        type: 'NamesAccepted',
        status: 'True',
        lastTransitionTime: now,
        reason: 'NoConflicts',
        message: 'no conflicts found',
      },
      {
        type: 'Established',
        status: 'True',
        lastTransitionTime: now,
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      },
    ],
    storedVersions: (spec.versions ?? []).filter((v) => v.storage).map((v) => v.name),
  };
}
