import { isPlainObject } from './schema.ts';
import type { KubeObject } from './store.ts';

type Obj = Record<string, unknown>;

/** The API server's defaulting, for the fields rollouts and `kubectl` read back. */
export function applyDefaults(object: KubeObject): void {
  const spec = object.spec as Obj | undefined;
  switch (`${object.apiVersion}/${object.kind}`) {
    case 'v1/Pod':
      if (spec) defaultPodSpec(spec);
      break;
    case 'v1/Namespace':
      object.spec = { finalizers: ['kubernetes'], ...(spec ?? {}) };
      object.metadata.labels = {
        ...object.metadata.labels,
        'kubernetes.io/metadata.name': object.metadata.name,
      };
      break;
    case 'v1/Secret':
      defaultSecret(object);
      break;
    case 'v1/Service':
      if (spec) defaultService(spec);
      break;
    case 'apps/v1/Deployment':
      if (!spec) break;
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      spec.strategy = defaultStrategy(spec.strategy, { maxUnavailable: '25%', maxSurge: '25%' });
      defaultTemplate(spec);
      break;
    case 'apps/v1/ReplicaSet':
      if (!spec) break;
      spec.replicas ??= 1;
      defaultTemplate(spec);
      break;
    case 'apps/v1/StatefulSet':
      if (!spec) break;
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= 'OrderedReady';
      spec.revisionHistoryLimit ??= 10;
      spec.updateStrategy = defaultStrategy(spec.updateStrategy, { partition: 0 });
      spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      defaultTemplate(spec);
      break;
    case 'apps/v1/DaemonSet':
      if (!spec) break;
      spec.revisionHistoryLimit ??= 10;
      spec.updateStrategy = defaultStrategy(spec.updateStrategy, { maxUnavailable: 1, maxSurge: 0 });
      defaultTemplate(spec);
      break;
    case 'batch/v1/Job':
      if (spec) defaultJobSpec(spec);
      break;
    case 'batch/v1/CronJob':
      if (!spec) break;
      spec.concurrencyPolicy ??= 'Allow';
      spec.suspend ??= false;
      spec.successfulJobsHistoryLimit ??= 3;
      spec.failedJobsHistoryLimit ??= 1;
      if (isPlainObject(spec.jobTemplate) && isPlainObject(spec.jobTemplate.spec)) {
        defaultJobSpec(spec.jobTemplate.spec);
      }
      break;
  }
}

export function defaultJobSpec(spec: Obj): void {
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  defaultTemplate(spec);
}

function defaultStrategy(strategy: unknown, rolling: Obj): Obj {
  const given: Obj = isPlainObject(strategy) ? strategy : {};
  const type = given.type ?? 'RollingUpdate';
  if (type !== 'RollingUpdate') return { ...given, type };
  const rollingUpdate = isPlainObject(given.rollingUpdate) ? given.rollingUpdate : {};
  return { ...given, type, rollingUpdate: { ...rolling, ...rollingUpdate } };
}

function defaultTemplate(spec: Obj): void {
  const template = spec.template;
  if (isPlainObject(template) && isPlainObject(template.spec)) defaultPodSpec(template.spec);
}

export function defaultPodSpec(spec: Obj): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const list of ['initContainers', 'containers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) if (isPlainObject(container)) defaultContainer(container);
  }
}

function defaultContainer(container: Obj): void {
  const image = typeof container.image === 'string' ? container.image : '';
  container.imagePullPolicy ??= pullsAlways(image) ? 'Always' : 'IfNotPresent';
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.resources ??= {};
  if (Array.isArray(container.ports)) {
    for (const port of container.ports) if (isPlainObject(port)) port.protocol ??= 'TCP';
  }
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    const p = container[probe];
    if (!isPlainObject(p)) continue;
    p.timeoutSeconds ??= 1;
    p.periodSeconds ??= 10;
    p.successThreshold ??= 1;
    p.failureThreshold ??= 3;
    if (isPlainObject(p.httpGet)) p.httpGet.scheme ??= 'HTTP';
  }
}

/** `:latest` or no tag (and no digest) means the kubelet pulls every time. */
function pullsAlways(image: string): boolean {
  if (image.includes('@')) return false;
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  return !lastPart.includes(':') || lastPart.endsWith(':latest');
}

function defaultSecret(object: KubeObject): void {
  object.type ??= 'Opaque';
  const stringData = object.stringData;
  if (isPlainObject(stringData)) {
    const data: Obj = isPlainObject(object.data) ? object.data : {};
    for (const [key, value] of Object.entries(stringData))
      data[key] = Buffer.from(String(value)).toString('base64');
    object.data = data;
    delete object.stringData;
  }
}

let nextClusterIp = 10;

function defaultService(spec: Obj): void {
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.clusterIP === undefined) {
    nextClusterIp += 1;
    spec.clusterIP = `10.96.${Math.floor(nextClusterIp / 250)}.${nextClusterIp % 250}`;
  }
  spec.clusterIPs ??= [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  if (Array.isArray(spec.ports)) {
    for (const port of spec.ports) {
      if (!isPlainObject(port)) continue;
      port.protocol ??= 'TCP';
      port.targetPort ??= port.port;
    }
  }
}
