/** One REST resource the simulator serves, as discovery describes it. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural lower-case name, as it appears in URLs. */
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Subresources served beside the main resource (`status`, `scale`, `log`). */
  readonly subresources?: readonly string[];
  /** Whether `metadata.generation` is kept (objects with a spec the controllers observe). */
  readonly generation: boolean;
  /** For custom resources: the CRD that defined it. */
  readonly crd?: string;
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function type(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    generation: false,
    ...extra,
  };
}

const workload = { generation: true, subresources: ['status', 'scale'], categories: ['all'] };

/** The built-in kinds: what deploy tooling meets in real manifests. */
export const builtinTypes: readonly ResourceType[] = [
  type('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], subresources: ['status'] }),
  type('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: ['status'] }),
  type('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  type('', 'v1', 'Secret', 'secrets', true),
  type('', 'v1', 'Service', 'services', true, {
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
  }),
  type('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  type('', 'v1', 'Pod', 'pods', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log'],
    generation: true,
  }),
  type('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  type('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, {
    shortNames: ['pvc'],
    subresources: ['status'],
  }),
  type('', 'v1', 'Endpoints', 'endpoints', true, { shortNames: ['ep'] }),
  type('', 'v1', 'LimitRange', 'limitranges', true, { shortNames: ['limits'] }),
  type('', 'v1', 'ResourceQuota', 'resourcequotas', true, {
    shortNames: ['quota'],
    subresources: ['status'],
  }),
  type('apps', 'v1', 'Deployment', 'deployments', true, { ...workload, shortNames: ['deploy'] }),
  type('apps', 'v1', 'ReplicaSet', 'replicasets', true, { ...workload, shortNames: ['rs'] }),
  type('apps', 'v1', 'StatefulSet', 'statefulsets', true, { ...workload, shortNames: ['sts'] }),
  type('apps', 'v1', 'DaemonSet', 'daemonsets', true, {
    ...workload,
    shortNames: ['ds'],
    subresources: ['status'],
  }),
  type('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  type('batch', 'v1', 'Job', 'jobs', true, {
    generation: true,
    categories: ['all'],
    subresources: ['status'],
  }),
  type('batch', 'v1', 'CronJob', 'cronjobs', true, {
    generation: true,
    shortNames: ['cj'],
    categories: ['all'],
    subresources: ['status'],
  }),
  type('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, {
    generation: true,
    shortNames: ['ing'],
    subresources: ['status'],
  }),
  type('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, {
    generation: true,
    shortNames: ['netpol'],
  }),
  type('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  type('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, {
    generation: true,
    shortNames: ['pdb'],
    subresources: ['status'],
  }),
  type('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, {
    generation: true,
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
  }),
  type('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  type('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  type('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  type('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  type('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, {
    shortNames: ['crd', 'crds'],
    subresources: ['status'],
    generation: true,
  }),
  type('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
];

/** `apps/v1`, or `v1` for the core group. */
export function groupVersion(t: { group: string; version: string }): string {
  return t.group === '' ? t.version : `${t.group}/${t.version}`;
}

/** `deployments.apps`, or `pods` for the core group: the name errors and conflicts use. */
export function qualifiedResource(t: ResourceType): string {
  return t.group === '' ? t.plural : `${t.plural}.${t.group}`;
}

/** The APIResource entries of one group/version, subresources included. */
export function apiResources(types: readonly ResourceType[]): unknown[] {
  const out: unknown[] = [];
  for (const t of types) {
    out.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: allVerbs,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
    });
    for (const sub of t.subresources ?? []) {
      const kind = sub === 'scale' ? 'Scale' : sub === 'log' ? 'Pod' : t.kind;
      const verbs = sub === 'log' ? ['get'] : ['get', 'patch', 'update'];
      out.push({
        name: `${t.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1' } : {}),
        kind,
        verbs,
      });
    }
  }
  return out;
}
