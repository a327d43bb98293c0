import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type KubeSimulator,
  kubectlPath,
  type Registry,
  seedImage,
  startKubeSimulator,
  startRegistry,
} from '@digestflow/testkit';

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('kube simulator with the real kubectl', () => {
  let registry: Registry;
  let sim: KubeSimulator;
  let kubectlBin: string;
  let dir: string;
  let image1: string;
  let image2: string;

  before(async () => {
    [registry, kubectlBin, dir] = await Promise.all([
      startRegistry(),
      kubectlPath(),
      mkdtemp(join(tmpdir(), 'kube-kubectl-')),
    ]);
    const [one, two] = await Promise.all([
      seedImage(registry, { repository: 'shop/web', tag: '1' }),
      seedImage(registry, { repository: 'shop/web', tag: '2', seed: 'second' }),
    ]);
    image1 = one.reference;
    image2 = two.reference;
    sim = await startKubeSimulator();
  });

  after(async () => {
    await sim?.stop();
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const kubectl = (args: readonly string[], input?: string): Promise<Result> =>
    new Promise((resolve) => {
      const child = execFile(
        kubectlBin,
        [...args],
        // A private discovery cache, so nothing lands in the user's ~/.kube.
        {
          env: { ...process.env, KUBECONFIG: sim.kubeconfigPath, KUBECACHEDIR: join(dir, 'cache') },
          timeout: 30_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      if (input !== undefined) child.stdin?.end(input);
    });

  const ok = async (args: readonly string[], input?: string): Promise<string> => {
    const result = await kubectl(args, input);
    assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };

  const getJson = async <T = Record<string, unknown>>(...args: string[]): Promise<T> =>
    JSON.parse(await ok(['get', ...args, '-o', 'json'])) as T;

  const deployment = (
    name: string,
    image: string,
    extra: { deadline?: number; annotations?: string } = {},
  ) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: 3
  ${extra.deadline ? `progressDeadlineSeconds: ${extra.deadline}` : ''}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
      ${extra.annotations ? `annotations: {${extra.annotations}}` : ''}
    spec:
      containers:
      - name: web
        image: ${image}
        ports: [{containerPort: 8080}]
`;

  it('refuses calls without the bearer token', async () => {
    const response = await fetch(`${sim.url}/api/v1/namespaces`).catch((error: Error) => error);
    // Node's fetch does not trust the simulator's CA: use kubectl with a wrong token instead.
    assert.ok(response instanceof Error);
    const result = await kubectl(['get', 'pods', '--token', 'wrong']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /Unauthorized|must be logged in/);
  });

  it('serves discovery that kubectl understands, including custom resources', async () => {
    const resources = await ok(['api-resources', '-o', 'name']);
    for (const name of [
      'deployments.apps',
      'statefulsets.apps',
      'jobs.batch',
      'cronjobs.batch',
      'ingresses.networking.k8s.io',
      'poddisruptionbudgets.policy',
      'horizontalpodautoscalers.autoscaling',
      'roles.rbac.authorization.k8s.io',
      'customresourcedefinitions.apiextensions.k8s.io',
    ]) {
      assert.ok(resources.split('\n').includes(name), `${name} in api-resources`);
    }
    await ok(
      ['apply', '--server-side', '-f', '-'],
      `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`,
    );
    await ok(
      ['apply', '--server-side', '-f', '-'],
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3}\n',
    );
    const widget = await getJson<{ spec: { size: number } }>('wd', 'w1');
    assert.equal(widget.spec.size, 3);
  });

  it('applies a multi-document manifest server-side and rolls a Deployment out in well under a second', async (t) => {
    const manifest = `
apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data: {LOG_LEVEL: info}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---${deployment('web', image1)}`;
    const file = join(dir, 'web.yaml');
    await writeFile(file, manifest);
    const started = performance.now();
    const applied = await ok(['apply', '--server-side', '--field-manager', 'deployer', '-f', file]);
    assert.match(applied, /configmap\/web-config serverside-applied/);
    assert.match(applied, /deployment.apps\/web serverside-applied/);
    const status = await ok(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(`apply + rollout status of 3 replicas: ${seconds.toFixed(3)} s`);
    assert.match(status, /deployment "web" successfully rolled out/);

    const web = await getJson<{
      metadata: {
        generation: number;
        annotations: Record<string, string>;
        managedFields: { manager: string; operation: string }[];
      };
      status: {
        observedGeneration: number;
        availableReplicas: number;
        updatedReplicas: number;
        conditions: { type: string; reason: string }[];
      };
    }>('deployment', 'web', '--show-managed-fields');
    assert.equal(web.status.availableReplicas, 3);
    assert.equal(web.status.observedGeneration, web.metadata.generation);
    assert.equal(web.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    assert.ok(web.metadata.managedFields.some((f) => f.manager === 'deployer' && f.operation === 'Apply'));
    assert.deepEqual(
      web.status.conditions.map((c) => `${c.type}=${c.reason}`),
      ['Available=MinimumReplicasAvailable', 'Progressing=NewReplicaSetAvailable'],
    );
    const pods = await getJson<{
      items: {
        metadata: { labels: Record<string, string> };
        status: { phase: string; containerStatuses: { imageID: string }[] };
      }[];
    }>('pods', '-l', 'app=web');
    assert.equal(pods.items.length, 3);
    for (const pod of pods.items) {
      assert.equal(pod.status.phase, 'Running');
      assert.ok(pod.metadata.labels['pod-template-hash']);
      assert.match(pod.status.containerStatuses[0]?.imageID ?? '', /@sha256:[0-9a-f]{64}$/);
    }
    const service = await getJson<{
      spec: { clusterIP: string; ports: { protocol: string }[] };
      status: { loadBalancer: { ingress: { ip: string }[] } };
    }>('service', 'web');
    assert.match(service.status.loadBalancer.ingress[0]?.ip ?? '', /^203\.0\.113\./);
    assert.match(service.spec.clusterIP, /^10\.96\./);
    assert.equal(service.spec.ports[0]?.protocol, 'TCP');
  });

  it('answers a field owned by another manager with a 409 conflict, and --force-conflicts takes it over', async () => {
    await ok(['scale', 'deployment/web', '--replicas=4']);
    const file = join(dir, 'web.yaml');
    const refused = await kubectl(['apply', '--server-side', '--field-manager', 'deployer', '-f', file]);
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stderr,
      /Apply failed with 1 conflict: conflict with "kubectl" .*: \.spec\.replicas/,
    );
    const dryRun = await ok([
      'apply',
      '--server-side',
      '--field-manager',
      'deployer',
      '--force-conflicts',
      '--dry-run=server',
      '-f',
      file,
    ]);
    assert.match(dryRun, /server dry run/);
    assert.equal((await getJson<{ spec: { replicas: number } }>('deployment', 'web')).spec.replicas, 4);
    await ok(['apply', '--server-side', '--field-manager', 'deployer', '--force-conflicts', '-f', file]);
    const web = await getJson<{
      spec: { replicas: number };
      metadata: { managedFields?: { manager: string; fieldsV1: object }[] };
    }>('deployment', 'web', '--show-managed-fields');
    assert.equal(web.spec.replicas, 3);
    const kubectlFields = JSON.stringify(
      web.metadata.managedFields?.find((f) => f.manager === 'kubectl')?.fieldsV1 ?? {},
    );
    assert.doesNotMatch(kubectlFields, /f:replicas/);
  });

  it('rolls out a new image, fails on the progress deadline for an image that does not exist, and rolls back with undo', async () => {
    await ok(['apply', '--server-side', '--field-manager', 'deployer', '-f', '-'], deployment('web', image2));
    assert.match(
      await ok(['rollout', 'status', 'deployment/web', '--timeout=20s']),
      /successfully rolled out/,
    );

    const missing = `${registry.host}/shop/web:missing`;
    await ok(
      ['apply', '--server-side', '--field-manager', 'deployer', '-f', '-'],
      deployment('web', missing, { deadline: 1 }),
    );
    const failed = await kubectl(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    assert.notEqual(failed.code, 0);
    assert.match(failed.stderr, /deployment "web" exceeded its progress deadline/);
    const progressing = (
      await getJson<{ status: { conditions: { type: string; status: string; reason: string }[] } }>(
        'deployment',
        'web',
      )
    ).status.conditions.find((c) => c.type === 'Progressing');
    assert.deepEqual([progressing?.status, progressing?.reason], ['False', 'ProgressDeadlineExceeded']);

    const events = await getJson<{ items: { type: string; reason: string; message: string }[] }>(
      'events',
      '--field-selector',
      'type=Warning',
    );
    const messages = events.items.map((e) => `${e.reason}: ${e.message}`);
    assert.ok(
      messages.some(
        (m) => m.startsWith(`Failed: Failed to pull image "${missing}"`) && m.includes('not found'),
      ),
      messages.join('\n'),
    );
    assert.ok(messages.includes('Failed: Error: ErrImagePull'));
    assert.ok(messages.includes('Failed: Error: ImagePullBackOff'));
    const waiting = await getJson<{
      items: { status: { containerStatuses?: { state: { waiting?: { reason: string } } }[] } }[];
    }>('pods', '-l', 'app=web');
    const reasons = waiting.items
      .map((p) => p.status.containerStatuses?.[0]?.state.waiting?.reason)
      .filter(Boolean);
    // A pod the rollout started a moment ago may still be ContainerCreating.
    assert.ok(
      reasons.some((r) => r === 'ErrImagePull' || r === 'ImagePullBackOff') &&
        reasons.every((r) => r === 'ContainerCreating' || r === 'ErrImagePull' || r === 'ImagePullBackOff'),
      String(reasons),
    );

    assert.match(await ok(['rollout', 'undo', 'deployment/web']), /deployment.apps\/web rolled back/);
    assert.match(
      await ok(['rollout', 'status', 'deployment/web', '--timeout=20s']),
      /successfully rolled out/,
    );
    const web = await getJson<{
      spec: { template: { spec: { containers: { image: string }[] } } };
      metadata: { annotations: Record<string, string> };
    }>('deployment', 'web');
    assert.equal(web.spec.template.spec.containers[0]?.image, image2);
    assert.equal(web.metadata.annotations['deployment.kubernetes.io/revision'], '4');
    const history = await ok(['rollout', 'history', 'deployment/web']);
    // The rolled-back-to ReplicaSet is renumbered: revision 2 became revision 4.
    assert.match(history, /\n1 +<none>\n3 +<none>\n4 +<none>/);
  });

  it('runs crashing and unready pods with restarts, events and logs', async () => {
    await ok(
      ['apply', '--server-side', '-f', '-'],
      `
apiVersion: v1
kind: Pod
metadata:
  name: crasher
  annotations: {sim.digestflow.dev/crash: "true", sim.digestflow.dev/logs: "booting\\nconfig missing"}
spec:
  containers: [{name: app, image: ${image1}}]
---
apiVersion: v1
kind: Pod
metadata:
  name: sleepy
  annotations: {sim.digestflow.dev/unready: "true"}
spec:
  containers:
  - name: app
    image: ${image1}
    readinessProbe: {httpGet: {path: /ready, port: 8080}}
`,
    );
    await ok([
      'wait',
      '--for=jsonpath={.status.containerStatuses[0].restartCount}=2',
      'pod/crasher',
      '--timeout=20s',
    ]);
    const crasher = await getJson<{
      status: {
        phase: string;
        containerStatuses: { restartCount: number; lastState: { terminated?: { exitCode: number } } }[];
      };
    }>('pod', 'crasher');
    assert.equal(crasher.status.phase, 'Running');
    assert.equal(crasher.status.containerStatuses[0]?.lastState.terminated?.exitCode, 1);
    assert.match(await ok(['get', 'pod', 'crasher']), /CrashLoopBackOff|Running/);
    assert.match(
      await ok(['logs', 'crasher', '--previous']),
      /booting\nconfig missing\nfatal: simulated crash/,
    );
    // Following the running container's log ends when it exits again.
    assert.match(await ok(['logs', '--follow', 'crasher']), /fatal: simulated crash, exiting with code 1\n$/);
    // The first failed probe is reported one ready delay after the start.
    let unhealthy: { items: { type: string; message: string }[] } = { items: [] };
    for (let attempt = 0; attempt < 50 && unhealthy.items.length === 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      unhealthy = await getJson('events', '--field-selector', 'involvedObject.name=sleepy,reason=Unhealthy');
    }
    assert.equal(unhealthy.items[0]?.type, 'Warning');
    assert.match(
      unhealthy.items[0]?.message ?? '',
      /^Readiness probe failed: HTTP probe failed with statuscode: 503/,
    );
    const sleepy = await getJson<{ status: { conditions: { type: string; status: string }[] } }>(
      'pod',
      'sleepy',
    );
    assert.equal(sleepy.status.conditions.find((c) => c.type === 'Ready')?.status, 'False');
  });

  it('runs init containers first: a missing init image or a crashing init container holds the pod back', async () => {
    const pod = (name: string, initImage: string, annotations = '{}') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, annotations: ${annotations}}
spec:
  initContainers: [{name: migrate, image: ${initImage}}]
  containers: [{name: app, image: ${image1}}]
`;
    await ok(
      ['apply', '--server-side', '-f', '-'],
      [
        pod('init-ok', image2),
        pod('init-missing', `${registry.host}/shop/web:absent`),
        pod('init-crash', image2, '{sim.digestflow.dev/crash: migrate}'),
      ].join('---'),
    );
    await ok(['wait', '--for=condition=Ready', 'pod/init-ok', '--timeout=20s']);
    const done = await getJson<{
      status: { initContainerStatuses: { state: { terminated?: { reason: string } } }[] };
    }>('pod', 'init-ok');
    assert.equal(done.status.initContainerStatuses[0]?.state.terminated?.reason, 'Completed');
    await ok([
      'wait',
      '--for=jsonpath={.status.initContainerStatuses[0].state.waiting.reason}=ImagePullBackOff',
      'pod/init-missing',
      '--timeout=20s',
    ]);
    await ok([
      'wait',
      '--for=jsonpath={.status.initContainerStatuses[0].lastState.terminated.exitCode}=1',
      'pod/init-crash',
      '--timeout=20s',
    ]);
    const table = await ok(['get', 'pods', 'init-ok', 'init-missing', 'init-crash', '--no-headers']);
    assert.match(table, /init-ok +1\/1 +Running/);
    assert.match(table, /init-missing +0\/1 +Init:(ErrImagePull|ImagePullBackOff)/);
    assert.match(table, /init-crash +0\/1 +Init:(CrashLoopBackOff|Error|0\/1)/);
    const held = await getJson<{
      status: {
        phase: string;
        conditions: { type: string; status: string; reason?: string }[];
        containerStatuses: { state: { waiting?: { reason: string } } }[];
      };
    }>('pod', 'init-missing');
    assert.equal(held.status.phase, 'Pending');
    assert.equal(
      held.status.conditions.find((c) => c.type === 'Initialized')?.reason,
      'ContainersNotInitialized',
    );
    assert.equal(held.status.containerStatuses[0]?.state.waiting?.reason, 'PodInitializing');
  });

  it('pulls from a registry with basic auth through an image pull secret made by kubectl create', async (t) => {
    const locked = await startRegistry({ auth: 'basic' });
    t.after(() => locked.stop());
    const image = (await seedImage(locked, { repository: 'private/app', tag: '1' })).reference;
    // kubectl's create generators send protobuf bodies.
    await ok(['create', 'namespace', 'private']);
    await ok([
      'create',
      'secret',
      'docker-registry',
      'regcred',
      '-n',
      'private',
      `--docker-server=${locked.host}`,
      `--docker-username=${locked.username}`,
      `--docker-password=${locked.password}`,
    ]);
    const pod = (name: string, secrets: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: private}
spec:
  imagePullSecrets: ${secrets}
  containers: [{name: app, image: ${image}}]
`;
    await ok(
      ['apply', '--server-side', '-f', '-'],
      [pod('with-secret', '[{name: regcred}]'), pod('without', '[]')].join('---'),
    );
    await ok(['wait', '-n', 'private', '--for=condition=Ready', 'pod/with-secret', '--timeout=20s']);
    await ok([
      'wait',
      '-n',
      'private',
      '--for=jsonpath={.status.containerStatuses[0].state.waiting.reason}=ImagePullBackOff',
      'pod/without',
      '--timeout=20s',
    ]);
    const failed = await getJson<{ items: { message: string }[] }>(
      'events',
      '-n',
      'private',
      '--field-selector',
      'involvedObject.name=without,reason=Failed',
    );
    assert.ok(
      failed.items.some((e) => /authorization failed/.test(e.message)),
      JSON.stringify(failed.items),
    );
  });

  it('leaves a pod Pending with FailedScheduling until a node matches its nodeSelector', async () => {
    await ok(
      ['apply', '--server-side', '-f', '-'],
      `
apiVersion: v1
kind: Pod
metadata: {name: picky}
spec:
  nodeSelector: {disktype: ssd}
  containers: [{name: app, image: ${image1}}]
`,
    );
    await ok([
      'wait',
      '--for=jsonpath={.status.conditions[0].reason}=Unschedulable',
      'pod/picky',
      '--timeout=20s',
    ]);
    const events = await getJson<{ items: { type: string; reason: string; message: string }[] }>(
      'events',
      '--field-selector',
      'involvedObject.name=picky',
    );
    assert.deepEqual(
      events.items.map((e) => [e.type, e.reason]),
      [['Warning', 'FailedScheduling']],
    );
    assert.match(
      events.items[0]?.message ?? '',
      /^0\/3 nodes are available: 3 node\(s\) didn't match Pod's node affinity\/selector/,
    );
    await ok(['label', 'node', 'sim-node-2', 'disktype=ssd']);
    await ok(['wait', '--for=condition=Ready', 'pod/picky', '--timeout=20s']);
    assert.equal((await getJson<{ spec: { nodeName: string } }>('pod', 'picky')).spec.nodeName, 'sim-node-2');
  });

  it('runs StatefulSets, DaemonSets and Jobs to completion, and undoes a StatefulSet through its ControllerRevisions', async () => {
    const workloads = (stsImage: string) => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: ${stsImage}}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: ${image1}}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: migrate, image: ${image1}}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: report, image: ${image1}}]
`;
    await ok(['apply', '--server-side', '-f', '-'], workloads(image1));
    assert.match(
      await ok(['rollout', 'status', 'statefulset/db', '--timeout=20s']),
      /roll out complete|rolling update complete/,
    );
    assert.match(
      await ok(['rollout', 'status', 'daemonset/agent', '--timeout=20s']),
      /daemon set "agent" successfully rolled out/,
    );
    await ok(['wait', '--for=condition=complete', 'job/migrate', '--timeout=20s']);
    const agent = await getJson<{ status: { desiredNumberScheduled: number; numberAvailable: number } }>(
      'daemonset',
      'agent',
    );
    assert.deepEqual([agent.status.desiredNumberScheduled, agent.status.numberAvailable], [3, 3]);
    assert.equal(
      (await getJson<{ spec: { schedule: string } }>('cronjob', 'nightly')).spec.schedule,
      '0 3 * * *',
    );

    await ok(['apply', '--server-side', '-f', '-'], workloads(image2));
    await ok(['rollout', 'status', 'statefulset/db', '--timeout=20s']);
    const revisions = await getJson<{ items: unknown[] }>('controllerrevisions', '-l', 'app=db');
    assert.equal(revisions.items.length, 2);
    assert.match(await ok(['rollout', 'undo', 'statefulset/db']), /statefulset.apps\/db rolled back/);
    await ok(['rollout', 'status', 'statefulset/db', '--timeout=20s']);
    const db = await getJson<{
      spec: { template: { spec: { containers: { image: string }[] } } };
      status: { currentRevision: string; updateRevision: string };
    }>('statefulset', 'db');
    assert.equal(db.spec.template.spec.containers[0]?.image, image1);
    assert.equal(db.status.currentRevision, db.status.updateRevision);
    const pod = await getJson<{ spec: { containers: { image: string }[] } }>('pod', 'db-1');
    assert.equal(pod.spec.containers[0]?.image, image1);
  });

  it('deletes a Deployment together with its ReplicaSets and pods', async () => {
    assert.match(await ok(['delete', 'deployment', 'web']), /deployment.apps "web" deleted/);
    const left = await kubectl(['get', 'deployment', 'web']);
    assert.match(left.stderr, /NotFound|not found/);
    assert.equal((await getJson<{ items: unknown[] }>('replicasets', '-l', 'app=web')).items.length, 0);
    assert.equal((await getJson<{ items: unknown[] }>('pods', '-l', 'app=web')).items.length, 0);
  });
});
