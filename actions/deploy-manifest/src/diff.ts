import { stringify } from 'yaml';
import type { KubeObject } from './objects.ts';

const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
];
const SECRET_FIELDS = ['data', 'stringData'];

/** The object as a person compares it: without status and the server's bookkeeping. */
export function comparable(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = object;
  const metadata = { ...object.metadata };
  for (const key of SERVER_METADATA) delete metadata[key];
  return { ...rest, metadata };
}

/**
 * Secret values replaced by `***`, as `kubectl diff` does: `*** (before)` and `*** (after)`
 * when a value changed, so a diff shows which key changed without showing any value.
 */
export function redactSecrets(
  before: KubeObject | undefined,
  after: KubeObject | undefined,
): [KubeObject | undefined, KubeObject | undefined] {
  const kind = after?.kind ?? before?.kind;
  if (kind !== 'Secret') return [before, after];
  const redact = (object: KubeObject | undefined, other: KubeObject | undefined, label: string) => {
    if (object === undefined) return undefined;
    const copy: KubeObject = { ...object };
    for (const field of SECRET_FIELDS) {
      const values = object[field] as Record<string, string> | undefined;
      if (values === undefined || values === null) continue;
      const otherValues = (other?.[field] ?? {}) as Record<string, string>;
      copy[field] = Object.fromEntries(
        Object.entries(values).map(([key, value]) => [
          key,
          otherValues[key] === undefined || otherValues[key] === value ? '***' : `*** (${label})`,
        ]),
      );
    }
    return copy;
  };
  return [redact(before, after, 'before'), redact(after, before, 'after')];
}

/**
 * A unified-style line diff of two objects as YAML (`-` removed, `+` added, two lines of
 * context), Secret values redacted. Empty when nothing a person would see changed.
 */
export function diffObjects(before: KubeObject | undefined, after: KubeObject | undefined): string {
  const [left, right] = redactSecrets(before && comparable(before), after && comparable(after));
  const a = left === undefined ? [] : stringify(left).trimEnd().split('\n');
  const b = right === undefined ? [] : stringify(right).trimEnd().split('\n');
  return unifiedLines(a, b, 2).join('\n');
}

/** Line diff by longest common subsequence; objects are small enough for the O(n·m) table. */
export function unifiedLines(a: readonly string[], b: readonly string[], context: number): string[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Array<{ op: ' ' | '-' | '+'; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i++]! });
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ op: '-', line: a[i++]! });
    } else {
      ops.push({ op: '+', line: b[j++]! });
    }
  }
  const changed = ops.map((entry) => entry.op !== ' ');
  if (!changed.includes(true)) return [];
  const out: string[] = [];
  let skipped = false;
  ops.forEach((entry, index) => {
    const near = changed
      .slice(Math.max(0, index - context), Math.min(ops.length, index + context + 1))
      .includes(true);
    if (near) {
      if (skipped) out.push('  …');
      skipped = false;
      out.push(`${entry.op} ${entry.line}`);
    } else {
      skipped = true;
    }
  });
  if (skipped) out.push('  …');
  return out;
}
