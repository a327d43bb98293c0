import { type FieldPath, FieldSet, formatPath, removeAt, type Scope, valueAt } from './fieldset.ts';
import { deepEqual, isPlainObject, itemKey, listKind, sameKey } from './schema.ts';
import type { ManagedFieldsEntry } from './store.ts';

export interface Conflict {
  readonly entry: ManagedFieldsEntry;
  readonly path: FieldPath;
}

/** Server-side apply refused: fields the applier sets are owned by others with other values. */
export class ApplyConflictError extends Error {
  readonly conflicts: readonly Conflict[];

  constructor(conflicts: readonly Conflict[]) {
    super(conflictMessage(conflicts));
    this.conflicts = conflicts;
  }

  /** The `details.causes` of the 409 Status, as the apiserver lists them. */
  causes(): { type: string; message: string; field: string }[] {
    return this.conflicts.map((c) => ({
      type: 'FieldManagerConflict',
      message: `conflict with ${printManager(c.entry)}`,
      field: formatPath(c.path),
    }));
  }
}

export interface ApplyRequest {
  /** The object as stored, or undefined when apply creates it. */
  readonly live: Record<string, unknown> | undefined;
  readonly managedFields: readonly ManagedFieldsEntry[];
  /** The applied configuration, as the manager sent it. */
  readonly applied: Record<string, unknown>;
  readonly manager: string;
  readonly apiVersion: string;
  readonly force: boolean;
  readonly now: string;
}

/**
 * Server-side apply: checks ownership conflicts, drops the fields this manager applied before but
 * no longer does (unless someone else owns them), merges the configuration in, and records the
 * manager's field set. Returns the merged object and the new managedFields.
 */
export function serverSideApply(request: ApplyRequest): {
  object: Record<string, unknown>;
  managedFields: ManagedFieldsEntry[];
} {
  const applied = FieldSet.of(request.applied);
  const isMine = (e: ManagedFieldsEntry) =>
    e.manager === request.manager && e.operation === 'Apply' && e.subresource === undefined;
  const others = request.managedFields.filter((e) => !isMine(e));
  const conflicts: Conflict[] = [];
  for (const entry of others) {
    if (entry.subresource !== undefined) continue;
    const owned = FieldSet.fromFieldsV1(entry.fieldsV1);
    for (const path of applied.paths()) {
      if (path[path.length - 1] === '.' || !owned.has(path)) continue;
      if (!deepEqual(valueAt(request.applied, path), valueAt(request.live, path)))
        conflicts.push({ entry, path });
    }
  }
  conflicts.sort((a, b) => formatPath(a.path).localeCompare(formatPath(b.path)));
  if (conflicts.length > 0 && !request.force) throw new ApplyConflictError(conflicts);

  const otherSets = others.map((entry) => {
    let set = FieldSet.fromFieldsV1(entry.fieldsV1);
    for (const c of conflicts) if (c.entry === entry) set.delete(c.path);
    if (request.force) set = set.minus(applied);
    return { entry, set };
  });
  const previous = request.managedFields.find(isMine);
  const object: Record<string, unknown> = structuredClone(request.live ?? {});
  if (previous) {
    const dropped = FieldSet.fromFieldsV1(previous.fieldsV1).minus(applied).paths();
    dropped.sort((a, b) => b.length - a.length);
    for (const path of dropped) {
      const target = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
      if (!otherSets.some(({ set }) => set.covers(target))) removeAt(object, path);
    }
  }
  const merged = mergeApplied(object, request.applied, []) as Record<string, unknown>;
  const entries: ManagedFieldsEntry[] = [];
  for (const { entry, set } of otherSets) {
    if (set.size > 0) entries.push({ ...entry, fieldsV1: set.toFieldsV1() });
  }
  const mine: ManagedFieldsEntry = {
    manager: request.manager,
    operation: 'Apply',
    apiVersion: request.apiVersion,
    time: request.now,
    fieldsType: 'FieldsV1',
    fieldsV1: applied.toFieldsV1(),
  };
  const position = previous ? request.managedFields.indexOf(previous) : entries.length;
  entries.splice(Math.min(position, entries.length), 0, mine);
  return { object: merged, managedFields: entries };
}

