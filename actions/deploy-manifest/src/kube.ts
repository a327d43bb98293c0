// A small JSON client for the Kubernetes API. @kubernetes/client-node supplies what is hard
// to get right (kubeconfig loading, auth plugins, in-cluster config, TLS options); requests
// and watches go through node:https directly so objects stay plain JSON, exactly as the
// server sent them, and every call can be aborted.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { createInterface } from 'node:readline';
import { ConfigurationError } from '@digestflow/core';
import type { KubeObject } from './objects.ts';

export class KubeApiError extends Error {
  readonly status: number;
  readonly reason: string | undefined;

  constructor(status: number, message: string, reason?: string) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
  }
}

export interface RequestOptionsBody {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
  /** Return the body as text (logs) instead of parsing JSON. */
  readonly text?: boolean;
}

export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: KubeObject;
}

export interface KubeClient {
  /** The server URL, for messages. */
  readonly server: string;
  /** The namespace of the kubeconfig context, else `default`. */
  readonly namespace: string;
  request<T = KubeObject>(method: string, path: string, options?: RequestOptionsBody): Promise<T>;
  /** Streams watch events until the server ends the watch or `signal` aborts. */
  watch(
    path: string,
    query: Record<string, string | number | undefined>,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
  close(): void;
}

export interface ConnectOptions {
  /** Kubeconfig content; else `KUBECONFIG`/~/.kube/config, else the in-cluster service account. */
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Called with each credential found in the kubeconfig, to mask it. */
  readonly onSecret?: (secret: string) => void;
}

let clientModule: Promise<typeof import('@kubernetes/client-node')> | undefined;

/** Starts loading @kubernetes/client-node (about 0.2 s), so it can overlap other work. */
export function preloadClient(): void {
  clientModule ??= import('@kubernetes/client-node');
}

export async function connect(options: ConnectOptions): Promise<KubeClient> {
  preloadClient();
  const { KubeConfig } = await clientModule!;
  const config = new KubeConfig();
  try {
    if (options.kubeconfig !== undefined) config.loadFromString(options.kubeconfig);
    else config.loadFromDefault();
  } catch (error) {
    // The parser's message may quote the content; say only where it went wrong.
    throw new ConfigurationError(`is not a valid kubeconfig (${(error as Error).name})`, {
      input: 'kubeconfig',
    });
  }
  if (options.context !== undefined) {
    if (config.getContextObject(options.context) === null) {
      const known = config.getContexts().map((context) => context.name);
      throw new ConfigurationError(
        `no context '${options.context}' in the kubeconfig (it has: ${known.join(', ') || 'none'})`,
        {
          input: 'context',
        },
      );
    }
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (cluster === null) {
    throw new ConfigurationError(
      'no cluster: give the kubeconfig input, set KUBECONFIG, or run inside a cluster',
      { input: 'kubeconfig' },
    );
  }
  const user = config.getCurrentUser();
  for (const secret of [user?.token, user?.password, user?.keyData, user?.certData]) {
    if (secret) options.onSecret?.(secret);
  }

  const tls: RequestOptions = {};
  await config.applyToHTTPSOptions(tls);
  const headers = { ...(tls.headers as Record<string, string> | undefined) };
  if (headers.Authorization) options.onSecret?.(headers.Authorization.replace(/^Bearer /, ''));
  const base = new URL(cluster.server);
  const secure = base.protocol === 'https:';
  // A keep-alive agent of our own, unless client-node made one for a proxy.
  const agent = cluster.proxyUrl
    ? tls.agent
    : secure
      ? new HttpsAgent({
          keepAlive: true,
          ca: tls.ca,
          cert: tls.cert,
          key: tls.key,
          ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
          ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
        })
      : new HttpAgent({ keepAlive: true });
  const basicAuth = user?.username ? `${user.username}:${user.password ?? ''}` : undefined;
  const contextNamespace = config.getContextObject(config.getCurrentContext())?.namespace;

  const send = (
    method: string,
    path: string,
    query: Record<string, string | number | boolean | undefined> | undefined,
    extraHeaders: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<IncomingMessage> => {
    const url = new URL(base.pathname.replace(/\/$/, '') + path, base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(url, {
        method,
        agent: agent as HttpsAgent,
        headers: { ...headers, ...extraHeaders },
        ...(basicAuth ? { auth: basicAuth } : {}),
        ...(signal ? { signal } : {}),
      });
      req.on('response', resolve);
      req.on('error', reject);
      req.end(body);
    });
  };

  return {
    server: cluster.server,
    namespace: contextNamespace ?? 'default',
    async request<T>(method: string, path: string, request: RequestOptionsBody = {}): Promise<T> {
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      const response = await send(
        method,
        path,
        request.query,
        {
          Accept: request.text ? '*/*' : 'application/json',
          ...(body !== undefined
            ? {
                'Content-Type': request.contentType ?? 'application/json',
                'Content-Length': String(Buffer.byteLength(body)),
              }
            : {}),
        },
        body,
        request.signal,
      );
      const text = await readAll(response);
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) throw apiError(status, text, `${method} ${path}`);
      if (request.text) return text as T;
      return JSON.parse(text) as T;
    },
    async watch(path, query, onEvent, signal) {
      let response: IncomingMessage;
      try {
        response = await send(
          'GET',
          path,
          { ...query, watch: 1, allowWatchBookmarks: true },
          { Accept: 'application/json' },
          undefined,
          signal,
        );
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
      const status = response.statusCode ?? 0;
      if (status !== 200) throw apiError(status, await readAll(response), `watch ${path}`);
      const lines = createInterface({ input: response, crlfDelay: Infinity });
      try {
        for await (const line of lines) {
          if (line.trim() === '') continue;
          onEvent(JSON.parse(line) as WatchEvent);
          if (signal.aborted) break;
        }
      } catch (error) {
        if (!signal.aborted) throw error;
      } finally {
        response.destroy();
      }
    },
    close() {
      (agent as HttpsAgent | undefined)?.destroy();
    },
  };
}

async function readAll(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let text = '';
  for await (const chunk of response) text += chunk;
  return text;
}

function apiError(status: number, text: string, what: string): KubeApiError {
  try {
    const body = JSON.parse(text) as { message?: string; reason?: string };
    if (body.message) return new KubeApiError(status, body.message, body.reason);
  } catch {
    // not a Status object
  }
  return new KubeApiError(status, `${what}: HTTP ${status}${text ? `: ${text.slice(0, 300)}` : ''}`);
}
