import type { IncomingMessage } from 'node:http';
import type { ResourceType } from './resources.ts';
import type { KubeObject } from './store.ts';

/** kubectl asks for `application/json;as=Table;v=v1;g=meta.k8s.io` when it prints for humans. */
export function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? '');
}

interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date';
  readonly cell: (object: KubeObject) => string | number;
}

const name: Column = { name: 'Name', type: 'string', cell: (o) => o.metadata.name };
const age: Column = { name: 'Age', type: 'string', cell: (o) => ageOf(o.metadata.creationTimestamp) };

type Anything = Record<string, never> & Record<string, unknown>;
const spec = (o: KubeObject) => (o.spec ?? {}) as Anything;
const status = (o: KubeObject) => (o.status ?? {}) as Anything;
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

const columns: Record<string, Column[]> = {
  Pod: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => {
        const statuses = (status(o).containerStatuses ?? []) as { ready?: boolean }[];
        const total = ((spec(o).containers ?? []) as unknown[]).length;
        return `${statuses.filter((s) => s.ready).length}/${total}`;
      },
    },
    { name: 'Status', type: 'string', cell: podStatus },
    {
      name: 'Restarts',
      type: 'string',
      cell: (o) =>
        ((status(o).containerStatuses ?? []) as { restartCount?: number }[]).reduce(
          (sum, s) => sum + (s.restartCount ?? 0),
          0,
        ),
    },
    age,
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${num(status(o).readyReplicas)}/${num(spec(o).replicas)}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(status(o).updatedReplicas) },
    { name: 'Available', type: 'integer', cell: (o) => num(status(o).availableReplicas) },
    age,
  ],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => num(spec(o).replicas) },
    { name: 'Current', type: 'integer', cell: (o) => num(status(o).replicas) },
    { name: 'Ready', type: 'integer', cell: (o) => num(status(o).readyReplicas) },
    age,
  ],
  Node: [
    name,
    {
      name: 'Status',
      type: 'string',
      cell: (o) =>
        ((status(o).conditions ?? []) as { type: string; status: string }[]).some(
          (c) => c.type === 'Ready' && c.status === 'True',
        )
          ? 'Ready'
          : 'NotReady',
    },
    { name: 'Roles', type: 'string', cell: () => '<none>' },
    age,
    {
      name: 'Version',
      type: 'string',
      cell: (o) =>
        String((status(o).nodeInfo as { kubeletVersion?: string } | undefined)?.kubeletVersion ?? ''),
    },
  ],
  Namespace: [
    name,
    { name: 'Status', type: 'string', cell: (o) => String(status(o).phase ?? 'Active') },
    age,
  ],
  Event: [
    {
      name: 'Last Seen',
      type: 'string',
      cell: (o) => ageOf(String(o.lastTimestamp ?? o.metadata.creationTimestamp)),
    },
    { name: 'Type', type: 'string', cell: (o) => String(o.type ?? '') },
    { name: 'Reason', type: 'string', cell: (o) => String(o.reason ?? '') },
    {
      name: 'Object',
      type: 'string',
      cell: (o) => {
        const ref = (o.involvedObject ?? {}) as { kind?: string; name?: string };
        return `${(ref.kind ?? '').toLowerCase()}/${ref.name ?? ''}`;
      },
    },
    { name: 'Message', type: 'string', cell: (o) => String(o.message ?? '') },
  ],
};

/** A `meta.k8s.io/v1` Table, with the columns `kubectl get` shows for the common kinds. */
export function tableOf(
  t: ResourceType,
  objects: KubeObject[],
  query: URLSearchParams,
  revision?: string,
): unknown {
  const cols = columns[t.kind] ?? [name, age];
  const include = query.get('includeObject') ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: revision ? { resourceVersion: revision } : {},
    columnDefinitions: cols.map((c, i) => ({
      name: c.name,
      type: c.type,
      format: i === 0 && c === name ? 'name' : '',
      description: '',
      priority: 0,
    })),
    rows: objects.map((o) => ({
      cells: cols.map((c) => c.cell(o)),
      object:
        include === 'Object'
          ? o
          : include === 'None'
            ? undefined
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}

/** The STATUS column: a waiting or terminated reason wins over the phase, as kubectl shows it. */
function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return 'Terminating';
  const s = status(o);
  type State = { state?: Record<string, { reason?: string; exitCode?: number }> };
  const inits = (s.initContainerStatuses ?? []) as State[];
  for (const [i, c] of inits.entries()) {
    const terminated = c.state?.terminated;
    if (terminated?.exitCode === 0) continue;
    if (terminated) return `Init:${terminated.reason ?? `ExitCode:${terminated.exitCode}`}`;
    const waiting = c.state?.waiting?.reason;
    if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
    return `Init:${i}/${inits.length}`;
  }
  for (const c of (s.containerStatuses ?? []) as State[]) {
    const reason = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (reason) return reason;
  }
  return String(s.phase ?? 'Pending');
}

function ageOf(since: string | undefined): string {
  if (!since) return '<unknown>';
  const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h`;
}
