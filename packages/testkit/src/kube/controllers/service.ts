import type { KubeObject } from '../store.ts';
import { type Controller, type ControllerContext, reportError, resource } from './util.ts';

/** The cloud provider's part: a LoadBalancer Service gets an external address. */
export class ServiceController implements Controller {
  readonly #ctx: ControllerContext;
  readonly #addresses = new Map<string, string>();

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  sync(): void {
    const services = resource(this.#ctx, 'v1', 'services');
    for (const service of this.#ctx.cluster.list(services)) {
      try {
        const spec = (service.spec ?? {}) as { type?: string };
        const status =
          spec.type === 'LoadBalancer'
            ? { loadBalancer: { ingress: [{ ip: this.#address(service), ipMode: 'VIP' }] } }
            : { loadBalancer: {} };
        this.#ctx.cluster.writeStatus(services, service, status, 'service-controller');
      } catch (error) {
        reportError(error);
      }
    }
  }

  /** Addresses from TEST-NET-3 (203.0.113.0/24), stable per Service. */
  #address(service: KubeObject): string {
    let address = this.#addresses.get(service.metadata.uid);
    if (!address) {
      address = `203.0.113.${(this.#addresses.size % 250) + 1}`;
      this.#addresses.set(service.metadata.uid, address);
    }
    return address;
  }
}
