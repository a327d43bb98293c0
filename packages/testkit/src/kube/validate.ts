import { type FieldError, invalid } from './errors.ts';
import type { ResourceType } from './resources.ts';
import { deepEqual, isPlainObject } from './schema.ts';
import { labelSelectorMatches } from './selectors.ts';
import type { KubeObject } from './store.ts';

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const templated = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/** The validation that deploy tooling trips over in practice; throws 422 Invalid. */
export function validate(t: ResourceType, object: KubeObject, before: KubeObject | undefined): void {
  const errors: FieldError[] = [];
  const name = object.metadata.name;
  if (!name) {
    errors.push({
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
      reason: 'FieldValueRequired',
    });
  } else if (name.length > 253 || !subdomain.test(name)) {
    errors.push({
      field: 'metadata.name',
      message: `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    });
  }
  const spec = isPlainObject(object.spec) ? object.spec : undefined;
  if (templated.has(t.kind) || t.kind === 'Job') {
    const template = isPlainObject(spec?.template) ? spec.template : undefined;
    const labels = (isPlainObject(template?.metadata) ? template.metadata.labels : undefined) as
      | Record<string, string>
      | undefined;
    const selector = spec?.selector as Parameters<typeof labelSelectorMatches>[0];
    if (templated.has(t.kind) && !selector) {
      errors.push({ field: 'spec.selector', message: 'Required value', reason: 'FieldValueRequired' });
    } else if (selector && !labelSelectorMatches(selector, labels)) {
      errors.push({
        field: 'spec.template.metadata.labels',
        message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``,
      });
    }
    if (before && isPlainObject(before.spec) && !deepEqual(before.spec.selector, spec?.selector)) {
      errors.push({
        field: 'spec.selector',
        message: `Invalid value: ${JSON.stringify(spec?.selector)}: field is immutable`,
      });
    }
    errors.push(...validatePodSpec(template?.spec, 'spec.template.spec'));
  }
  if (t.kind === 'Pod') errors.push(...validatePodSpec(spec, 'spec'));
  if (errors.length > 0) throw invalid(t, name, errors);
}

function validatePodSpec(spec: unknown, at: string): FieldError[] {
  if (!isPlainObject(spec)) return [{ field: at, message: 'Required value', reason: 'FieldValueRequired' }];
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    return [{ field: `${at}.containers`, message: 'Required value', reason: 'FieldValueRequired' }];
  }
  const errors: FieldError[] = [];
  containers.forEach((c, i) => {
    if (!isPlainObject(c) || typeof c.name !== 'string' || c.name === '') {
      errors.push({
        field: `${at}.containers[${i}].name`,
        message: 'Required value',
        reason: 'FieldValueRequired',
      });
    }
    if (!isPlainObject(c) || typeof c.image !== 'string' || c.image === '') {
      errors.push({
        field: `${at}.containers[${i}].image`,
        message: 'Required value',
        reason: 'FieldValueRequired',
      });
    }
  });
  return errors;
}

function goMap(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return `map[string]string{${entries.join(', ')}}`;
}
