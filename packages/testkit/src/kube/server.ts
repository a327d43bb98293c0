import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { Cluster, PatchType, WriteOptions } from './cluster.ts';
import { coreVersions, groupInfo, groupList, resourceList, serverVersion } from './discovery.ts';
import { ApiError, badRequest } from './errors.ts';
import { openApiGroupVersion, openApiRoot } from './openapi.ts';
import { decodeProtobufObject } from './protobuf.ts';
import { groupVersion, type ResourceType } from './resources.ts';
import { parseFieldSelector, parseLabelSelector, type Selector, SelectorError } from './selectors.ts';
import type { KubeObject, StoreEvent } from './store.ts';
import { tableOf, wantsTable } from './table.ts';

/** Where `pods/log` reads from: the simulated kubelet. */
export interface LogSource {
  logs(
    pod: KubeObject,
    options: { container?: string; previous: boolean; tailLines?: number },
  ): { lines: string[]; follow?: (onLine: (line: string) => void, onEnd: () => void) => () => void };
}

export interface HandlerOptions {
  readonly cluster: Cluster;
  readonly token: string;
  readonly logs: LogSource;
  /** How often an open watch that asked for bookmarks gets one. */
  readonly bookmarkIntervalMs?: number;
  serverAddress(): string;
}

const patchTypes: Record<string, PatchType> = {
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/json-patch+json': 'json',
};

/** Parsed resource URL: `/api/v1/namespaces/<ns>/<resource>/<name>/<subresource>`. */
interface Target {
  readonly resource: ResourceType;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
  readonly groupVersion: string;
}

