import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImageReference } from '@digestflow/core';
import type { KubeObject } from '../src/objects.ts';
import { pinImages } from '../src/pin.ts';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const APP = `localhost:5000/team/app@${DIGEST}`;

const podSpec = (image: string) => ({
  initContainers: [{ name: 'migrate', image }],
  containers: [
    { name: 'app', image },
    { name: 'proxy', image: 'docker.io/envoyproxy/envoy:v1.30' },
  ],
  ephemeralContainers: [{ name: 'debug', image }],
});

function workload(kind: string, apiVersion: string, image: string): KubeObject {
  const metadata = { name: kind.toLowerCase(), namespace: 'shop' };
  if (kind === 'Pod') return { apiVersion, kind, metadata, spec: podSpec(image) };
  if (kind === 'CronJob')
    return {
      apiVersion,
      kind,
      metadata,
      spec: { jobTemplate: { spec: { template: { spec: podSpec(image) } } } },
    };
  return { apiVersion, kind, metadata, spec: { template: { spec: podSpec(image) } } };
}

const KINDS: Array<[string, string]> = [
  ['Pod', 'v1'],
  ['Deployment', 'apps/v1'],
  ['ReplicaSet', 'apps/v1'],
  ['StatefulSet', 'apps/v1'],
  ['DaemonSet', 'apps/v1'],
  ['Job', 'batch/v1'],
  ['CronJob', 'batch/v1'],
];

describe('pinImages', () => {
  for (const [kind, apiVersion] of KINDS) {
    it(`pins init, regular and ephemeral containers of a ${kind}`, () => {
      const object = workload(kind, apiVersion, 'localhost:5000/team/app:1.0');
      const pinned = pinImages([object], [ImageReference.parse(APP)]);
      assert.deepEqual(
        pinned.map((p) => p.container),
        ['migrate', 'app', 'debug'],
      );
      const spec =
        kind === 'Pod'
          ? object.spec
          : kind === 'CronJob'
            ? object.spec.jobTemplate.spec.template.spec
            : object.spec.template.spec;
      assert.equal(spec.initContainers[0].image, APP);
      assert.equal(spec.containers[0].image, APP);
      assert.equal(
        spec.containers[1].image,
        'docker.io/envoyproxy/envoy:v1.30',
        'another repository is left alone',
      );
      assert.equal(spec.ephemeralContainers[0].image, APP);
    });
  }

  it('replaces a digest as well as a tag, and matches Docker Hub shorthand', () => {
    const old = `localhost:5000/team/app@sha256:${'b'.repeat(64)}`;
    const objects = [workload('Deployment', 'apps/v1', old), workload('Job', 'batch/v1', 'envoyproxy/envoy')];
    const envoy = `docker.io/envoyproxy/envoy@${DIGEST}`;
    pinImages(objects, [ImageReference.parse(APP), ImageReference.parse(envoy)]);
    assert.equal(objects[0]!.spec.template.spec.containers[0].image, APP);
    assert.equal(objects[1]!.spec.template.spec.containers[1].image, envoy);
  });

  it('does not confuse registries that differ only in port', () => {
    const object = workload('Deployment', 'apps/v1', 'localhost:5001/team/app:1.0');
    assert.throws(
      () => pinImages([object], [ImageReference.parse(APP)]),
      /Input 'images': 'localhost:5000\/team\/app@sha256:a+' matches no container image in the manifests \(their images: .*localhost:5001\/team\/app:1\.0/,
    );
    assert.equal(object.spec.template.spec.containers[0].image, 'localhost:5001/team/app:1.0');
  });

  it('leaves containers of non-workload kinds and look-alike custom resources alone', () => {
    const custom: KubeObject = {
      ...workload('Deployment', 'example.com/v1', 'localhost:5000/team/app:1'),
      kind: 'Deployment',
    };
    assert.throws(() => pinImages([custom], [ImageReference.parse(APP)]), /matches no container image/);
  });
});
