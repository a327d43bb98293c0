import { isPlainObject, itemKey, type ListKind, listKind, sameKey, sortKeys } from './schema.ts';
import type { JsonObject } from './store.ts';

/**
 * A set of field paths in the `FieldsV1` vocabulary of server-side apply: `f:<field>`,
 * `k:{<list-map key>}`, `v:<set value>`, and `.` for "the list item itself".
 */
export type FieldPath = readonly string[];

/** Which part of an object a write owns: everything but status, or only status. */
export type Scope = 'main' | 'status';

const systemMetadata = new Set([
  'name',
  'namespace',
  'generateName',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

export class FieldSet {
  readonly #paths = new Map<string, FieldPath>();

  static of(object: unknown, scope: Scope = 'main'): FieldSet {
    const set = new FieldSet();
    if (!isPlainObject(object)) return set;
    for (const [key, value] of Object.entries(object)) {
      if (key === 'apiVersion' || key === 'kind') continue;
      if ((key === 'status') !== (scope === 'status')) continue;
      if (key === 'metadata' && isPlainObject(value)) {
        for (const [field, v] of Object.entries(value)) {
          if (!systemMetadata.has(field)) set.#walk(v, ['metadata', field], ['f:metadata', `f:${field}`]);
        }
        continue;
      }
      set.#walk(value, [key], [`f:${key}`]);
    }
    return set;
  }

  static fromFieldsV1(tree: JsonObject): FieldSet {
    const set = new FieldSet();
    const visit = (node: JsonObject, prefix: string[]) => {
      const children = Object.entries(node);
      if (children.length === 0 && prefix.length > 0) set.add(prefix);
      for (const [segment, child] of children) {
        visit(isPlainObject(child) ? (child as JsonObject) : {}, [...prefix, segment]);
      }
    };
    visit(tree, []);
    return set;
  }

  get size(): number {
    return this.#paths.size;
  }

  add(path: FieldPath): void {
    this.#paths.set(JSON.stringify(path), path);
  }

  has(path: FieldPath): boolean {
    return this.#paths.has(JSON.stringify(path));
  }

  delete(path: FieldPath): void {
    this.#paths.delete(JSON.stringify(path));
  }

  /** Whether any path of this set is `prefix` or lies below it. */
  covers(prefix: FieldPath): boolean {
    for (const path of this.#paths.values()) {
      if (prefix.every((segment, i) => path[i] === segment)) return true;
    }
    return false;
  }

  paths(): FieldPath[] {
    return [...this.#paths.values()];
  }

  union(other: FieldSet): FieldSet {
    const out = this.clone();
    for (const path of other.paths()) out.add(path);
    return out;
  }

  minus(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const path of this.paths()) if (!other.has(path)) out.add(path);
    return out;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    for (const path of this.paths()) out.add(path);
    return out;
  }

  toFieldsV1(): JsonObject {
    const root: JsonObject = {};
    for (const path of this.paths()) {
      let node = root;
      for (const segment of path) {
        node[segment] ??= {};
        node = node[segment] as JsonObject;
      }
    }
    return sortTree(root);
  }

  #walk(value: unknown, names: string[], path: string[]): void {
    if (isPlainObject(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0) this.add(path);
      for (const [key, child] of entries) this.#walk(child, [...names, key], [...path, `f:${key}`]);
      return;
    }
    if (Array.isArray(value)) {
      const kind = listKind(names);
      if (kind.type === 'set') {
        for (const item of value) this.add([...path, `v:${JSON.stringify(item)}`]);
        return;
      }
      if (kind.type === 'map' && value.every((item) => itemKey(kind, item))) {
        for (const item of value as Record<string, unknown>[]) {
          const itemPath = [...path, keySegment(kind, item)];
          this.add([...itemPath, '.']);
          for (const [key, child] of Object.entries(item)) {
            this.#walk(child, [...names, key], [...itemPath, `f:${key}`]);
          }
        }
        return;
      }
    }
    this.add(path);
  }
}

function keySegment(kind: ListKind & { type: 'map' }, item: unknown): string {
  return `k:${JSON.stringify(sortKeys(itemKey(kind, item) ?? {}))}`;
}

function sortTree(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(node).sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a.localeCompare(b)))) {
    out[key] = sortTree(node[key] as JsonObject);
  }
  return out;
}

/** The value a path points at in an object, or undefined. */
export function valueAt(object: unknown, path: FieldPath): unknown {
  let current: unknown = object;
  const names: string[] = [];
  for (const segment of path) {
    if (segment === '.') return current;
    if (segment.startsWith('f:')) {
      const name = segment.slice(2);
      names.push(name);
      current = isPlainObject(current) ? current[name] : undefined;
    } else if (segment.startsWith('k:')) {
      const kind = listKind(names);
      const key = JSON.parse(segment.slice(2)) as Record<string, unknown>;
      current =
        Array.isArray(current) && kind.type === 'map'
          ? current.find((item) => sameKey(itemKey(kind, item), key))
          : undefined;
    } else if (segment.startsWith('v:')) {
      const wanted = segment.slice(2);
      current = Array.isArray(current) ? current.find((item) => JSON.stringify(item) === wanted) : undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}

/** Deletes the field, list item or set member a path points at; returns whether it was there. */
export function removeAt(object: unknown, path: FieldPath): boolean {
  const itemRemoval = path[path.length - 1] === '.';
  const target = itemRemoval ? path.slice(0, -1) : path;
  const last = target[target.length - 1];
  if (last === undefined) return false;
  const parentPath = target.slice(0, -1);
  const parent = parentPath.length === 0 ? object : valueAt(object, parentPath);
  if (last.startsWith('f:') && isPlainObject(parent)) {
    const had = last.slice(2) in parent;
    delete parent[last.slice(2)];
    return had;
  }
  if (Array.isArray(parent)) {
    const item = valueAt(object, target);
    const index = parent.indexOf(item);
    if (index >= 0) parent.splice(index, 1);
    return index >= 0;
  }
  return false;
}

/** `.spec.template.spec.containers[name="app"].image`, as conflict messages print a path. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (segment === '.') continue;
    if (segment.startsWith('f:')) out += `.${segment.slice(2)}`;
    else if (segment.startsWith('k:')) {
      const key = JSON.parse(segment.slice(2)) as Record<string, unknown>;
      out += `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    } else if (segment.startsWith('v:')) out += `[=${segment.slice(2)}]`;
  }
  return out;
}
