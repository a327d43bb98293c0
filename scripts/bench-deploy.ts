// Deploy of 50 objects (10 Deployments, each with a Service, two ConfigMaps and a
// ServiceAccount) with a wait for the rollout: deploy-manifest's dist, run as the runner runs
// it, against `kubectl apply --server-side -f` followed by `kubectl rollout status` for each
// Deployment, both on the same Kubernetes simulator (pods pulling from a real registry),
// interleaved in one run, each round into fresh namespaces. Also measures how long after the
// simulator reported the last rollout done each tool returned (an upper bound of the time to
// notice it). Writes docs/performance/deploy.md.
// Usage: node scripts/bench-deploy.ts [--rounds 5] [--ready-delay-ms N] [--out FILE | --no-write]
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs, promisify } from 'node:util';
import {
  kubectlPath,
  runAction,
  seedImage,
  startKubeSimulator,
  startRegistry,
} from '../packages/testkit/src/index.ts';
import { median, publishReport, reportOptions } from './bench/measure.ts';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    // Default: the simulator's own (50 ms from container start to Ready).
    'ready-delay-ms': { type: 'string' },
    ...reportOptions('deploy.md'),
  },
});
const rounds = Number(values.rounds);
const readyDelayMs = values['ready-delay-ms'] === undefined ? undefined : Number(values['ready-delay-ms']);
const APPS = 10;

function manifests(image: string): string {
  const docs: string[] = [];
  for (let i = 0; i < APPS; i++) {
    const app = `app-${i}`;
    docs.push(
      `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: ${app} }\n`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${app}-config }\ndata: { LOG_LEVEL: info, PORT: "8080" }\n`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${app}-features }\ndata: { flags: "a,b,c" }\n`,
      `apiVersion: v1\nkind: Service\nmetadata: { name: ${app} }\nspec:\n  selector: { app: ${app} }\n  ports: [{ port: 80, targetPort: 8080 }]\n`,
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${app} }\nspec:\n  replicas: 2\n  selector: { matchLabels: { app: ${app} } }\n  template:\n    metadata: { labels: { app: ${app} } }\n    spec:\n      serviceAccountName: ${app}\n      containers:\n        - name: app\n          image: ${image}\n          envFrom: [{ configMapRef: { name: ${app}-config } }]\n          readinessProbe: { httpGet: { path: /healthz, port: 8080 } }\n          livenessProbe: { httpGet: { path: /healthz, port: 8080 } }\n`,
    );
  }
  return docs.join('---\n');
}

type Cluster = Awaited<ReturnType<typeof startKubeSimulator>>;

/**
 * Watches Deployments of a namespace and records when the simulator first reported each one
 * rolled out (by kubectl's rule), so each tool's return can be compared with it.
 */
function watchRollouts(
  cluster: Cluster,
  ca: string,
  namespace: string,
): { lastDone: () => number | undefined; stop: () => void } {
  const done = new Map<string, number>();
  const url = new URL(`${cluster.url}/apis/apps/v1/namespaces/${namespace}/deployments?watch=1`);
  const req = request(url, { ca, headers: { Authorization: `Bearer ${cluster.token}` } }, (res) => {
    res.on('error', () => {}); // the watch ends by destroying it
    const lines = createInterface({ input: res });
    lines.on('error', () => {});
    lines.on('line', (line) => {
      const { object } = JSON.parse(line);
      const { spec, status, metadata } = object;
      const rolledOut =
        (metadata.generation ?? 0) <= (status?.observedGeneration ?? 0) &&
        (status?.updatedReplicas ?? 0) >= spec.replicas &&
        (status?.replicas ?? 0) <= (status?.updatedReplicas ?? 0) &&
        (status?.availableReplicas ?? 0) >= (status?.updatedReplicas ?? 0);
      if (rolledOut && !done.has(metadata.name)) done.set(metadata.name, performance.now());
    });
  });
  req.on('error', () => {});
  req.end();
  return {
    lastDone: () => (done.size === APPS ? Math.max(...done.values()) : undefined),
    stop: () => req.destroy(),
  };
}

interface Sample {
  readonly ms: number;
  /** ms from the simulator reporting the last rollout done to the tool returning. */
  readonly noticeMs: number;
}

async function main(): Promise<void> {
  const registry = await startRegistry();
  const cluster = await startKubeSimulator(readyDelayMs === undefined ? {} : { readyDelayMs });
  const dir = await mkdtemp(join(tmpdir(), 'bench-deploy-'));
  try {
    const image = (await seedImage(registry, { repository: 'bench/app', tag: 'v1' })).pinned;
    const ca = await readFile(cluster.caFile, 'utf8');
    const kubectl = await kubectlPath();
    const file = join(dir, 'app.yaml');
    await writeFile(file, manifests(image));
    const kubectlArgs = ['--kubeconfig', cluster.kubeconfigPath];
    let runs = 0;
    const measure = async (tool: 'ours' | 'kubectl'): Promise<Sample> => {
      const namespace = `${tool}-${++runs}`;
      // (`kubectl create` sends protobuf, which the simulator does not speak: apply the namespace.)
      const namespaceFile = join(dir, `${namespace}.yaml`);
      await writeFile(namespaceFile, `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${namespace} }\n`);
      await exec(kubectl, [...kubectlArgs, 'apply', '--server-side', '-f', namespaceFile]);
      const watch = watchRollouts(cluster, ca, namespace);
      await new Promise((resolve) => setTimeout(resolve, 100)); // let the watch connect
      const started = performance.now();
      if (tool === 'ours') {
        const run = await runAction(join(root, 'actions', 'deploy-manifest'), {
          workspace: dir,
          inputs: {
            manifests: 'app.yaml',
            images: image,
            namespace,
            kubeconfig: cluster.kubeconfig,
            timeout: '2m',
          },
        });
        if (run.outputs.status !== 'deployed') throw new Error(`deploy-manifest failed:\n${run.stdout}`);
      } else {
        await exec(kubectl, [...kubectlArgs, 'apply', '--server-side', '-n', namespace, '-f', file]);
        for (let i = 0; i < APPS; i++) {
          await exec(kubectl, [
            ...kubectlArgs,
            'rollout',
            'status',
            '-n',
            namespace,
            `deployment/app-${i}`,
            '--timeout=2m',
          ]);
        }
      }
      const ended = performance.now();
      watch.stop();
      const lastDone = watch.lastDone();
      if (lastDone === undefined) throw new Error(`${tool}: not every Deployment was seen rolled out`);
      return { ms: ended - started, noticeMs: ended - lastDone };
    };

    const samples = { ours: [] as Sample[], kubectl: [] as Sample[] };
    await measure('ours'); // warm-up: page cache, simulator JIT, kubectl's discovery cache
    await measure('kubectl');
    for (let round = 1; round <= rounds; round++) {
      const order: Array<'ours' | 'kubectl'> = round % 2 === 0 ? ['kubectl', 'ours'] : ['ours', 'kubectl'];
      for (const tool of order) {
        const sample = await measure(tool);
        samples[tool].push(sample);
        console.log(
          `round ${round} ${tool}: ${sample.ms.toFixed(0)} ms (returned ${sample.noticeMs.toFixed(0)} ms after the last rollout was done)`,
        );
      }
    }
    const ours = median(samples.ours.map((s) => s.ms));
    const theirs = median(samples.kubectl.map((s) => s.ms));
    const ratio = ours / theirs;
    const notice = median(samples.ours.map((s) => s.noticeMs));
    const noticeMax = Math.max(...samples.ours.map((s) => s.noticeMs));
    const theirNotice = median(samples.kubectl.map((s) => s.noticeMs));
    const report = `# Deploy: deploy-manifest vs kubectl

