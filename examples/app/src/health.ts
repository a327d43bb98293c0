// The three probes answer from one lifecycle state:
//   startup   200 once the service has opened its clients (until then liveness is not asked)
//   liveness  200 while the process can answer at all; a restart would not fix anything else
//   readiness 200 only while started and not shutting down, so traffic drains before exit
export type Phase = 'starting' | 'serving' | 'draining';

export class Lifecycle {
  #phase: Phase = 'starting';

  get phase(): Phase {
    return this.#phase;
  }

  started(): void {
    if (this.#phase === 'starting') this.#phase = 'serving';
  }

  draining(): void {
    this.#phase = 'draining';
  }

  probe(path: string): { status: number; body: { status: string; phase: Phase } } | undefined {
    const ok = (up: boolean) => ({
      status: up ? 200 : 503,
      body: { status: up ? 'ok' : 'unavailable', phase: this.#phase },
    });
    switch (path) {
      case '/healthz/live':
        return ok(true);
      case '/healthz/startup':
        return ok(this.#phase !== 'starting');
      case '/healthz/ready':
        return ok(this.#phase === 'serving');
      default:
        return undefined;
    }
  }
}
