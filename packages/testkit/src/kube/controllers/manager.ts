import { readFileSync } from 'node:fs';
import type { Cluster } from '../cluster.ts';
import { DaemonSetController } from './daemonset.ts';
import { DeploymentController } from './deployment.ts';
import { EventRecorder } from './events.ts';
import { JobController } from './job.ts';
import { Kubelet } from './kubelet.ts';
import { ReplicaSetController } from './replicaset.ts';
import { ServiceController } from './service.ts';
import { StatefulSetController } from './statefulset.ts';
import { type Controller, type ControllerContext, reportError } from './util.ts';

export interface ControllerOptions {
  readonly readyDelayMs: number;
  readonly nodes: number;
  readonly registryCaFiles: readonly string[];
  readonly registryCredentials: Record<string, { username: string; password: string }>;
}

/**
 * Runs every controller over the whole cluster whenever something changes (coalesced into one
 * pass per tick) and at the times controllers asked to be woken (ready delays, back-offs,
 * progress deadlines). Writes that change nothing are dropped by the API layer, so passes settle.
 */
export class ControllerManager {
  readonly kubelet: Kubelet;
  readonly #cluster: Cluster;
  readonly #controllers: Controller[];
  readonly #timers = new Map<number, NodeJS.Timeout>();
  #queued = false;
  #running = false;
  #stopped = false;
  #unsubscribe: (() => void) | undefined;

  constructor(cluster: Cluster, options: ControllerOptions) {
    this.#cluster = cluster;
    const ctx: ControllerContext = {
      cluster,
      events: new EventRecorder(cluster),
      wakeAt: (time) => this.#wakeAt(time),
      readyDelayMs: options.readyDelayMs,
    };
    const ca = options.registryCaFiles.map((file) => readFileSync(file, 'utf8'));
    this.kubelet = new Kubelet(ctx, {
      nodes: options.nodes,
      pull: { ca, credentials: (host) => options.registryCredentials[host] },
    });
    this.#controllers = [
      new DeploymentController(ctx),
      new ReplicaSetController(ctx),
      new StatefulSetController(ctx),
      new DaemonSetController(ctx, () => this.kubelet.nodeNames()),
      new JobController(ctx),
      new ServiceController(ctx),
      this.kubelet,
    ];
  }

  start(): void {
    this.kubelet.registerNodes();
    this.#unsubscribe = this.#cluster.store.subscribe((event) => {
      // Events are written by the controllers themselves and drive nothing.
      if (event.resource.kind !== 'Event') this.#kick();
    });
    this.#kick();
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #kick(): void {
    if (this.#queued || this.#stopped) return;
    this.#queued = true;
    setImmediate(() => {
      this.#queued = false;
      this.#reconcile();
    });
  }

  #reconcile(): void {
    if (this.#stopped || this.#running) return;
    this.#running = true;
    try {
      for (const controller of this.#controllers) {
        try {
          controller.sync();
        } catch (error) {
          reportError(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }

  #wakeAt(time: number): void {
    if (this.#stopped) return;
    // Timers are bucketed to 10 ms so a pass asking for the same moment shares one.
    const bucket = Math.ceil(time / 10) * 10;
    if (this.#timers.has(bucket)) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(bucket);
        this.#kick();
      },
      Math.max(0, bucket - Date.now()),
    );
    timer.unref();
    this.#timers.set(bucket, timer);
  }
}
