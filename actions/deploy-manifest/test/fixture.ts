// Shared setup of the end-to-end tests: one Kubernetes simulator whose pods pull from one real
// registry, a workspace per test, the action run through the runner harness, and the real
// kubectl to look at what it did.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  type ActionRun,
  kubectlPath,
  type Registry,
  type RunOptions,
  runAction,
  seedImage,
  startKubeSimulator,
  startRegistry,
} from '../../../packages/testkit/src/index.ts';

const exec = promisify(execFile);
export const actionDir = join(import.meta.dirname, '..');

export type Simulator = Awaited<ReturnType<typeof startKubeSimulator>>;

/** An object read back from the cluster, as JSON. */
// biome-ignore lint/suspicious/noExplicitAny: tests read nested fields of many kinds directly.
export type Loose = any;

export interface Fixture {
  readonly registry: Registry;
  readonly cluster: Simulator;
  /** `<host>/team/app`, with two images: `v1` and `v2`. */
  readonly repository: string;
  readonly v1: string;
  readonly v2: string;
  /** A digest the registry does not have. */
  readonly missing: string;
  /** Writes files into a new workspace folder. */
  workspace(files: Record<string, string>): Promise<string>;
  deploy(
    files: Record<string, string>,
    inputs: RunOptions['inputs'],
    options?: Partial<RunOptions>,
  ): Promise<ActionRun>;
  kubectl(...args: string[]): Promise<string>;
  /** `kubectl get -o json` of one object. */
  get(kind: string, name: string, namespace: string): Promise<Loose>;
  stop(): Promise<void>;
}

export async function startFixture(
  simulatorOptions: Parameters<typeof startKubeSimulator>[0] = {},
): Promise<Fixture> {
  const registry = await startRegistry();
  const cluster = await startKubeSimulator(simulatorOptions).catch(async (error: unknown) => {
    await registry.stop();
    throw error;
  });
  const [one, two] = [
    await seedImage(registry, { repository: 'team/app', tag: 'v1', seed: 'app-v1' }),
    await seedImage(registry, { repository: 'team/app', tag: 'v2', seed: 'app-v2' }),
  ];
  const kubectl = await kubectlPath();
  const root = await mkdtemp(join(tmpdir(), 'deploy-e2e-'));
  let count = 0;
  const fixture: Fixture = {
    registry,
    cluster,
    repository: `${registry.host}/team/app`,
    v1: one!.pinned,
    v2: two!.pinned,
    missing: `${registry.host}/team/app@sha256:${'0'.repeat(64)}`,
    async workspace(files) {
      const dir = join(root, `ws-${++count}`);
      await mkdir(dir, { recursive: true });
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), text);
      }
      return dir;
    },
    async deploy(files, inputs, options = {}) {
      const workspace = await fixture.workspace(files);
      return await runAction(actionDir, {
        workspace,
        timeoutMs: 60_000,
        ...options,
        inputs: { kubeconfig: cluster.kubeconfig, 'probe-policy': 'off', ...inputs },
        env: { PATH: `${dirname(kubectl)}:${process.env.PATH}`, ...options.env },
      });
    },
    async kubectl(...args) {
      const { stdout } = await exec(kubectl, ['--kubeconfig', cluster.kubeconfigPath, ...args]);
      return stdout;
    },
    async get(kind, name, namespace) {
      return JSON.parse(
        await fixture.kubectl('get', kind, name, '-n', namespace, '-o', 'json', '--show-managed-fields'),
      );
    },
    async stop() {
      await cluster.stop();
      await registry.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
  return fixture;
}

export function namespace(name: string): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
}

export function deployment(
  name: string,
  image: string,
  options: {
    replicas?: number;
    podAnnotations?: Record<string, string>;
    initImage?: string;
    env?: Record<string, string>;
    progressDeadlineSeconds?: number;
  } = {},
): string {
  const annotations = Object.entries(options.podAnnotations ?? {})
    .map(([key, value]) => `\n        ${key}: "${value}"`)
    .join('');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${options.replicas ?? 1}${options.progressDeadlineSeconds ? `\n  progressDeadlineSeconds: ${options.progressDeadlineSeconds}` : ''}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }${annotations ? `\n      annotations:${annotations}` : ''}
    spec:${options.initImage ? `\n      initContainers:\n        - { name: init, image: "${options.initImage}" }` : ''}
      containers:
        - name: app
          image: ${image}${
            options.env
              ? `\n          env:${Object.entries(options.env)
                  .map(([key, value]) => `\n            - { name: ${key}, value: "${value}" }`)
                  .join('')}`
              : ''
          }
`;
}
