// Connections to what the service depends on, opened before it reports started and closed
// last on shutdown. Here a keep-alive agent for outbound HTTP; a database pool or a message
// consumer belongs here too, with its own close.
import { Agent } from 'node:http';

export interface Clients {
  readonly http: Agent;
  close(): Promise<void>;
}

export async function openClients(): Promise<Clients> {
  const http = new Agent({ keepAlive: true, maxSockets: 50 });
  return {
    http,
    async close() {
      http.destroy();
    },
  };
}
