import type { KubeClient } from './kube.ts';
import { describeObject, type KubeObject } from './objects.ts';

export interface Diagnosis {
  /** `Deployment shop/web` */
  readonly object: string;
  /** Why the wait ended without success: the last rollout message, a timeout, a failure. */
  readonly message: string;
  readonly conditions: readonly { type: string; status: string; reason?: string; message?: string }[];
  readonly pods: readonly {
    name: string;
    phase: string;
    containers: readonly { name: string; state: string }[];
  }[];
  readonly events: readonly { object: string; reason: string; message: string; count: number }[];
  readonly logs: readonly { pod: string; container: string; lines: readonly string[] }[];
}

const MAX_PODS = 5;
const MAX_EVENTS = 10;
const MAX_LOGS = 2;
const LOG_LINES = 20;

/** The explanation as plain text, for the log and (in a code block) the job summary. */
export function formatDiagnosis(diagnosis: Diagnosis): string {
  // Rollout messages name their object already, as kubectl's do.
  const prefix = `${diagnosis.object}: `;
  const message = diagnosis.message.startsWith(prefix)
    ? diagnosis.message.slice(prefix.length)
    : diagnosis.message;
  const lines = [`${prefix}${message}`];
  for (const c of diagnosis.conditions) {
    lines.push(
      `  condition ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`,
    );
  }
  for (const pod of diagnosis.pods) {
    lines.push(`  pod ${pod.name} (${pod.phase}), not ready:`);
    for (const container of pod.containers) lines.push(`    container ${container.name}: ${container.state}`);
  }
  for (const event of diagnosis.events) {
    lines.push(
      `  event ${event.reason} on ${event.object}${event.count > 1 ? ` (x${event.count})` : ''}: ${event.message}`,
    );
  }
  for (const log of diagnosis.logs) {
    lines.push(`  last log lines of ${log.pod}/${log.container}:`);
    for (const line of log.lines) lines.push(`    | ${line}`);
  }
  return lines.join('\n');
}

// biome-ignore lint/suspicious/noExplicitAny: container statuses are read as JSON.
export function containerState(status: any): string {
  const parts: string[] = [];
  const { waiting, terminated, running } = status?.state ?? {};
  if (waiting)
    parts.push(
      `waiting: ${waiting.reason ?? 'unknown reason'}${waiting.message ? `: ${waiting.message}` : ''}`,
    );
  else if (terminated)
    parts.push(`terminated: ${terminated.reason ?? 'unknown reason'}, exit code ${terminated.exitCode}`);
  else if (running) parts.push('running, not ready');
  const last = status?.lastState?.terminated;
  if (last) parts.push(`last terminated: ${last.reason ?? 'unknown reason'}, exit code ${last.exitCode}`);
  if (status?.restartCount) parts.push(`${status.restartCount} restarts`);
  return parts.join('; ') || 'no status yet';
}

/** A label selector (matchLabels and matchExpressions) as the `labelSelector` query text. */
// biome-ignore lint/suspicious/noExplicitAny: a LabelSelector, read as JSON.
export function selectorQuery(selector: any): string | undefined {
  if (!selector) return undefined;
  const parts = Object.entries((selector.matchLabels ?? {}) as Record<string, string>).map(
    ([k, v]) => `${k}=${v}`,
  );
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length > 0 ? parts.join(',') : undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: pods are read as JSON.
function notReady(pod: any): boolean {
  if (pod.status?.phase === 'Succeeded') return false;
  // biome-ignore lint/suspicious/noExplicitAny: conditions read as JSON.
  return !(pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Gathers why a workload is not ready: its conditions, its pods that are not ready with
 * their containers' states, recent Warning events about it and its pods, and the last log
 * lines of containers that crashed. Each part is best effort: a failing lookup is skipped.
 */
export async function diagnose(
  client: KubeClient,
  workload: KubeObject,
  message: string,
): Promise<Diagnosis> {
  const namespace = workload.metadata.namespace ?? client.namespace;
  const ns = `/api/v1/namespaces/${encodeURIComponent(namespace)}`;
  // biome-ignore lint/suspicious/noExplicitAny: pods are read as JSON.
  let pods: any[] = [];
  if (workload.kind === 'Pod') pods = [workload];
  else {
    const selector = selectorQuery(workload.spec?.selector);
    if (selector !== undefined) {
      const list = await client
        .request<{ items: KubeObject[] }>('GET', `${ns}/pods`, { query: { labelSelector: selector } })
        .catch(() => ({ items: [] }));
      pods = list.items;
    }
  }
  const failing = pods.filter(notReady).slice(0, MAX_PODS);
  const podNames = new Set(failing.map((pod) => pod.metadata.name as string));

  const events = await client
    .request<{ items: KubeObject[] }>('GET', `${ns}/events`, { query: { fieldSelector: 'type=Warning' } })
    .catch(() => ({ items: [] }));
  const name = workload.metadata.name;
  const relevant = events.items
    // biome-ignore lint/suspicious/noExplicitAny: events are read as JSON.
    .map((event: any) => event)
    .filter(
      (event) =>
        event.type === 'Warning' &&
        (event.involvedObject?.name === name ||
          podNames.has(event.involvedObject?.name) ||
          (event.involvedObject?.kind === 'ReplicaSet' &&
            String(event.involvedObject?.name).startsWith(`${name}-`))),
    )
    .sort((a, b) =>
      String(a.lastTimestamp ?? a.eventTime ?? '').localeCompare(
        String(b.lastTimestamp ?? b.eventTime ?? ''),
      ),
    )
    .slice(-MAX_EVENTS)
    .map((event) => ({
      object: `${event.involvedObject?.kind} ${event.involvedObject?.name}`,
      reason: String(event.reason ?? ''),
      message: String(event.message ?? '').trim(),
      count: Number(event.count ?? 1),
    }));

  const logs: { pod: string; container: string; lines: string[] }[] = [];
  for (const pod of failing) {
    for (const status of [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ]) {
      if (logs.length >= MAX_LOGS) break;
      const crashed = (status.restartCount ?? 0) > 0 || (status.state?.terminated?.exitCode ?? 0) !== 0;
      if (!crashed) continue;
      const path = `${ns}/pods/${encodeURIComponent(pod.metadata.name)}/log`;
      const read = (previous: boolean) =>
        client.request<string>('GET', path, {
          query: { container: status.name, tailLines: LOG_LINES, ...(previous ? { previous: true } : {}) },
          text: true,
        });
      const text = await read(status.restartCount > 0).catch(() => read(false).catch(() => ''));
      const lines = text
        .split('\n')
        .filter((line) => line !== '')
        .slice(-LOG_LINES);
      if (lines.length > 0) logs.push({ pod: pod.metadata.name, container: status.name, lines });
    }
  }

  return {
    object: describeObject(workload),
    message,
    conditions: (workload.status?.conditions ?? []).map(
      (c: { type: string; status: string; reason?: string; message?: string }) => ({
        type: c.type,
        status: c.status,
        ...(c.reason ? { reason: c.reason } : {}),
        ...(c.message ? { message: c.message } : {}),
      }),
    ),
    pods: failing.map((pod) => ({
      name: pod.metadata.name,
      phase: pod.status?.phase ?? 'Pending',
      containers: [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]
        // An init container that finished is not ready, and that is fine.
        .filter((status) => !status.ready && status.state?.terminated?.exitCode !== 0)
        .map((status) => ({ name: status.name, state: containerState(status) })),
    })),
    events: relevant,
    logs,
  };
}
