import type { KubeClient } from './kube.ts';
import type { KubeObject } from './objects.ts';

export interface ResourceInfo {
  /** The plural resource name in URLs: `deployments`. */
  readonly plural: string;
  readonly namespaced: boolean;
}

interface ApiResourceList {
  resources: Array<{ name: string; kind: string; namespaced: boolean }>;
}

/** Resolves kinds to resources through the server's discovery, one request per group version. */
export class Discovery {
  private readonly client: KubeClient;
  private readonly lists = new Map<string, Promise<ApiResourceList | undefined>>();

  constructor(client: KubeClient) {
    this.client = client;
  }

  /** The resource serving `kind` in `apiVersion`, or `undefined` when the cluster serves none. */
  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    let list = this.lists.get(apiVersion);
    if (list === undefined) {
      list = this.client
        .request<ApiResourceList>('GET', groupVersionPath(apiVersion))
        .catch((error: { status?: number }) => {
          if (error.status === 404) return undefined;
          throw error;
        });
      this.lists.set(apiVersion, list);
    }
    // Subresources (`deployments/scale`) share the kind; the top-level resource has no slash.
    const resource = (await list)?.resources.find((r) => r.kind === kind && !r.name.includes('/'));
    return resource && { plural: resource.name, namespaced: resource.namespaced };
  }

  /** Forgets what was learnt, e.g. after CRDs were applied. */
  reset(): void {
    this.lists.clear();
  }
}

export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The collection URL of a resource: `/apis/apps/v1/namespaces/shop/deployments`. */
export function collectionPath(
  apiVersion: string,
  info: ResourceInfo,
  namespace: string | undefined,
): string {
  const scope = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(apiVersion)}${scope}/${info.plural}`;
}

export function objectPath(object: KubeObject, info: ResourceInfo): string {
  return `${collectionPath(object.apiVersion, info, object.metadata.namespace)}/${encodeURIComponent(object.metadata.name)}`;
}
