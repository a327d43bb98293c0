import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type KubeSimulator,
  type Registry,
  seedImage,
  startKubeSimulator,
  startRegistry,
} from '@digestflow/testkit';
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  makeInformer,
  PatchStrategy,
  type V1Deployment,
  Watch,
} from '@kubernetes/client-node';

describe('kube simulator with @kubernetes/client-node', () => {
  let registry: Registry;
  let sim: KubeSimulator;
  let image: string;
  let kc: KubeConfig;
  let api: KubernetesObjectApi;

  before(async () => {
    registry = await startRegistry();
    image = (await seedImage(registry, { repository: 'team/api', tag: '1.0.0' })).reference;
    sim = await startKubeSimulator();
    kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig);
    api = KubernetesObjectApi.makeApiClient(kc);
  });

  after(async () => {
    await sim?.stop();
    await registry?.stop();
  });

  const deployment = (replicas: number): V1Deployment => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'default', labels: { app: 'api' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: { containers: [{ name: 'api', image }] },
      },
    },
  });

  /** Watches the api Deployment until `done` says so; resolves with what it saw. */
  const watchUntil = async (
    query: Record<string, string | boolean>,
    until: (type: string, object: V1Deployment) => boolean,
  ): Promise<string[]> => {
    const seen: string[] = [];
    let controller: AbortController | undefined;
    const finished = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`watch saw only ${seen.join(', ')}`)), 15_000);
      void new Watch(kc)
        .watch(
          '/apis/apps/v1/namespaces/default/deployments',
          { fieldSelector: 'metadata.name=api', ...query },
          (type, object: V1Deployment) => {
            seen.push(type);
            if (until(type, object)) {
              clearTimeout(timer);
              resolve();
            }
          },
          (error: unknown) => {
            if (error && (error as Error).name !== 'AbortError') reject(error);
          },
        )
        .then((c) => {
          controller = c;
        }, reject);
    });
    try {
      await finished;
    } finally {
      controller?.abort();
    }
    return seen;
  };

  it('applies server-side, reads, lists, and watches a Deployment until it is available', async () => {
    const watching = watchUntil(
      { allowWatchBookmarks: true },
      (_type, d) => d.status?.availableReplicas === 3,
    );
    const applied = await api.patch(
      deployment(3),
      undefined,
      undefined,
      'digestflow',
      false,
      PatchStrategy.ServerSideApply,
    );
    assert.equal(applied.metadata?.generation, 1);
    const seen = await watching;
    assert.equal(seen[0], 'ADDED');
    assert.ok(seen.includes('MODIFIED'));

    const read = await api.read<V1Deployment>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'default' },
    });
    assert.equal(read.status?.readyReplicas, 3);
    assert.equal(read.metadata?.managedFields?.find((f) => f.manager === 'digestflow')?.operation, 'Apply');

    const pods = await api.list<KubernetesObject>(
      'v1',
      'Pod',
      'default',
      undefined,
      undefined,
      undefined,
      undefined,
      'app=api',
    );
    assert.equal(pods.items.length, 3);
    const running = await api.list(
      'v1',
      'Pod',
      'default',
      undefined,
      undefined,
      undefined,
      'status.phase=Running',
      'app=api',
    );
    assert.equal(running.items.length, 3);
  });

  it('resumes a watch from a resourceVersion and sees the initial-events bookmark of a watch list', async () => {
    const current = await api.read<V1Deployment>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'default' },
    });
    const resumed = watchUntil(
      { resourceVersion: current.metadata?.resourceVersion ?? '' },
      (_t, d) => d.spec?.replicas === 2,
    );
    await api.patch(
      { ...deployment(2) },
      undefined,
      undefined,
      'digestflow',
      false,
      PatchStrategy.ServerSideApply,
    );
    const seen = await resumed;
    assert.equal(seen[0], 'MODIFIED');

    const listed = await watchUntil(
      { sendInitialEvents: true, allowWatchBookmarks: true, resourceVersionMatch: 'NotOlderThan' },
      (type, d) => type === 'BOOKMARK' && d.metadata?.annotations?.['k8s.io/initial-events-end'] === 'true',
    );
    assert.deepEqual(listed, ['ADDED', 'BOOKMARK']);
  });

  it('feeds an informer (list, then watch from the list resourceVersion)', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer(
      kc,
      '/api/v1/namespaces/default/pods',
      () => core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=api' }),
      'app=api',
    );
    const ready = () =>
      informer
        .list()
        .filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    await informer.start();
    try {
      assert.equal(ready().length, 2);
      const gone = new Promise<string>((resolve) =>
        informer.on('delete', (pod) => resolve(pod.metadata?.name ?? '')),
      );
      const victim = ready()[0]?.metadata?.name ?? '';
      await core.deleteNamespacedPod({ name: victim, namespace: 'default' });
      assert.equal(await gone, victim);
      // The ReplicaSet replaces the pod, and the informer sees it become ready.
      for (let i = 0; i < 100 && ready().length < 2; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(ready().length, 2);
    } finally {
      await informer.stop();
    }
  });

  it('rejects a conflicting apply with 409, honours dryRun, and deletes', async () => {
    const error = await api
      .patch(deployment(5), undefined, undefined, 'other-tool', false, PatchStrategy.ServerSideApply)
      .catch((e: unknown) => e);
    assert.ok(error instanceof ApiException);
    assert.equal(error.code, 409);
    assert.match(String(error.body), /conflict with \\"digestflow\\"/);

    const dry = await api.patch(
      deployment(5),
      undefined,
      'All',
      'other-tool',
      true,
      PatchStrategy.ServerSideApply,
    );
    assert.equal(dry.spec?.replicas, 5);
    const still = await api.read<V1Deployment>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'default' },
    });
    assert.equal(still.spec?.replicas, 2);

    await api.delete({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: 'default' },
    });
    const gone = await api
      .read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'default' } })
      .catch((e: unknown) => e);
    assert.ok(gone instanceof ApiException);
    assert.equal(gone.code, 404);
  });

  it('refuses a client with the wrong token', async () => {
    const wrong = new KubeConfig();
    wrong.loadFromString(sim.kubeconfig.replace(sim.token, 'not-the-token'));
    const error = await KubernetesObjectApi.makeApiClient(wrong)
      .list('v1', 'ConfigMap', 'default')
      .catch((e: unknown) => e);
    assert.ok(error instanceof ApiException);
    assert.equal(error.code, 401);
  });
});
