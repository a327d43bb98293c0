import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { type RegistryAuth, seedImage, startRegistry } from '@digestflow/testkit';
import { PullError, parseImageName, resolveImage } from '../src/kube/pull.ts';

// The simulated kubelet's pull check against the real registry variants.

it('normalizes image references as the container runtime does', () => {
  assert.equal(parseImageName('nginx').full, 'docker.io/library/nginx:latest');
  assert.equal(parseImageName('team/app:1').full, 'docker.io/team/app:1');
  const pinned = parseImageName(`127.0.0.1:5000/app@sha256:${'a'.repeat(64)}`);
  assert.deepEqual([pinned.domain, pinned.repository, pinned.tag], ['127.0.0.1:5000', 'app', undefined]);
});

it('never leaves loopback: a public image fails like an unresolvable host', async () => {
  const error = await resolveImage('nginx:1.27', { ca: [], credentials: () => undefined }).catch(
    (e: unknown) => e,
  );
  assert.ok(error instanceof PullError);
  assert.match(error.message, /lookup registry-1\.docker\.io: no such host/);
});

for (const [auth, tls] of [
  ['none', false],
  ['basic', true],
  ['token', false],
] as [RegistryAuth, boolean][]) {
  it(`resolves manifests in a ${auth}${tls ? ' TLS' : ''} registry, and refuses what is missing or unauthorized`, async (t) => {
    const registry = await startRegistry({ auth, tls });
    t.after(() => registry.stop());
    const image = await seedImage(registry, { repository: 'team/app', tag: '1' });
    const ca = registry.caFile ? [await readFile(registry.caFile, 'utf8')] : [];
    const login =
      registry.username && registry.password
        ? { username: registry.username, password: registry.password }
        : undefined;
    const options = { ca, credentials: (host: string) => (host === registry.host ? login : undefined) };

    const resolved = await resolveImage(image.reference, options);
    assert.equal(resolved.digest, image.digest);
    assert.equal(resolved.imageId, `${registry.host}/team/app@${image.digest}`);
    assert.equal((await resolveImage(image.pinned, options)).digest, image.digest);

    const missing = await resolveImage(`${registry.host}/team/app:2`, options).catch((e: unknown) => e);
    assert.ok(missing instanceof PullError);
    assert.equal(missing.code, 'NotFound');
    assert.match(missing.message, /: not found$/);

    if (auth !== 'none') {
      const anonymous = await resolveImage(image.reference, { ca, credentials: () => undefined }).catch(
        (e: unknown) => e,
      );
      assert.ok(anonymous instanceof PullError);
      assert.equal(anonymous.code, 'Unknown');
    }
    if (tls) {
      const untrusted = await resolveImage(image.reference, { ...options, ca: [] }).catch((e: unknown) => e);
      assert.ok(untrusted instanceof PullError);
      assert.match(untrusted.message, /certificate signed by unknown authority/);
    }
  });
}
