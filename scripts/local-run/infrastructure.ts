// What a runner and a cloud would provide, started on loopback: a plain `distribution`
// registry for dev images, the ACR emulator (staging and releases, Entra and GitHub OIDC
// doubles), a second registry with its own login that the cluster was never given access to
// (where the bad release goes), and a Kubernetes cluster: the simulator, or the cluster in
// KUBECONFIG if set.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  type AcrEmulator,
  type KubeSimulator,
  type Registry,
  registryClientFiles,
  startAcrEmulator,
  startKubeSimulator,
  startRegistry,
} from '../../packages/testkit/src/index.ts';

/** `context at server` of a kubeconfig's current context, to say plainly which cluster gets the namespaces. */
function currentContext(kubectl: string, file: string): string {
  const view = ['config', 'view', '--minify', '--kubeconfig', file, '-o'];
  const context = execFileSync(kubectl, [...view, 'jsonpath={.contexts[0].name}'], { encoding: 'utf8' });
  const server = execFileSync(kubectl, [...view, 'jsonpath={.clusters[0].cluster.server}'], {
    encoding: 'utf8',
  });
  return `context ${context.trim()} at ${server.trim()}`;
}

/** The identities of the run, as Entra object IDs and app registrations. */
export const identity = {
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  /** The app the release workflow signs in as (federated with the repository's tags). */
  releaseClientId: '0d5c4f0e-7d1a-4c59-a1a3-3f1e0f7c2b11',
  releaseObjectId: '5b1f2c7e-0a4d-4f7a-9d2c-6e8b1a3c4d5e',
  /** The managed identity the cluster's kubelet pulls with (AcrPull). */
  kubeletObjectId: '9e3a7b51-2c4d-4e6f-8a1b-0c2d3e4f5a6b',
  /** The engineer whose `az acr login` the promote steps use. */
  engineerObjectId: '1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
} as const;

export const repository = 'octo-org/octo-app';

export interface Infrastructure {
  readonly devRegistry: Registry;
  readonly acr: AcrEmulator;
  /** A registry with basic auth for which the cluster has no pull credentials. */
  readonly newRegistry: Registry;
  /** Environment for steps that reach the ACR as a signed-in engineer (`az acr login` wrote config.json). */
  readonly acrLoginEnv: Record<string, string>;
  readonly cluster: {
    readonly kubeconfig: string;
    readonly kubeconfigPath: string;
    readonly description: string;
  };
  stop(): Promise<void>;
}

export async function startInfrastructure(
  log: (line: string) => void,
  kubectl: string,
): Promise<Infrastructure> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    const devRegistry = await startRegistry();
    stops.push(() => devRegistry.stop());
    log(`dev registry          http://${devRegistry.host} (distribution)`);

    const acr = await startAcrEmulator({
      roles: {
        [identity.releaseObjectId]: ['pull', 'push', 'metadata_read', 'metadata_write'],
        [identity.kubeletObjectId]: ['pull'],
        [identity.engineerObjectId]: ['pull', 'push', 'metadata_read'],
      },
    });
    stops.push(() => acr.stop());
    log(`ACR                   ${acr.url} (emulator: token exchange, /acr/v1 locks, Entra + GitHub OIDC)`);

    const newRegistry = await startRegistry({ auth: 'basic' });
    stops.push(() => newRegistry.stop());
    log(`new registry          http://${newRegistry.host} (distribution with a login; the cluster has none)`);

    const engineer = await registryClientFiles(
      await acr.login({ tenant: identity.tenantId, oid: identity.engineerObjectId }),
    );
    const kubelet = await acr.login({ tenant: identity.tenantId, oid: identity.kubeletObjectId });

    let cluster: Infrastructure['cluster'];
    if (process.env.KUBECONFIG) {
      const file = process.env.KUBECONFIG.split(':')[0]!;
      cluster = {
        kubeconfig: readFileSync(file, 'utf8'),
        kubeconfigPath: file,
        description: `the cluster in KUBECONFIG (${file}, ${currentContext(kubectl, file)})`,
      };
      log(`Kubernetes            ${cluster.description}`);
      log(
        `                      creates namespaces example-dev, -staging, -production there (unset KUBECONFIG for the simulator);`,
      );
      log(
        `                      its nodes must reach ${devRegistry.host}, ${acr.host} (trusting ${acr.caFile}) and pull from the ACR`,
      );
    } else {
      const simulator: KubeSimulator = await startKubeSimulator({
        registryCaFiles: [acr.caFile],
        registryCredentials: { [acr.host]: { username: kubelet.username!, password: kubelet.password! } },
      });
      stops.push(() => simulator.stop());
      cluster = {
        kubeconfig: simulator.kubeconfig,
        kubeconfigPath: simulator.kubeconfigPath,
        description: `simulator at ${simulator.url}`,
      };
      log(
        `Kubernetes            ${simulator.url} (simulator; its kubelet pulls from the dev registry, and from the ACR as its managed identity)`,
      );
    }
    return { devRegistry, acr, newRegistry, acrLoginEnv: engineer.env, cluster, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
