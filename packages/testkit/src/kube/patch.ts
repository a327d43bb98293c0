import { isPlainObject, itemKey, listKind, sameKey } from './schema.ts';

export class PatchError extends Error {}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * Strategic merge patch for the common cases: maps merge, lists with a merge key (containers by
 * name, ports by port, …) merge item by item, `null` and `$patch: delete|replace` directives,
 * `$deleteFromPrimitiveList`, and `$setElementOrder`/`$retainKeys` accepted.
 */
export function strategicMergePatch(target: unknown, patch: unknown, path: readonly string[] = []): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') return withoutDirectives(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value))
        result[field] = current.filter((v) => !value.includes(v));
      continue;
    }
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = mergeList(result[key], value, [...path, key]);
    } else if (isPlainObject(value)) {
      if (value.$patch === 'delete') delete result[key];
      else result[key] = strategicMergePatch(result[key], value, [...path, key]);
    } else {
      result[key] = value;
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    for (const key of Object.keys(result)) if (!patch.$retainKeys.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(current: unknown, patch: unknown[], path: readonly string[]): unknown[] {
  const kind = listKind(path);
  if (kind.type === 'set') {
    const out = Array.isArray(current) ? [...current] : [];
    for (const value of patch) if (!out.includes(value)) out.push(value);
    return out;
  }
  if (kind.type === 'atomic') return structuredClone(patch);
  if (patch.some((item) => isPlainObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isPlainObject(item) && item.$patch === 'replace')).map(withoutDirectives);
  }
  // The patch merge key is the first list-map key (containerPort, port, name, …).
  const mergeKind = { ...kind, keys: kind.keys.slice(0, 1) };
  const out: unknown[] = Array.isArray(current) ? structuredClone(current) : [];
  for (const item of patch) {
    const key = itemKey(mergeKind, item);
    const index = out.findIndex((existing) => sameKey(itemKey(mergeKind, existing), key));
    if (isPlainObject(item) && item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) {
      out[index] = strategicMergePatch(out[index], item, path);
    } else {
      out.push(withoutDirectives(item));
    }
  }
  return out;
}

function withoutDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDirectives);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!k.startsWith('$')) out[k] = withoutDirectives(v);
  }
  return out;
}

interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** RFC 6902 JSON patch (what `kubectl rollout undo` sends for a Deployment). */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw new PatchError('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const operation of operations as JsonPatchOperation[]) {
    const path = pointer(operation.path);
    switch (operation.op) {
      case 'add':
        doc = setAt(doc, path, structuredClone(operation.value), 'add');
        break;
      case 'replace':
        doc = setAt(doc, path, structuredClone(operation.value), 'replace');
        break;
      case 'remove':
        doc = removeAt(doc, path);
        break;
      case 'move': {
        const from = pointer(operation.from ?? '');
        const value = getAt(doc, from);
        doc = setAt(removeAt(doc, from), path, value, 'add');
        break;
      }
      case 'copy':
        doc = setAt(doc, path, structuredClone(getAt(doc, pointer(operation.from ?? ''))), 'add');
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, path)) !== JSON.stringify(operation.value)) {
          throw new PatchError(`testing value ${operation.path} failed`);
        }
        break;
      default:
        throw new PatchError(`Unexpected kind: ${String((operation as { op: unknown }).op)}`);
    }
  }
  return doc;
}

function pointer(text: string): string[] {
  if (text === '') return [];
  if (!text.startsWith('/')) throw new PatchError(`invalid JSON pointer ${JSON.stringify(text)}`);
  return text
    .slice(1)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function getAt(doc: unknown, path: readonly string[]): unknown {
  let current = doc;
  for (const part of path) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isPlainObject(current)) current = current[part];
    else current = undefined;
    if (current === undefined) throw new PatchError(`jsonpatch: path /${path.join('/')} does not exist`);
  }
  return current;
}

function setAt(doc: unknown, path: readonly string[], value: unknown, mode: 'add' | 'replace'): unknown {
  if (path.length === 0) return value;
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (mode === 'add') parent.splice(index, 0, value);
    else parent[index] = value;
  } else if (isPlainObject(parent)) {
    if (mode === 'replace' && !(last in parent)) {
      throw new PatchError(
        `jsonpatch replace operation does not apply: doc is missing key: /${path.join('/')}`,
      );
    }
    parent[last] = value;
  } else {
    throw new PatchError(`jsonpatch: parent of /${path.join('/')} is not a container`);
  }
  return doc;
}

function removeAt(doc: unknown, path: readonly string[]): unknown {
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isPlainObject(parent) && last in parent) delete parent[last];
  else
    throw new PatchError(
      `jsonpatch remove operation does not apply: doc is missing path: /${path.join('/')}`,
    );
  return doc;
}
