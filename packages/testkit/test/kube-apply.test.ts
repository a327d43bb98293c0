import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Cluster } from '../src/kube/cluster.ts';
import { ApiError } from '../src/kube/errors.ts';
import { jsonPatch, strategicMergePatch } from '../src/kube/patch.ts';
import { parseFieldSelector, parseLabelSelector } from '../src/kube/selectors.ts';
import type { KubeObject } from '../src/kube/store.ts';

// The API semantics below the HTTP layer: server-side apply ownership, patches, selectors.

const configMap = (data: Record<string, string>, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', ...(Object.keys(labels).length > 0 ? { labels } : {}) },
  data,
});

function setup() {
  const cluster = new Cluster();
  const configMaps = cluster.mustResource('', 'v1', 'configmaps');
  const deployments = cluster.mustResource('apps', 'v1', 'deployments');
  const apply = (manager: string, body: unknown, force = false) =>
    cluster.patch(configMaps, 'default', 'settings', 'apply', body, { manager, force });
  return { cluster, configMaps, deployments, apply };
}

it('server-side apply removes the fields a manager stops applying, unless someone else owns them', () => {
  const { apply } = setup();
  apply('a', configMap({ one: '1', two: '2' }));
  apply('b', configMap({ two: '2' }));
  const after = apply('a', configMap({ one: '1' }));
  assert.deepEqual(after.data, { one: '1', two: '2' }, 'two is still owned by b (same value, shared)');
  const last = apply('b', configMap({}));
  assert.deepEqual(last.data, { one: '1' });
  assert.deepEqual(f(last, 'a'), { 'f:data': { 'f:one': {} } });
  assert.doesNotMatch(JSON.stringify(f(last, 'b')), /f:two/);
});

function f(object: KubeObject, manager: string) {
  return object.metadata.managedFields?.find((e) => e.manager === manager)?.fieldsV1 ?? {};
}

it('server-side apply reports conflicts with other managers and forces them away', () => {
  const { apply } = setup();
  apply('a', configMap({ mode: 'fast' }, { team: 'x' }));
  assert.throws(
    () => apply('b', configMap({ mode: 'slow' }, { team: 'y' })),
    (error: unknown) =>
      error instanceof ApiError &&
      error.code === 409 &&
      error.message.startsWith(
        'Apply failed with 2 conflicts: conflicts with "a":\n- .data.mode\n- .metadata.labels.team',
      ),
  );
  const forced = apply('b', configMap({ mode: 'slow' }, { team: 'y' }), true);
  assert.equal(forced.data && (forced.data as Record<string, string>).mode, 'slow');
  assert.equal(
    forced.metadata.managedFields?.find((e) => e.manager === 'a'),
    undefined,
  );
  assert.deepEqual(f(forced, 'b'), {
    'f:data': { 'f:mode': {} },
    'f:metadata': { 'f:labels': { 'f:team': {} } },
  });
});

it('server-side apply merges containers and ports by key and records them in FieldsV1', () => {
  const { cluster, deployments } = setup();
  const deployment = (containers: unknown[]) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
    },
  });
  cluster.patch(
    deployments,
    'default',
    'web',
    'apply',
    deployment([{ name: 'app', image: 'a:1', ports: [{ containerPort: 80 }] }]),
    {
      manager: 'deployer',
    },
  );
  const merged = cluster.patch(
    deployments,
    'default',
    'web',
    'apply',
    deployment([{ name: 'sidecar', image: 's:1' }]),
    {
      manager: 'mesh',
    },
  );
  const containers = (merged.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec
    .containers;
  assert.deepEqual(
    containers.map((c) => c.name),
    ['app', 'sidecar'],
  );
  const owned = JSON.stringify(f(merged, 'deployer'));
  assert.match(owned, /"k:\{\\"name\\":\\"app\\"\}":\{".":\{\},"f:image"/);
  assert.match(owned, /k:\{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"\}/);
  assert.equal(merged.metadata.generation, 2);
});

it('updates keep resourceVersion when nothing changes and refuse stale resourceVersions', () => {
  const { cluster, configMaps } = setup();
  const created = cluster.create(configMaps, 'default', configMap({ a: '1' }), { manager: 'm' });
  const same = cluster.update(configMaps, 'default', 'settings', created, { manager: 'm' });
  assert.equal(same.metadata.resourceVersion, created.metadata.resourceVersion);
  cluster.update(configMaps, 'default', 'settings', { ...created, data: { a: '2' } }, { manager: 'm' });
  assert.throws(
    () =>
      cluster.update(configMaps, 'default', 'settings', { ...created, data: { a: '3' } }, { manager: 'm' }),
    (error: unknown) =>
      error instanceof ApiError && error.code === 409 && /the object has been modified/.test(error.message),
  );
  const dry = cluster.update(
    configMaps,
    'default',
    'settings',
    { ...configMap({ a: '4' }) },
    { manager: 'm', dryRun: true },
  );
  assert.deepEqual(dry.data, { a: '4' });
  assert.deepEqual(cluster.get(configMaps, 'default', 'settings').data, { a: '2' });
});

it('strategic merge patch merges lists by their merge key and honours $patch directives', () => {
  const pod = {
    spec: {
      containers: [
        { name: 'app', image: 'a:1', env: [{ name: 'A', value: '1' }] },
        { name: 'old', image: 'o:1' },
      ],
    },
    metadata: { finalizers: ['x'] },
  };
  const patched = strategicMergePatch(pod, {
    spec: {
      containers: [
        { name: 'app', env: [{ name: 'B', value: '2' }] },
        { name: 'old', $patch: 'delete' },
      ],
    },
    metadata: { finalizers: ['y'] },
  });
  assert.deepEqual(patched, {
    spec: {
      containers: [
        {
          name: 'app',
          image: 'a:1',
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
        },
      ],
    },
    metadata: { finalizers: ['x', 'y'] },
  });
  const replaced = strategicMergePatch(
    { spec: { template: { a: 1, b: 2 } } },
    { spec: { template: { $patch: 'replace', c: 3 } } },
  );
  assert.deepEqual(replaced, { spec: { template: { c: 3 } } });
});

it('JSON patch replaces, adds and removes by pointer', () => {
  const doc = { metadata: { annotations: { a: '1' } }, spec: { list: [1, 2] } };
  const out = jsonPatch(doc, [
    { op: 'replace', path: '/metadata/annotations', value: { b: '2' } },
    { op: 'add', path: '/spec/list/-', value: 3 },
    { op: 'remove', path: '/spec/list/0' },
  ]);
  assert.deepEqual(out, { metadata: { annotations: { b: '2' } }, spec: { list: [2, 3] } });
  assert.throws(() => jsonPatch(doc, [{ op: 'replace', path: '/spec/missing', value: 1 }]));
});

it('label and field selectors', () => {
  const object = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'n', labels: { app: 'web', tier: 'front' } },
    status: { phase: 'Running' },
  } as unknown as KubeObject;
  assert.equal(parseLabelSelector('app=web,tier in (front,back),!canary')(object), true);
  assert.equal(parseLabelSelector('app!=web')(object), false);
  assert.equal(parseLabelSelector('release')(object), false);
  assert.equal(parseFieldSelector('metadata.name=p,status.phase!=Pending')(object), true);
  assert.equal(parseFieldSelector('metadata.namespace==other')(object), false);
});
