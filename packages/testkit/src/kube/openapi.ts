import { createHash } from 'node:crypto';
import { groupVersion, type ResourceType } from './resources.ts';

/**
 * A minimal OpenAPI v3 surface: kubectl reads `/openapi/v3` to learn that the server validates
 * fields itself (`fieldValidation` on each kind's PATCH operation) and then skips client-side
 * schema validation. No schemas are served.
 */
function paths(types: readonly ResourceType[]): Map<string, ResourceType[]> {
  const out = new Map<string, ResourceType[]>();
  for (const t of types) {
    const key = t.group === '' ? `api/${t.version}` : `apis/${t.group}/${t.version}`;
    out.set(key, [...(out.get(key) ?? []), t]);
  }
  return out;
}

export function openApiRoot(types: readonly ResourceType[]): unknown {
  const entries: Record<string, { serverRelativeURL: string }> = {};
  for (const [path, members] of paths(types)) {
    const hash = createHash('sha512')
      .update(JSON.stringify(members))
      .digest('hex')
      .slice(0, 128)
      .toUpperCase();
    entries[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
  }
  return { paths: entries };
}

export function openApiGroupVersion(types: readonly ResourceType[], path: string): unknown {
  const members = paths(types).get(path);
  if (!members) return undefined;
  const queryParameters = ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({
    name,
    in: 'query',
    schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
  }));
  const out: Record<string, unknown> = {};
  for (const t of members) {
    const prefix = `/${path}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}/{name}`;
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    out[prefix] = {
      patch: {
        operationId: `patch${t.kind}`,
        parameters: queryParameters,
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.35.0' },
    paths: out,
    components: {},
    'x-digestflow-group-version': groupVersion(members[0]!),
  };
}
