// Request handling: the probes, and the service's own endpoints.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Lifecycle } from './health.ts';

export interface RouteContext {
  readonly lifecycle: Lifecycle;
  readonly logger: Logger;
  readonly version: string;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function handler(context: RouteContext) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    // While draining, tell keep-alive clients to reconnect elsewhere after this response.
    if (context.lifecycle.phase === 'draining') res.setHeader('connection', 'close');
    res.on('finish', () => {
      context.logger.info(
        {
          method: req.method,
          path: req.url,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });

    const url = new URL(req.url ?? '/', 'http://localhost');
    const probe = context.lifecycle.probe(url.pathname);
    if (probe) return json(res, probe.status, probe.body);

    if (req.method !== 'GET') return json(res, 405, { error: 'method not allowed' });
    switch (url.pathname) {
      case '/':
        return json(res, 200, { service: 'example-app', version: context.version });
      case '/work': {
        // Stands in for real work that takes a while (a query, a call downstream).
        const ms = Math.min(Number(url.searchParams.get('ms')) || 100, 30_000);
        await sleep(ms);
        return json(res, 200, { worked: ms });
      }
      default:
        return json(res, 404, { error: 'not found' });
    }
  };
}
