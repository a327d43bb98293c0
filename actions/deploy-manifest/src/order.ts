import type { KubeObject } from './objects.ts';

// Apply order, after Helm's install order: what others depend on goes first.
const TIERS: readonly (readonly string[])[] = [
  ['Namespace', 'CustomResourceDefinition'],
  [
    'PriorityClass',
    'StorageClass',
    'ResourceQuota',
    'LimitRange',
    'PodSecurityPolicy',
    'PodDisruptionBudget',
  ],
  ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  ['Secret', 'ConfigMap', 'PersistentVolume', 'PersistentVolumeClaim'],
  ['Service', 'Endpoints', 'EndpointSlice', 'IngressClass', 'Ingress', 'NetworkPolicy'],
  [
    'Pod',
    'ReplicaSet',
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'Job',
    'CronJob',
    'HorizontalPodAutoscaler',
  ],
];

/** The tier of a kind; kinds not listed (custom resources, webhooks) come last. */
export function tierOf(kind: string): number {
  const tier = TIERS.findIndex((kinds) => kinds.includes(kind));
  return tier === -1 ? TIERS.length : tier;
}

/** Objects grouped by tier, in apply order; the given order is kept within a tier. */
export function applyTiers<T extends { object: KubeObject }>(items: readonly T[]): T[][] {
  const tiers = Array.from({ length: TIERS.length + 1 }, (): T[] => []);
  for (const item of items) tiers[tierOf(item.object.kind)]!.push(item);
  return tiers.filter((tier) => tier.length > 0);
}
