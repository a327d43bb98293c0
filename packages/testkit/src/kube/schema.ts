/**
 * What the simulator knows of the Kubernetes schema: how each list merges. Real servers read this
 * from the OpenAPI `x-kubernetes-list-type` / `x-kubernetes-list-map-keys` / `patchMergeKey`
 * markers; here the lists that real manifests merge are named by field, everything else is atomic.
 */
export type ListKind =
  | { readonly type: 'map'; readonly keys: readonly string[]; readonly defaults?: Record<string, unknown> }
  | { readonly type: 'set' }
  | { readonly type: 'atomic' };

const byName = { type: 'map', keys: ['name'] } as const;

const lists: Record<string, ListKind> = {
  containers: byName,
  initContainers: byName,
  ephemeralContainers: byName,
  env: byName,
  volumes: byName,
  imagePullSecrets: byName,
  resourceClaims: byName,
  volumeMounts: { type: 'map', keys: ['mountPath'] },
  volumeDevices: { type: 'map', keys: ['devicePath'] },
  hostAliases: { type: 'map', keys: ['ip'] },
  conditions: { type: 'map', keys: ['type'] },
  ownerReferences: { type: 'map', keys: ['uid'] },
  topologySpreadConstraints: { type: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] },
  finalizers: { type: 'set' },
};

/** How the list at `path` (field names from the object root) merges. */
export function listKind(path: readonly string[]): ListKind {
  const field = path[path.length - 1] ?? '';
  if (field === 'ports') {
    const inContainer = path.some((p) => p === 'containers' || p === 'initContainers');
    return inContainer
      ? { type: 'map', keys: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } }
      : { type: 'map', keys: ['port', 'protocol'], defaults: { protocol: 'TCP' } };
  }
  if (field === 'conditions' && !path.includes('status')) return { type: 'atomic' };
  return lists[field] ?? { type: 'atomic' };
}

/** The key fields of a list item, with schema defaults filled in (protocol: TCP). */
export function itemKey(
  kind: ListKind & { type: 'map' },
  item: unknown,
): Record<string, unknown> | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const key: Record<string, unknown> = {};
  for (const name of kind.keys) {
    const value = (item as Record<string, unknown>)[name] ?? kind.defaults?.[name];
    if (value !== undefined) key[name] = value;
  }
  return Object.keys(key).length > 0 ? key : undefined;
}

export function sameKey(
  a: Record<string, unknown> | undefined,
  b: Record<string, unknown> | undefined,
): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

export function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    const otherKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    return keys.length === otherKeys.length && keys.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}