/** The request handler of the simulated kube-apiserver. */
export function createHandler(options: HandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { cluster } = options;
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const apiError =
        error instanceof ApiError
          ? error
          : error instanceof SelectorError
            ? badRequest(error.message)
            : new ApiError(500, 'InternalError', `Internal error occurred: ${String(error)}`);
      if (!res.headersSent) send(res, apiError.code, apiError.toStatus());
      else res.end();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kube.invalid');
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      throw new ApiError(401, 'Unauthorized', 'Unauthorized');
    }
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const [root, second, third] = parts;
    if (req.method === 'GET' && (root === 'healthz' || root === 'livez' || root === 'readyz')) {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    if (req.method === 'GET' && root === 'version' && parts.length === 1)
      return send(res, 200, serverVersion);
    if (req.method === 'GET' && root === 'api' && parts.length === 1) {
      return send(res, 200, coreVersions(options.serverAddress()));
    }
    if (req.method === 'GET' && root === 'apis' && parts.length === 1)
      return send(res, 200, groupList(cluster.resources()));
    if (req.method === 'GET' && root === 'apis' && parts.length === 2 && second) {
      return sendFound(res, groupInfo(cluster.resources(), second));
    }
    if (req.method === 'GET' && root === 'api' && parts.length === 2 && second) {
      return sendFound(res, resourceList(cluster.resources(), '', second));
    }
    if (req.method === 'GET' && root === 'apis' && parts.length === 3 && second && third) {
      return sendFound(res, resourceList(cluster.resources(), second, third));
    }
    if (req.method === 'GET' && root === 'openapi' && second === 'v3') {
      if (parts.length === 2) return send(res, 200, openApiRoot(cluster.resources()));
      return sendFound(res, openApiGroupVersion(cluster.resources(), parts.slice(2).join('/')));
    }
    const target = parseTarget(parts);
    if (!target) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    await serveResource(req, res, url, target);
  }

  function parseTarget(parts: string[]): Target | undefined {
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api' && parts[1]) {
      group = '';
      version = parts[1];
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts[1] && parts[2]) {
      group = parts[1];
      version = parts[2];
      rest = parts.slice(3);
    } else {
      return undefined;
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, subresource] = rest;
    if (!plural || rest.length > 3) return undefined;
    const resource = cluster.resource(group, version, plural);
    if (!resource) return undefined;
    if (subresource && !(resource.subresources ?? []).includes(subresource)) return undefined;
    return {
      resource,
      groupVersion: groupVersion({ group, version }),
      ...(namespace !== undefined ? { namespace } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(subresource !== undefined ? { subresource } : {}),
    };
  }

  async function serveResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    target: Target,
  ): Promise<void> {
    const { resource: t, namespace, name, subresource } = target;
    const query = url.searchParams;
    const ns = t.namespaced ? namespace : undefined;
    const present = (object: KubeObject) => ({ ...object, apiVersion: target.groupVersion });
    const write: WriteOptions = {
      manager: query.get('fieldManager') ?? managerFromAgent(req.headers['user-agent']),
      apiVersion: target.groupVersion,
      dryRun: query.getAll('dryRun').includes('All'),
      scope: subresource === 'status' ? 'status' : 'main',
    };
    if (subresource === 'log') {
      if (req.method !== 'GET' || !name)
        throw new ApiError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      return serveLogs(res, cluster.get(t, ns, name), query);
    }
    if (subresource === 'scale') return serveScale(req, res, target, write);
    switch (req.method) {
      case 'GET': {
        if (name) {
          const object = present(cluster.get(t, ns, name));
          return send(res, 200, wantsTable(req) ? tableOf(t, [object], query) : object);
        }
        const selector = selectorOf(query);
        if (isTrue(query.get('watch'))) return serveWatch(req, res, target, selector, query);
        const items = cluster.list(t, ns).filter(selector).map(present);
        const revision = String(cluster.store.revision);
        if (wantsTable(req)) return send(res, 200, tableOf(t, items, query, revision));
        return send(res, 200, {
          kind: `${t.kind}List`,
          apiVersion: target.groupVersion,
          metadata: { resourceVersion: revision },
          items,
        });
      }
      case 'POST': {
        if (name)
          throw new ApiError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          );
        const created = cluster.create(t, ns, await readBody(req), write);
        return send(res, write.dryRun ? 200 : 201, present(created));
      }
      case 'PUT': {
        if (!name)
          throw new ApiError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          );
        return send(res, 200, present(cluster.update(t, ns, name, await readBody(req), write)));
      }
      case 'PATCH': {
        if (!name)
          throw new ApiError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          );
        const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
        const type = patchTypes[contentType];
        if (!type) {
          throw new ApiError(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: ${Object.keys(patchTypes).join(', ')}`,
          );
        }
        if (type === 'apply' && !query.get('fieldManager')) {
          throw badRequest(
            'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
          );
        }
        const existed = cluster.find(t, ns, name) !== undefined;
        const patched = cluster.patch(t, ns, name, type, await readBody(req), {
          ...write,
          force: isTrue(query.get('force')),
        });
        return send(res, existed || write.dryRun ? 200 : 201, present(patched));
      }
      case 'DELETE': {
        const body = await readBody(req).catch(() => ({}));
        const policy =
          query.get('propagationPolicy') ?? (body as { propagationPolicy?: string }).propagationPolicy;
        const dryRun = write.dryRun || ((body as { dryRun?: string[] }).dryRun ?? []).includes('All');
        const deleteOptions = {
          dryRun,
          ...(policy ? { propagationPolicy: policy as 'Background' | 'Foreground' | 'Orphan' } : {}),
        };
        if (!name) {
          const selector = selectorOf(query);
          const items = cluster.list(t, ns).filter(selector);
          for (const item of items)
            cluster.delete(t, item.metadata.namespace, item.metadata.name, deleteOptions);
          return send(res, 200, {
            kind: `${t.kind}List`,
            apiVersion: target.groupVersion,
            metadata: { resourceVersion: String(cluster.store.revision) },
            items: items.map(present),
          });
        }
        const deleted = cluster.delete(t, ns, name, deleteOptions);
        if (deleted.metadata.deletionTimestamp && cluster.find(t, ns, name))
          return send(res, 200, present(deleted));
        return send(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name,
            ...(t.group ? { group: t.group } : {}),
            kind: t.plural,
            uid: deleted.metadata.uid,
          },
        });
      }
      default:
        throw new ApiError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
    }
  }

  async function serveScale(
    req: IncomingMessage,
    res: ServerResponse,
    target: Target,
    write: WriteOptions,
  ): Promise<void> {
    const { resource: t, namespace, name } = target;
    if (!name) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    const scaleOf = (object: KubeObject) => {
      const spec = object.spec as { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
      const status = (object.status ?? {}) as { replicas?: number };
      return {
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: {
          name,
          namespace,
          uid: object.metadata.uid,
          resourceVersion: object.metadata.resourceVersion,
          creationTimestamp: object.metadata.creationTimestamp,
        },
        spec: { replicas: spec.replicas ?? 0 },
        status: {
          replicas: status.replicas ?? 0,
          selector: Object.entries(spec.selector?.matchLabels ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(','),
        },
      };
    };
    const current = cluster.get(t, namespace, name);
    if (req.method === 'GET') return send(res, 200, scaleOf(current));
    const body = (await readBody(req)) as { spec?: { replicas?: number } };
    const replicas = body.spec?.replicas;
    if (typeof replicas !== 'number') throw badRequest('spec.replicas is required');
    const updated = cluster.patch(
      t,
      namespace,
      name,
      'merge',
      { spec: { replicas } },
      { ...write, scope: 'main' },
    );
    return send(res, 200, scaleOf(updated));
  }

  function serveWatch(
    req: IncomingMessage,
    res: ServerResponse,
    target: Target,
    selector: Selector,
    query: URLSearchParams,
  ): void {
    const { resource: t } = target;
    const ns = t.namespaced ? target.namespace : undefined;
    const matches = (object: KubeObject | undefined) =>
      object !== undefined && (ns === undefined || object.metadata.namespace === ns) && selector(object);
    const bookmarks = isTrue(query.get('allowWatchBookmarks'));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const emit = (type: string, object: unknown) => {
      res.write(`${JSON.stringify({ type, object })}\n`);
    };
    const bookmark = (revision: number, extra: Record<string, string> = {}) =>
      emit('BOOKMARK', {
        kind: t.kind,
        apiVersion: target.groupVersion,
        metadata: {
          resourceVersion: String(revision),
          ...(Object.keys(extra).length ? { annotations: extra } : {}),
        },
      });
    const forward = (event: StoreEvent) => {
      if (event.resource.group !== t.group || event.resource.plural !== t.plural) return;
      const now = matches(event.object);
      const before = event.type === 'MODIFIED' ? matches(event.previous) : event.type === 'DELETED';
      const object = { ...event.object, apiVersion: target.groupVersion };
      if (event.type === 'DELETED') {
        if (matches(event.object)) emit('DELETED', object);
      } else if (now && before) emit('MODIFIED', object);
      else if (now) emit('ADDED', object);
      else if (before) emit('DELETED', object);
    };
    // Subscribe before replaying, so nothing written in between is lost.
    const pending: StoreEvent[] = [];
    let live = false;
    const unsubscribe = cluster.store.subscribe((event) => (live ? forward(event) : pending.push(event)));
    const requested = query.get('resourceVersion') ?? '';
    const revision = cluster.store.revision;
    if (isTrue(query.get('sendInitialEvents')) || requested === '' || requested === '0') {
      for (const object of cluster.list(t, ns).filter(selector))
        emit('ADDED', { ...object, apiVersion: target.groupVersion });
      if (isTrue(query.get('sendInitialEvents')) && bookmarks)
        bookmark(revision, { 'k8s.io/initial-events-end': 'true' });
    } else {
      const changes = cluster.store.changesSince(Number(requested));
      if (!changes) {
        emit('ERROR', {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${requested} (${cluster.store.oldestRevision})`,
          reason: 'Expired',
          code: 410,
        });
        unsubscribe();
        res.end();
        return;
      }
      for (const event of changes) if (event.resourceVersion <= revision) forward(event);
    }
    for (const event of pending) if (event.resourceVersion > revision) forward(event);
    live = true;
    const timers: NodeJS.Timeout[] = [];
    if (bookmarks) {
      timers.push(setInterval(() => bookmark(cluster.store.revision), options.bookmarkIntervalMs ?? 5_000));
    }
    const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '0');
    if (timeoutSeconds > 0) timers.push(setTimeout(() => res.end(), timeoutSeconds * 1000));
    const close = () => {
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
    };
    res.on('close', close);
    req.on('close', close);
  }

  function serveLogs(res: ServerResponse, pod: KubeObject, query: URLSearchParams): void {
    const tail = query.get('tailLines');
    const container = query.get('container');
    const result = options.logs.logs(pod, {
      ...(container ? { container } : {}),
      previous: isTrue(query.get('previous')),
      ...(tail !== null ? { tailLines: Number(tail) } : {}),
    });
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    for (const line of result.lines) res.write(`${line}\n`);
    if (!isTrue(query.get('follow')) || !result.follow) {
      res.end();
      return;
    }
    const stop = result.follow(
      (line) => res.write(`${line}\n`),
      () => res.end(),
    );
    res.on('close', stop);
  }
}

function selectorOf(query: URLSearchParams): Selector {
  const labels = query.get('labelSelector');
  const fields = query.get('fieldSelector');
  const byLabel = labels ? parseLabelSelector(labels) : () => true;
  const byField = fields ? parseFieldSelector(fields) : () => true;
  return (object) => byLabel(object) && byField(object);
}

/** client-go's default field manager: the user agent's program name (`kubectl`, …). */
function managerFromAgent(agent: string | undefined): string {
  const name = (agent ?? 'unknown').split('/')[0]?.trim();
  return name ? name.slice(0, 128) : 'unknown';
}

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('protobuf')) return decodeProtobufObject(bytes);
  const text = bytes.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty');
  try {
    return contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw badRequest(`error decoding request body: ${(error as Error).message}`);
  }
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
    .end(text);
}

function sendFound(res: ServerResponse, body: unknown): void {
  if (body === undefined)
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  send(res, 200, body);
}
