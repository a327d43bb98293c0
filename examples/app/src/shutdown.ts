// Graceful shutdown on SIGTERM, in the order Kubernetes needs it:
//   1. readiness turns 503 (the endpoints controller stops sending new traffic)
//   2. after shutdownDelayMs, the listener closes (no new connections) and idle keep-alive
//      connections are closed
//   3. open requests finish, up to drainTimeoutMs; then their connections are cut
//   4. clients close (outbound connections, pools), the log is flushed, the process exits 0
// terminationGracePeriodSeconds must exceed preStop + shutdownDelayMs + drainTimeoutMs.
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Clients } from './clients.ts';
import type { Lifecycle } from './health.ts';

export interface ShutdownOptions {
  readonly server: Server;
  readonly lifecycle: Lifecycle;
  readonly clients: Clients;
  readonly logger: Logger;
  readonly shutdownDelayMs: number;
  readonly drainTimeoutMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function shutdown(options: ShutdownOptions, signal: string): Promise<void> {
  const { server, lifecycle, clients, logger } = options;
  lifecycle.draining();
  logger.info({ signal, delayMs: options.shutdownDelayMs }, 'shutdown started: readiness is now 503');
  await sleep(options.shutdownDelayMs);

  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  logger.info({ drainTimeoutMs: options.drainTimeoutMs }, 'listener closed, draining open requests');
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    closed.then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), options.drainTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (!drained) {
    logger.warn('drain timeout: closing the remaining connections');
    server.closeAllConnections();
  }

  await clients.close();
  logger.info({ drained }, 'shutdown complete');
}
