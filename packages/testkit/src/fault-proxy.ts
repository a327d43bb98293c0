/**
 * A fault-injecting HTTP proxy in front of a real registry: requests matching a rule get a
 * fault (a status such as 429 with Retry-After or 503, a connection reset before or in the
 * middle of a body, a delay) for as many times as the rule says; everything else is forwarded
 * unchanged. Every request is logged, so tests and benchmarks can count what a client sent.
 */
import {
  createServer,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Answer with this status (and a JSON error body) instead of forwarding. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  /**
   * Destroy the connection: at once, or after `afterBytes` of the body went through (the
   * request body for uploads, else the response body).
   */
  | { readonly kind: 'reset'; readonly afterBytes?: number }
  /** Wait before forwarding (a slow registry). */
  | { readonly kind: 'delay'; readonly ms: number };

export interface FaultRule {
  /** HTTP method to match; any when absent. */
  readonly method?: string;
  /** Tested against the path with its query. */
  readonly path: RegExp;
  /** How many matching requests get the fault (default 1); `Infinity` for all. */
  readonly times?: number;
  /** Matching requests to let through before the fault starts (default 0). */
  readonly skip?: number;
  readonly fault: Fault;
}

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** The upstream's status, or the injected one; `undefined` for a reset. */
  readonly status: number | undefined;
  readonly fault: Fault['kind'] | undefined;
}

export interface FaultProxy {
  /** `127.0.0.1:<port>`, to use as the registry host (plain HTTP on loopback). */
  readonly host: string;
  readonly url: string;
  /** Every request seen, in order of arrival. */
  readonly requests: ProxiedRequest[];
  /** Adds a rule after the others (rules are tried in order). */
  addRule(rule: FaultRule): void;
  /** Drops every rule and the log. */
  reset(): void;
  /** Rules whose faults were not all used: a test can check its faults really happened. */
  pendingRules(): FaultRule[];
  stop(): Promise<void>;
}

export interface FaultProxyOptions {
  readonly rules?: readonly FaultRule[];
  /** PEM CA to trust when the upstream is HTTPS. */
  readonly ca?: string;
}

interface RuleState {
  readonly rule: FaultRule;
  seen: number;
  used: number;
}

/** Starts the proxy for `upstream` (`http://host:port` or `https://host:port`). */
export async function startFaultProxy(
  upstream: string,
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  const target = new URL(upstream);
  const secure = target.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, ca: options.ca })
    : new HttpAgent({ keepAlive: true });
  let rules: RuleState[] = [];
  const requests: ProxiedRequest[] = [];
  const addRule = (rule: FaultRule) => rules.push({ rule, seen: 0, used: 0 });
  for (const rule of options.rules ?? []) addRule(rule);

  function matchFault(method: string, path: string): Fault | undefined {
    for (const state of rules) {
      const { rule } = state;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
      if (!rule.path.test(path)) continue;
      state.seen++;
      if (state.seen <= (rule.skip ?? 0)) continue;
      if (state.used >= (rule.times ?? 1)) continue;
      state.used++;
      return rule.fault;
    }
    return undefined;
  }

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = matchFault(method, path);
    const entry = { method, path, status: undefined as number | undefined, fault: fault?.kind };
    requests.push(entry);
    const forward = () =>
      forwardRequest(req, res, entry, fault?.kind === 'reset' ? fault.afterBytes : undefined);
    if (fault?.kind === 'status') {
      entry.status = fault.status;
      req.resume();
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      res.writeHead(fault.status, headers);
      res.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: `injected ${fault.status}` }] }));
    } else if (fault?.kind === 'reset' && fault.afterBytes === undefined) {
      req.socket.destroy();
    } else if (fault?.kind === 'delay') {
      setTimeout(forward, fault.ms);
    } else {
      forward();
    }
  });

  function forwardRequest(
    req: IncomingMessage,
    res: ServerResponse,
    entry: { status: number | undefined },
    resetAfter: number | undefined,
  ): void {
    const headers = { ...req.headers, 'x-forwarded-proto': 'http' };
    const send = secure ? httpsRequest : httpRequest;
    const hasBody =
      Number(req.headers['content-length'] ?? '0') > 0 || req.headers['transfer-encoding'] !== undefined;
    const upstreamReq = send(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
      (upstreamRes) => {
        entry.status = upstreamRes.statusCode;
        const responseHeaders = { ...upstreamRes.headers };
        const location = responseHeaders.location;
        // Upload sessions must come back through the proxy.
        if (typeof location === 'string')
          responseHeaders.location = location.replace(target.origin, `http://${req.headers.host}`);
        res.writeHead(upstreamRes.statusCode ?? 502, responseHeaders);
        if (resetAfter !== undefined && !hasBody) {
          cutAfter(
            upstreamRes,
            resetAfter,
            (chunk) => res.write(chunk),
            () => {
              upstreamRes.destroy();
              res.socket?.destroy();
            },
          );
          upstreamRes.on('end', () => res.end());
        } else {
          upstreamRes.pipe(res);
        }
      },
    );
    upstreamReq.on('error', () => res.socket?.destroy());
    if (resetAfter !== undefined && hasBody) {
      cutAfter(
        req,
        resetAfter,
        (chunk) => upstreamReq.write(chunk),
        () => {
          upstreamReq.destroy();
          req.socket.destroy();
        },
      );
      req.on('end', () => upstreamReq.end());
    } else {
      req.pipe(upstreamReq);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  return {
    host,
    url: `http://${host}`,
    requests,
    addRule,
    reset() {
      rules = [];
      requests.length = 0;
    },
    pendingRules: () =>
      rules
        .filter((s) => s.used < (s.rule.times ?? 1) && Number.isFinite(s.rule.times ?? 1))
        .map((s) => s.rule),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

/** Passes `limit` bytes of `stream` to `write`, then calls `cut` once. */
function cutAfter(
  stream: NodeJS.ReadableStream,
  limit: number,
  write: (chunk: Buffer) => void,
  cut: () => void,
): void {
  let passed = 0;
  let done = false;
  stream.on('data', (chunk: Buffer) => {
    if (done) return;
    const room = limit - passed;
    if (chunk.length >= room) {
      if (room > 0) write(chunk.subarray(0, room));
      done = true;
      cut();
      return;
    }
    passed += chunk.length;
    write(chunk);
  });
}