export interface UpdateRecord {
  readonly before: Record<string, unknown> | undefined;
  readonly after: Record<string, unknown>;
  readonly managedFields: readonly ManagedFieldsEntry[];
  readonly manager: string;
  readonly apiVersion: string;
  readonly scope: Scope;
  readonly now: string;
}

/**
 * Ownership after a create, update or patch: the writer takes every field it changed (an
 * `Update` entry, per subresource), and other managers lose those fields.
 */
export function recordUpdate(record: UpdateRecord): ManagedFieldsEntry[] {
  const after = FieldSet.of(record.after, record.scope);
  const before = FieldSet.of(record.before, record.scope);
  const changed = new FieldSet();
  for (const path of after.paths()) {
    if (!before.has(path) || !deepEqual(valueAt(record.after, path), valueAt(record.before, path))) {
      changed.add(path);
    }
  }
  const removed = before.minus(after);
  const subresource = record.scope === 'status' ? 'status' : undefined;
  const isMine = (e: ManagedFieldsEntry) =>
    e.manager === record.manager && e.operation === 'Update' && e.subresource === subresource;
  if (changed.size === 0 && removed.size === 0) return [...record.managedFields];
  const entries: ManagedFieldsEntry[] = [];
  let mine: FieldSet | undefined;
  for (const entry of record.managedFields) {
    const set = FieldSet.fromFieldsV1(entry.fieldsV1).minus(removed);
    if (isMine(entry)) {
      mine = set.union(changed);
      entries.push({ ...entry, time: record.now, fieldsV1: mine.toFieldsV1() });
      continue;
    }
    const kept = set.minus(changed);
    if (kept.size > 0) entries.push({ ...entry, fieldsV1: kept.toFieldsV1() });
  }
  if (!mine && changed.size > 0) {
    entries.push({
      manager: record.manager,
      operation: 'Update',
      apiVersion: record.apiVersion,
      time: record.now,
      fieldsType: 'FieldsV1',
      fieldsV1: changed.toFieldsV1(),
      ...(subresource ? { subresource } : {}),
    });
  }
  return entries;
}

function mergeApplied(live: unknown, applied: unknown, names: readonly string[]): unknown {
  if (isPlainObject(applied)) {
    const out: Record<string, unknown> = isPlainObject(live) ? live : {};
    for (const [key, value] of Object.entries(applied)) {
      if (value === null) delete out[key];
      else out[key] = mergeApplied(out[key], value, [...names, key]);
    }
    return out;
  }
  if (Array.isArray(applied)) {
    const kind = listKind(names);
    if (kind.type === 'set') {
      const out = Array.isArray(live) ? [...live] : [];
      for (const value of applied) if (!out.some((v) => deepEqual(v, value))) out.push(value);
      return out;
    }
    if (kind.type === 'map' && Array.isArray(live)) {
      const out = [...live];
      for (const item of applied) {
        const key = itemKey(kind, item);
        const index = key ? out.findIndex((existing) => sameKey(itemKey(kind, existing), key)) : -1;
        if (index >= 0) out[index] = mergeApplied(out[index], item, names);
        else out.push(structuredClone(item));
      }
      return out;
    }
  }
  return structuredClone(applied);
}

function printManager(entry: ManagedFieldsEntry): string {
  let text = JSON.stringify(entry.manager);
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') text += ` using ${entry.apiVersion} at ${entry.time}`;
  return text;
}

function conflictMessage(conflicts: readonly Conflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    return `Apply failed with 1 conflict: conflict with ${printManager(only.entry)}: ${formatPath(only.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) {
    const manager = printManager(c.entry);
    byManager.set(manager, [...(byManager.get(manager) ?? []), formatPath(c.path)]);
  }
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${manager}:`);
    for (const path of byManager.get(manager) ?? []) lines.push(`- ${path}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}
