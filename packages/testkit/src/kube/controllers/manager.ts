import type { Cluster } from '../cluster.ts';
import type { LogSource } from '../server.ts';

export interface ControllerOptions {
  readonly readyDelayMs: number;
  readonly nodes: number;
  readonly registryCaFiles: readonly string[];
  readonly registryCredentials: Record<string, { username: string; password: string }>;
}

export class ControllerManager {
  readonly kubelet: LogSource = { logs: () => ({ lines: [] }) };
  constructor(_cluster: Cluster, _options: ControllerOptions) {}
  start(): void {}
  stop(): void {}
}
