import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  mediaTypes,
  type Registry,
  type RegistryClientFiles,
  registryClientFiles,
  seedImage,
  seedIndex,
  seedReferrer,
  skopeoFlags,
  startRegistry,
} from '@digestflow/testkit';

const run = promisify(execFile);

const sha256 = (bytes: string | Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

// One registry with token auth for the whole file: seeding must get through the Bearer flow.
let registry: Registry;
let files: RegistryClientFiles;
before(async () => {
  registry = await startRegistry({ auth: 'token' });
  files = await registryClientFiles(registry);
});
after(() => registry?.stop());

/** The fields of a manifest or index these tests look at. */
interface Manifest {
  mediaType: string;
  artifactType?: string;
  config: { mediaType: string };
  layers: Array<{ mediaType: string; digest: string }>;
  manifests: Array<{ digest: string; artifactType?: string; platform: { architecture: string } }>;
  subject: { mediaType: string; digest: string; size: number };
}

/** The manifest bytes the registry serves for `reference`, parsed, with their digest. */
async function inspectRaw(reference: string): Promise<{ digest: string; json: Manifest }> {
  const { stdout } = await run('skopeo', [
    'inspect',
    '--raw',
    ...skopeoFlags(files),
    `docker://${reference}`,
  ]);
  return { digest: sha256(stdout), json: JSON.parse(stdout) };
}

describe('seedImage', () => {
  it('pushes an OCI image with uncompressed tar layers of the sizes asked for', async (t) => {
    const image = await seedImage(registry, {
      repository: 'seed/single',
      tag: 'v1',
      layers: [0, 1000, 3 * 1024 * 1024],
      labels: { 'org.opencontainers.image.title': 'single' },
    });
    const served = await inspectRaw(image.reference);
    assert.equal(served.digest, image.digest);
    assert.equal(served.json.mediaType, mediaTypes.manifest);
    assert.equal(served.json.config.mediaType, mediaTypes.config);
    assert.deepEqual(
      served.json.layers.map((l) => [l.mediaType, l.digest]),
      image.layers.map((l) => [mediaTypes.layer, l.digest]),
    );
    assert.deepEqual(image.blobs, [image.config, ...image.layers]);

    // The layers are tars a container runtime can unpack: each holds one file of the asked size.
    const dir = await mkdtemp(join(tmpdir(), 'seed-test-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await run('skopeo', [
      'copy',
      '--quiet',
      ...skopeoFlags(files, 'src'),
      `docker://${image.pinned}`,
      `dir:${dir}`,
    ]);
    const sizes: number[] = [];
    for (const layer of image.layers) {
      const { stdout } = await run('tar', ['-tvf', join(dir, layer.digest.slice('sha256:'.length))]);
      sizes.push(Number(stdout.trim().split(/\s+/)[2]));
    }
    assert.deepEqual(sizes, [0, 1000, 3 * 1024 * 1024]);
    const config = JSON.parse(await readFile(join(dir, image.config.digest.slice('sha256:'.length)), 'utf8'));
    assert.equal(config.architecture, 'amd64');
    assert.deepEqual(
      config.rootfs.diff_ids,
      image.layers.map((l) => l.digest),
    );
    assert.equal(config.config.Labels['org.opencontainers.image.title'], 'single');
  });

  it('gives the same digests for the same seed and sizes, and others for another seed', async () => {
    const options = { tag: 'v1', layers: [2048, 4096], seed: 'stable' };
    const a = await seedImage(registry, { repository: 'seed/a', ...options });
    const b = await seedImage(registry, { repository: 'seed/b', ...options });
    const c = await seedImage(registry, { repository: 'seed/c', ...options, seed: 'other' });
    assert.equal(a.digest, b.digest);
    assert.notEqual(a.digest, c.digest);
    assert.equal((await inspectRaw(b.reference)).digest, a.digest);
  });
});

describe('seedIndex', () => {
  it('pushes an index of linux/amd64 and linux/arm64 images', async () => {
    const index = await seedIndex(registry, { repository: 'seed/multi', tag: 'v2', layers: [512] });
    const served = await inspectRaw(index.reference);
    assert.equal(served.digest, index.digest);
    assert.equal(served.json.mediaType, mediaTypes.index);
    assert.deepEqual(
      served.json.manifests.map((m) => [m.digest, m.platform.architecture]),
      index.children.map((c) => [c.digest, c.platform.architecture]),
    );
    assert.deepEqual(
      index.children.map((c) => c.platform.architecture),
      ['amd64', 'arm64'],
    );
    assert.notEqual(index.children[0]!.layers[0]!.digest, index.children[1]!.layers[0]!.digest);
    for (const child of index.children) {
      const manifest = await inspectRaw(child.pinned);
      assert.equal(manifest.digest, child.digest);
      assert.equal(manifest.json.mediaType, mediaTypes.manifest);
    }
    assert.equal(index.blobs.length, 4);
  });
});

describe('seedReferrer', () => {
  it('pushes an artifact with a subject and lists it under the sha256-<hex> tag', async () => {
    const image = await seedImage(registry, { repository: 'seed/signed', tag: 'v3' });
    const sbom = await seedReferrer(registry, {
      repository: 'seed/signed',
      subject: image.manifest,
      artifactType: 'application/spdx+json',
    });
    const artifact = await inspectRaw(sbom.pinned);
    assert.equal(artifact.digest, sbom.digest);
    assert.equal(artifact.json.mediaType, mediaTypes.manifest);
    assert.equal(artifact.json.artifactType, 'application/spdx+json');
    assert.equal(artifact.json.config.mediaType, mediaTypes.empty);
    assert.deepEqual(artifact.json.subject, {
      mediaType: mediaTypes.manifest,
      digest: image.digest,
      size: image.manifest.size,
    });

    assert.equal(sbom.fallbackTag, image.digest.replace('sha256:', 'sha256-'));
    const signature = await seedReferrer(registry, {
      repository: 'seed/signed',
      subject: image.manifest,
      artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
    });
    const listed = await inspectRaw(`${registry.host}/seed/signed:${sbom.fallbackTag}`);
    assert.equal(listed.json.mediaType, mediaTypes.index);
    assert.equal(listed.digest, signature.fallbackIndexDigest);
    assert.deepEqual(
      listed.json.manifests.map((m) => [m.digest, m.artifactType]),
      [
        [sbom.digest, 'application/spdx+json'],
        [signature.digest, 'application/vnd.dev.cosign.artifact.sig.v1+json'],
      ],
    );
  });

  it('refers to an index as well', async () => {
    const index = await seedIndex(registry, { repository: 'seed/multi-signed' });
    const referrer = await seedReferrer(registry, { repository: 'seed/multi-signed', subject: index.index });
    const artifact = await inspectRaw(referrer.pinned);
    assert.equal(artifact.json.subject.mediaType, mediaTypes.index);
    assert.equal(artifact.json.subject.digest, index.digest);
  });
});
