// Entry point: open clients, listen, report started; on SIGTERM or SIGINT shut down gracefully.
import { createServer } from 'node:http';
import { pino } from 'pino';
import { openClients } from './clients.ts';
import { readConfig } from './config.ts';
import { Lifecycle } from './health.ts';
import { handler } from './routes.ts';
import { shutdown } from './shutdown.ts';

const config = readConfig(process.env);
const logger = pino({ level: config.logLevel, base: { service: 'example-app', version: config.version } });
const lifecycle = new Lifecycle();
const clients = await openClients();

const server = createServer(handler({ lifecycle, logger, version: config.version }));
// Longer than a load balancer's idle timeout, so it never sends into a closing connection.
server.keepAliveTimeout = 65_000;
server.listen(config.port, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  lifecycle.started();
  logger.info({ port }, 'listening');
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return logger.info({ signal }, 'shutdown already in progress');
    stopping = true;
    shutdown({ server, lifecycle, clients, logger, ...config }, signal).then(
      () => logger.flush(() => process.exit(0)),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush(() => process.exit(1));
      },
    );
  });
}
