import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { annotateWorkloads, deployInfoFromEnv } from '../src/annotate.ts';
import type { KubeObject } from '../src/objects.ts';
import { applyTiers, tierOf } from '../src/order.ts';
import { checkProbes, missingProbes } from '../src/probes.ts';

const deployment = (containers: unknown[]): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers } } },
});

describe('annotateWorkloads', () => {
  it('annotates workload metadata, never the pod template, and leaves other kinds alone', () => {
    const web = deployment([{ name: 'app', image: 'x' }]);
    const config: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    const info = deployInfoFromEnv(
      {
        GITHUB_SHA: 'abc123',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_RUN_ID: '42',
        GITHUB_REF: 'refs/tags/v1.2.3',
      },
      ['r/app@sha256:x'],
    );
    annotateWorkloads([web, config], info);
    assert.deepEqual(web.metadata.annotations, {
      'digestflow.dev/commit': 'abc123',
      'digestflow.dev/run-url': 'https://github.com/o/r/actions/runs/42',
      'digestflow.dev/version': '1.2.3',
      'digestflow.dev/images': 'r/app@sha256:x',
    });
    assert.equal(web.spec.template.metadata.annotations, undefined);
    assert.equal(config.metadata.annotations, undefined);
  });

  it('has no version on a branch build', () => {
    assert.equal(deployInfoFromEnv({ GITHUB_REF: 'refs/heads/main' }, []).version, undefined);
  });
});

describe('probe policy', () => {
  const objects = [
    deployment([
      { name: 'app', readinessProbe: {}, livenessProbe: {} },
      { name: 'sidecar', readinessProbe: {} },
      { name: 'bare' },
    ]),
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: { template: { spec: { containers: [{ name: 'x' }] } } },
    },
  ];

  it('says which container lacks which probe, skipping Jobs', () => {
    assert.deepEqual(missingProbes(objects), [
      "Deployment shop/web: container 'sidecar' has no livenessProbe",
      "Deployment shop/web: container 'bare' has no readinessProbe and no livenessProbe",
    ]);
  });

  it('warns, refuses or ignores', () => {
    assert.equal(checkProbes(objects, 'warn').length, 2);
    assert.deepEqual(checkProbes(objects, 'off'), []);
    assert.throws(
      () => checkProbes(objects, 'require'),
      /Input 'probe-policy': probes are required: .*'bare'/,
    );
  });
});

describe('apply order', () => {
  it('puts namespaces and CRDs first, then RBAC, config, services, workloads, then the rest', () => {
    const kinds = [
      'Deployment',
      'Widget',
      'Service',
      'ConfigMap',
      'Role',
      'Namespace',
      'Secret',
      'CustomResourceDefinition',
      'Job',
    ];
    const items = kinds.map((kind) => ({
      object: { apiVersion: 'v1', kind, metadata: { name: kind } } as KubeObject,
    }));
    assert.deepEqual(
      applyTiers(items).map((tier) => tier.map((item) => item.object.kind)),
      [
        ['Namespace', 'CustomResourceDefinition'],
        ['Role'],
        ['ConfigMap', 'Secret'],
        ['Service'],
        ['Deployment', 'Job'],
        ['Widget'],
      ],
    );
    assert.ok(tierOf('Widget') > tierOf('CronJob'));
  });
});