Measured by \`${relative(root, import.meta.filename)}\` (one run, ${rounds} interleaved rounds after a warm-up,
medians), ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (load ${loadavg()[0]!.toFixed(1)}).

Workload: 50 objects (10 Deployments of 2 replicas, each with a Service, two ConfigMaps and a
ServiceAccount) applied into a fresh namespace and waited for, on the testkit Kubernetes
simulator (pods become ready ${readyDelayMs ?? "the simulator's default 50"} ms after their containers start; images are
pulled from a real local registry).

| tool | what runs | median wall time | returned after the last rollout was done (median / max) |
|---|---|---|---|
| deploy-manifest | its \`dist\` through the runner harness: load, pin, dry-run check, server-side apply, watch all rollouts | ${ours.toFixed(0)} ms | ${notice.toFixed(0)} ms / ${noticeMax.toFixed(0)} ms |
| kubectl v1.35 | \`kubectl apply --server-side -f\` then \`kubectl rollout status\` per Deployment | ${theirs.toFixed(0)} ms | ${theirNotice.toFixed(0)} ms |

Every round (ms): deploy-manifest ${samples.ours.map((s) => s.ms.toFixed(0)).join(', ')}; kubectl
${samples.kubectl.map((s) => s.ms.toFixed(0)).join(', ')}. The machine is shared, so single rounds vary; the
rounds are interleaved so that both tools see the same load.

**Ratio: deploy-manifest takes ${ratio.toFixed(2)}× kubectl's wall time** (target: at most 0.5×).
deploy-manifest's process ends ${notice.toFixed(0)} ms (median) after the simulator reported the last
rollout done: an upper bound of the time it took to notice (target: within 100 ms), which also
includes writing the outputs and job summary and the process exit.
`;
    console.log();
    await publishReport(report, values);
  } finally {
    await cluster.stop();
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
// Keep-alive sockets of the harness must not hold the process open.
process.exit(0);
