import type { Cluster } from '../cluster.ts';
import type { ResourceType } from '../resources.ts';
import type { KubeObject, OwnerReference } from '../store.ts';
import type { EventRecorder } from './events.ts';

/** What every controller gets: the cluster, the event recorder, and a way to be woken later. */
export interface ControllerContext {
  readonly cluster: Cluster;
  readonly events: EventRecorder;
  /** Asks for another reconcile pass at `time` (ms since epoch). */
  wakeAt(time: number): void;
  readonly readyDelayMs: number;
}

export interface Controller {
  sync(): void;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }[];
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  restartPolicy?: string;
  readinessProbe?: {
    httpGet?: { path?: string; port?: unknown };
    tcpSocket?: { port?: unknown };
    exec?: unknown;
    periodSeconds?: number;
  };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  restartPolicy?: string;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  imagePullSecrets?: { name: string }[];
  serviceAccountName?: string;
  hostname?: string;
  subdomain?: string;
}

export interface Pod extends KubeObject {
  spec: PodSpec;
  status?: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: { name: string; ready: boolean; restartCount: number }[];
  };
}

export function ownerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Objects whose controller reference points at `owner`. */
export function ownedBy<T extends KubeObject>(owner: KubeObject, objects: readonly KubeObject[]): T[] {
  return objects.filter((o) =>
    (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid),
  ) as T[];
}

/** FNV-1a, 32 bit: the hash Kubernetes controllers name template revisions with. */
function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** `pod-template-hash` / `controller-revision-hash` style: the decimal hash through the safe alphabet. */
export function templateHash(template: unknown): string {
  return [...String(fnv32a(JSON.stringify(template)))]
    .map((c) => safeAlphabet[c.charCodeAt(0) % safeAlphabet.length])
    .join('');
}

/** Resolves an int-or-percent (`25%` or `1`) against a total, as the deployment controller does. */
export function intOrPercent(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) {
    const scaled = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return 0;
}

/**
 * Sets a condition the way the controllers' helpers do: the transition time only moves when the
 * status changes; nothing moves when status and reason are unchanged.
 */
export function setCondition(
  conditions: Condition[],
  next: Condition,
  now: string,
  withUpdateTime = false,
): Condition[] {
  const current = conditions.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason) return conditions;
  const condition: Condition = {
    type: next.type,
    status: next.status,
    ...(withUpdateTime ? { lastUpdateTime: now } : {}),
    lastTransitionTime: current && current.status === next.status ? (current.lastTransitionTime ?? now) : now,
    ...(next.reason ? { reason: next.reason } : {}),
    ...(next.message ? { message: next.message } : {}),
  };
  return [...conditions.filter((c) => c.type !== next.type), condition];
}

export function conditionOf(object: KubeObject, type: string): Condition | undefined {
  const status = object.status as { conditions?: Condition[] } | undefined;
  return status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Ready for at least `minReadySeconds`; `wake` is told when a not-yet-available pod will be. */
export function isPodAvailable(
  pod: Pod,
  minReadySeconds: number,
  now: number,
  wake?: (at: number) => void,
): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  if (!ready) return false;
  if (minReadySeconds <= 0) return true;
  const at = Date.parse(ready.lastTransitionTime ?? '') + minReadySeconds * 1000;
  if (at <= now) return true;
  wake?.(at);
  return false;
}

export function isPodActive(pod: Pod): boolean {
  return (
    pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed' && !pod.metadata.deletionTimestamp
  );
}

export function resource(ctx: ControllerContext, apiVersion: string, plural: string): ResourceType {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return ctx.cluster.mustResource(group ?? '', version ?? 'v1', plural);
}

/** A pod for a controller: the template's labels/annotations/spec, owned by `owner`. */
export function podFromTemplate(
  owner: KubeObject,
  template: PodTemplate,
  name: string,
  extraLabels: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...template.metadata?.labels, ...extraLabels },
      ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
      ownerReferences: [ownerReference(owner)],
    } as KubeObject['metadata'],
    spec: structuredClone(template.spec),
  };
}

/**
 * One object a controller cannot handle (an invalid template, say) must not stop the others;
 * the error is shown with KUBE_SIM_DEBUG=1.
 */
export function reportError(error: unknown): void {
  if (process.env.KUBE_SIM_DEBUG) console.error('kube simulator controller:', error);
}
