// Every overlay renders with the real kubectl (kustomize v5) into a Deployment that carries
// what a graceful rollout needs: the three probes, preStop, a grace period longer than
// preStop plus the app's drain timeout, and resource requests.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { kubectlPath } from '../../../packages/testkit/src/kubectl.ts';

// The workspace's YAML parser, from the testkit package that depends on it.
const yaml = createRequire(join(import.meta.dirname, '../../../packages/testkit/package.json'))('yaml') as {
  parseAllDocuments(text: string): Array<{ toJS(): unknown }>;
};

interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string }>;
  startupProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  resources?: { requests?: { cpu?: string; memory?: string } };
}
interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: {
    replicas?: number;
    template?: { spec: { terminationGracePeriodSeconds?: number; containers: Container[] } };
  };
}

const overlays = { dev: 1, staging: 2, production: 3 } as const;

async function render(overlay: string): Promise<Manifest[]> {
  const dir = join(import.meta.dirname, '..', 'deploy', 'overlays', overlay);
  const { stdout } = await promisify(execFile)(await kubectlPath(), ['kustomize', dir]);
  return yaml.parseAllDocuments(stdout).map((doc) => doc.toJS() as Manifest);
}

for (const [overlay, replicas] of Object.entries(overlays)) {
  test(`overlay ${overlay} renders a Deployment ready for graceful rollouts`, async () => {
    const objects = await render(overlay);
    const namespace = `example-${overlay}`;
    assert.ok(objects.some((o) => o.kind === 'Namespace' && o.metadata.name === namespace));
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      assert.equal(object.metadata.namespace, namespace, `${object.kind} in ${namespace}`);
    }

    const deployment = objects.find((o) => o.kind === 'Deployment');
    assert.ok(deployment?.spec?.template);
    assert.equal(deployment.spec.replicas, replicas);
    const pod = deployment.spec.template.spec;
    const [app] = pod.containers;
    assert.ok(app);
    assert.equal(app.image, 'myregistry.azurecr.io/team/example-app');
    assert.equal(app.startupProbe?.httpGet?.path, '/healthz/startup');
    assert.equal(app.livenessProbe?.httpGet?.path, '/healthz/live');
    assert.equal(app.readinessProbe?.httpGet?.path, '/healthz/ready');
    assert.ok(app.resources?.requests?.cpu && app.resources.requests.memory);

    const preStop = app.lifecycle?.preStop?.sleep?.seconds ?? 0;
    assert.ok(preStop > 0);
    const drainMs = Number(app.env?.find((e) => e.name === 'DRAIN_TIMEOUT_MS')?.value);
    assert.ok(pod.terminationGracePeriodSeconds! > preStop + drainMs / 1000);
  });
}

test('production keeps two pods through voluntary disruptions', async () => {
  const objects = await render('production');
  const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget') as unknown as
    | { spec: { minAvailable: number } }
    | undefined;
  assert.equal(pdb?.spec.minAvailable, 2);
});
