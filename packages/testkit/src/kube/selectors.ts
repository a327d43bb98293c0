import type { KubeObject } from './store.ts';

/** One requirement of a label or field selector. */
interface Requirement {
  readonly key: string;
  readonly operator: 'in' | 'notin' | 'exists' | '!exists';
  readonly values: readonly string[];
}

export type Selector = (object: KubeObject) => boolean;

/** Parses the `labelSelector` query syntax: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. */
export function parseLabelSelector(text: string): Selector {
  const requirements = parseRequirements(text);
  return (object) => requirements.every((r) => matches(r, object.metadata.labels ?? {}));
}

/** Parses the `fieldSelector` query syntax (`=`, `==`, `!=` on dotted paths such as `metadata.name`). */
export function parseFieldSelector(text: string): Selector {
  const requirements = splitTopLevel(text).map((term) => {
    const match = /^\s*([A-Za-z0-9_.]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(term);
    if (!match) throw new SelectorError(`invalid field selector: ${JSON.stringify(term)}`);
    return { path: match[1]!.split('.'), negate: match[2] === '!=', value: match[3]! };
  });
  return (object) =>
    requirements.every(({ path, negate, value }) => (fieldValue(object, path) === value) !== negate);
}

export class SelectorError extends Error {}

/** A `metav1.LabelSelector` (matchLabels / matchExpressions) as a predicate over labels. */
export function labelSelectorMatches(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: MatchExpression[] } | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (have[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const operator =
      e.operator === 'In'
        ? 'in'
        : e.operator === 'NotIn'
          ? 'notin'
          : e.operator === 'Exists'
            ? 'exists'
            : '!exists';
    if (!matches({ key: e.key, operator, values: e.values ?? [] }, have)) return false;
  }
  return true;
}

export interface MatchExpression {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** The selector as `kubectl` prints it and as a list call takes it: `app=web,tier in (a,b)`. */
export function formatLabelSelector(selector: {
  matchLabels?: Record<string, string>;
  matchExpressions?: MatchExpression[];
}): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const value = labels[r.key];
  switch (r.operator) {
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
    case 'in':
      return value !== undefined && r.values.includes(value);
    case 'notin':
      return value === undefined || !r.values.includes(value);
  }
}

function parseRequirements(text: string): Requirement[] {
  const out: Requirement[] = [];
  for (const raw of splitTopLevel(text)) {
    const term = raw.trim();
    if (term === '') continue;
    let match = /^([^\s!=,()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (match) {
      const values = match[3]!.split(',').map((v) => v.trim());
      out.push({ key: match[1]!, operator: match[2] as 'in' | 'notin', values });
      continue;
    }
    match = /^([^\s!=,()]+)\s*(==|!=|=)\s*([^\s,()]*)$/.exec(term);
    if (match) {
      out.push({ key: match[1]!, operator: match[2] === '!=' ? 'notin' : 'in', values: [match[3]!] });
      continue;
    }
    match = /^(!?)([^\s!=,()]+)$/.exec(term);
    if (match) {
      out.push({ key: match[2]!, operator: match[1] ? '!exists' : 'exists', values: [] });
      continue;
    }
    throw new SelectorError(`unable to parse requirement: ${JSON.stringify(term)}`);
  }
  return out;
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') out.push(current);
  return out;
}

function fieldValue(object: KubeObject, path: readonly string[]): string {
  let current: unknown = object;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return '';
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
}
