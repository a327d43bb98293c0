// The shape of a Kubernetes object as this action reads it: plain JSON, as the API server
// and the YAML parser give it. Only the fields the action looks at are typed.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generation?: number;
  resourceVersion?: string;
  uid?: string;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // biome-ignore lint/suspicious/noExplicitAny: spec and status differ per kind; each reader narrows what it uses.
  spec?: any;
  // biome-ignore lint/suspicious/noExplicitAny: see spec.
  status?: any;
  [key: string]: unknown;
}

/** Where an object came from, for error messages: the file and the document's index in it (from 1). */
export interface Source {
  readonly file: string;
  readonly document: number;
}

export interface SourcedObject {
  readonly object: KubeObject;
  readonly source: Source;
}

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** Workloads are the built-in kinds from the core and apps/batch groups, not look-alike custom resources. */
export function isWorkload(object: KubeObject): boolean {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return (
    (WORKLOAD_KINDS as readonly string[]).includes(object.kind) && ['', 'apps', 'batch'].includes(group ?? '')
  );
}

/** `Deployment shop/web`, or `Namespace shop` for cluster-scoped objects. */
export function describeObject(object: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const { namespace, name } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

export function describeSource(source: Source): string {
  return `${source.file} (document ${source.document})`;
}

/** The pod spec a workload runs, where its template keeps it; `undefined` for other kinds. */
// biome-ignore lint/suspicious/noExplicitAny: pod specs are read loosely, as JSON.
export function podSpecOf(object: KubeObject): any {
  if (!isWorkload(object)) return undefined;
  switch (object.kind as WorkloadKind) {
    case 'Pod':
      return object.spec;
    case 'CronJob':
      return object.spec?.jobTemplate?.spec?.template?.spec;
    default:
      return object.spec?.template?.spec;
  }
}

export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

export interface ContainerEntry {
  readonly list: (typeof CONTAINER_LISTS)[number];
  // biome-ignore lint/suspicious/noExplicitAny: a container, read as JSON.
  readonly container: any;
}

export function containersOf(object: KubeObject): ContainerEntry[] {
  const spec = podSpecOf(object);
  if (spec === undefined || spec === null) return [];
  return CONTAINER_LISTS.flatMap((list) =>
    Array.isArray(spec[list]) ? spec[list].map((container: unknown) => ({ list, container })) : [],
  );
}
