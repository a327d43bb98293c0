import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createCertificateAuthority, issueCertificate, loopbackNames } from '../tls.ts';
import { Cluster } from './cluster.ts';
import { ControllerManager } from './controllers/manager.ts';
import { createHandler } from './server.ts';

export interface KubeSimulatorOptions {
  /** How long a started container takes to become ready (default 50 ms); a pod annotation overrides it. */
  readonly readyDelayMs?: number;
  /** CA files the simulated kubelet trusts when it pulls from an HTTPS registry. */
  readonly registryCaFiles?: readonly string[];
  /** Registry credentials by host (`127.0.0.1:5000`), as a node's credential provider would give them. */
  readonly registryCredentials?: Record<string, { username: string; password: string }>;
  /** Simulated nodes (default 3): where pods are scheduled and DaemonSets run. */
  readonly nodes?: number;
  /** The bearer token clients must send (default: random). */
  readonly token?: string;
}

/** A running simulated API server. */
export interface KubeSimulator {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** PEM file of the CA that signed the server certificate. */
  readonly caFile: string;
  readonly token: string;
  /** A kubeconfig (YAML) with one cluster, user and context named `digestflow-sim`. */
  readonly kubeconfig: string;
  readonly kubeconfigPath: string;
  stop(): Promise<void>;
}

/**
 * Starts a Kubernetes API simulator on loopback HTTPS that the real `kubectl` and
 * `@kubernetes/client-node` work against. See `./index.ts` for what it simulates and the pod
 * annotations that steer the simulated kubelet.
 */
export async function startKubeSimulator(options: KubeSimulatorOptions = {}): Promise<KubeSimulator> {
  const dir = await mkdtemp(join(tmpdir(), 'kube-sim-'));
  try {
    const ca = await createCertificateAuthority(dir, 'digestflow kube simulator CA');
    const serving = await issueCertificate(ca, dir, 'apiserver', {
      names: [...loopbackNames, 'kubernetes.default.svc'],
    });
    const token = options.token ?? randomBytes(24).toString('base64url');
    const cluster = new Cluster();
    const controllers = new ControllerManager(cluster, {
      readyDelayMs: options.readyDelayMs ?? 50,
      nodes: options.nodes ?? 3,
      registryCaFiles: options.registryCaFiles ?? [],
      registryCredentials: options.registryCredentials ?? {},
    });
    let url = '';
    const server = createServer(
      { cert: await readFile(serving.certFile), key: await readFile(serving.keyFile) },
      createHandler({
        cluster,
        token,
        logs: controllers.kubelet,
        serverAddress: () => url.replace('https://', ''),
      }),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (!address || typeof address !== 'object') throw new Error('kube simulator: no listening address');
    url = `https://127.0.0.1:${address.port}`;
    controllers.start();
    const kubeconfig = kubeconfigYaml(url, await readFile(ca.certFile), token);
    const kubeconfigPath = join(dir, 'kubeconfig');
    await writeFile(kubeconfigPath, kubeconfig, { mode: 0o600 });
    let stopped: Promise<void> | undefined;
    const stop = () => {
      stopped ??= (async () => {
        controllers.stop();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    };
    return { url, caFile: ca.certFile, token, kubeconfig, kubeconfigPath, stop };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function kubeconfigYaml(url: string, caPem: Buffer, token: string): string {
  const name = 'digestflow-sim';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: url, 'certificate-authority-data': caPem.toString('base64') } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
