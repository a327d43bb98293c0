// Shapes: partial objects that say which fields of an object matter. A configuration as applied
// is a shape; so is a field manager's field set (managedFields[].fieldsV1). Projecting an
// object onto a shape keeps only those fields, with the object's values.
import type { Json } from './objects.ts';

type JsonMap = { [key: string]: Json };

// Keys by which server-side apply merges lists of objects (containers, env, volumes, ports,
// mounts); other lists are atomic and taken whole.
const LIST_KEYS = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip'];

export function isMap(value: Json | undefined): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listKey(items: readonly Json[]): string | undefined {
  return LIST_KEYS.find((k) => items.every((item) => isMap(item) && item[k] !== undefined));
}

/** `value` reduced to the fields of `shape`; a leaf of the shape takes the value whole. */
export function project(shape: Json, value: Json): Json | undefined {
  if (isMap(shape) && isMap(value)) {
    const out: JsonMap = {};
    for (const key of Object.keys(shape)) {
      if (!(key in value)) continue;
      const projected = project(shape[key]!, value[key]!);
      if (projected !== undefined) out[key] = projected;
    }
    return out;
  }
  if (Array.isArray(shape) && Array.isArray(value)) {
    const key = listKey([...shape, ...value]);
    if (key === undefined) return value;
    return shape.flatMap((item) => {
      const match = value.find(
        (candidate) => isMap(candidate) && isMap(item) && candidate[key] === item[key],
      );
      return match === undefined ? [] : [project(item, match)!];
    });
  }
  return value;
}

/** Both shapes at once: maps merged, keyed list items merged by key; a leaf covers everything below. */
export function unionShapes(a: Json, b: Json): Json {
  if (isMap(a) && isMap(b)) {
    const out: JsonMap = { ...a };
    for (const [key, value] of Object.entries(b)) out[key] = key in a ? unionShapes(a[key]!, value) : value;
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const key = listKey([...a, ...b]);
    if (key === undefined) return true;
    const out = [...a];
    for (const item of b) {
      const index = out.findIndex(
        (candidate) => isMap(candidate) && isMap(item) && candidate[key] === item[key],
      );
      if (index === -1) out.push(item);
      else out[index] = unionShapes(out[index]!, item);
    }
    return out;
  }
  const leaf = (value: Json) => !isMap(value) && !Array.isArray(value);
  // Two leaves: keep a concrete value, list items are matched by their key fields' values.
  if (leaf(a) && leaf(b)) return a === true ? b : a;
  return true;
}

/**
 * The shape of a managedFields entry's `fieldsV1`: `f:<name>` fields, `k:<json>` list items by
 * key, `v:<json>` set members; `{}` is a leaf. Index items (`i:`) cannot be matched and are left out.
 */
export function shapeOfFields(fields: JsonMap): Json {
  const keys = Object.keys(fields).filter((key) => key !== '.');
  if (keys.length === 0) return true;
  if (keys.some((key) => key.startsWith('k:') || key.startsWith('v:') || key.startsWith('i:'))) {
    if (keys.some((key) => key.startsWith('v:'))) return true; // a set is applied whole
    return keys
      .filter((key) => key.startsWith('k:'))
      .map((key) => {
        const child = fields[key];
        const rest = isMap(child) ? shapeOfFields(child) : true;
        return { ...(isMap(rest) ? rest : {}), ...(JSON.parse(key.slice(2)) as JsonMap) };
      });
  }
  const out: JsonMap = {};
  for (const key of keys) {
    if (!key.startsWith('f:')) continue;
    const child = fields[key];
    out[key.slice(2)] = isMap(child) ? shapeOfFields(child) : true;
  }
  return out;
}
