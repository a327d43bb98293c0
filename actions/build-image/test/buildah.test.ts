// build-image with the real buildah against the real registry, checked with skopeo.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { type RegistryOptions, startAcrEmulator, startRegistry } from '@digestflow/testkit';
import {
  buildahEnv,
  COMMIT_TIME,
  pushTo,
  runWith,
  SHA,
  type SkopeoImage,
  skopeoInspect,
  visibleText,
  workspace,
} from './helpers.ts';

async function registryFor(t: TestContext, options: RegistryOptions) {
  const registry = await startRegistry(options);
  t.after(() => registry.stop());
  return registry;
}

describe('build-image with buildah against the real registry', () => {
  const variants: Array<[string, RegistryOptions]> = [
    ['anonymous', {}],
    ['Basic auth', { auth: 'basic' }],
    ['token auth', { auth: 'token' }],
    ['TLS with Basic auth', { tls: true, auth: 'basic' }],
  ];
  for (const [name, options] of variants) {
    it(`pushes dev-<sha7> with the OCI labels (${name})`, async (t) => {
      const registry = await registryFor(t, options);
      const ws = await workspace(t);
      const image = `${registry.host}/team/app`;
      const push = pushTo('main');
      const run = await runWith(undefined, {
        workspace: ws,
        ...push,
        inputs: {
          image,
          builder: 'buildah',
          context: 'app',
          labels: 'com.example.team=payments',
          tags: 'latest',
          ...(registry.username
            ? { 'registry-username': registry.username, 'registry-password': registry.password! }
            : {}),
        },
        env: { ...push.env, ...(await buildahEnv(t)) },
      });
      assert.equal(run.exitCode, 0, run.stdout + run.stderr);

      const inspected = JSON.parse(await skopeoInspect(registry, `${image}:dev-1a2b3c4`)) as SkopeoImage;
      assert.equal(run.outputs.digest, inspected.Digest);
      assert.match(run.outputs.digest!, /^sha256:[0-9a-f]{64}$/);
      assert.equal(run.outputs['image-ref'], `${image}@${inspected.Digest}`);
      assert.equal(run.outputs.version, 'dev-1a2b3c4');
      assert.equal(run.outputs.tags, `${image}:dev-1a2b3c4\n${image}:latest`);
      const latest = JSON.parse(await skopeoInspect(registry, `${image}:latest`)) as SkopeoImage;
      assert.equal(latest.Digest, inspected.Digest, 'every tag points at the same image');
      const { 'io.buildah.version': _identity, ...labels } = inspected.Labels ?? {};
      assert.deepEqual(labels, {
        'org.opencontainers.image.revision': SHA,
        'org.opencontainers.image.source': 'https://github.com/octo-org/octo-app',
        'org.opencontainers.image.created': COMMIT_TIME,
        'org.opencontainers.image.version': 'dev-1a2b3c4',
        'org.opencontainers.image.title': 'app',
        'com.example.team': 'payments',
      });
      const manifest = JSON.parse(await skopeoInspect(registry, `${image}:dev-1a2b3c4`, true)) as {
        annotations?: Record<string, string>;
      };
      assert.equal(manifest.annotations?.['org.opencontainers.image.revision'], SHA);

      const metadata = JSON.parse(run.outputs.metadata!) as Record<string, unknown>;
      assert.equal(metadata.digest, inspected.Digest);
      assert.equal(metadata.builder, 'buildah');
      assert.equal(metadata.pushed, true);
      assert.match(run.summary, /built and pushed/);
      assert.match(run.summary, /dev-1a2b3c4/);
      assert.match(run.summary, /com\.example\.team/);
      assert.ok(run.summary.includes(inspected.Digest));

      if (registry.password) {
        assert.ok(run.masks.includes(registry.password), 'the password is masked');
        assert.ok(!visibleText(run).includes(registry.password), 'the password appears nowhere else');
      }
    });
  }

  it('pushes to ACR with OIDC workload identity (the emulator), every token masked', async (t) => {
    const tenantId = '72f988bf-0000-4000-8000-2d7cd011db47';
    const clientId = 'c0ffee00-0000-4000-8000-0000000b0d1e';
    const subject = 'repo:octo-org/octo-app:ref:refs/heads/main';
    const emulator = await startAcrEmulator({ federatedCredentials: [{ clientId, tenantId, subject }] });
    t.after(() => emulator.stop());
    const oidc = emulator.githubOidc(subject);
    const image = `${emulator.host}/team/app`;
    const push = pushTo('main');
    const run = await runWith(undefined, {
      workspace: await workspace(t),
      ...push,
      inputs: {
        image,
        builder: 'buildah',
        context: 'app',
        acr: true,
        'azure-client-id': clientId,
        'azure-tenant-id': tenantId,
        'azure-authority-host': emulator.url,
      },
      env: {
        ...push.env,
        ...(await buildahEnv(t)),
        NODE_EXTRA_CA_CERTS: emulator.caFile,
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
      },
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /credentials from acr-oidc/);
    const pusher = await emulator.login({ tenant: tenantId, oid: 'checker' });
    const inspected = JSON.parse(await skopeoInspect(pusher, `${image}:dev-1a2b3c4`)) as SkopeoImage;
    assert.equal(run.outputs.digest, inspected.Digest);
    assert.equal(inspected.Labels?.['org.opencontainers.image.revision'], SHA);
    const secrets = run.masks.filter((mask) => mask.length > 20);
    assert.ok(secrets.length >= 2, 'the OIDC, Entra and refresh tokens were masked');
    for (const secret of secrets) assert.ok(!visibleText(run).includes(secret));
  });

  it('builds several platforms into an index, tagged pr-<n>-<head sha7>', async (t) => {
    const registry = await registryFor(t, {});
    const ws = await workspace(t);
    const image = `${registry.host}/team/multi`;
    const head = 'feedfacecafebeef0011223344556677889900aa';
    const run = await runWith(undefined, {
      workspace: ws,
      eventName: 'pull_request',
      event: {
        number: 17,
        pull_request: { number: 17, head: { sha: head, ref: 'feature/x' }, base: { ref: 'main' } },
      },
      inputs: { image, builder: 'buildah', context: 'app', platforms: 'linux/amd64,linux/arm64' },
      env: {
        GITHUB_REF: 'refs/pull/17/merge',
        GITHUB_SHA: SHA,
        ...(await buildahEnv(t)),
      },
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.version, 'pr-17-feedfac');
    const index = JSON.parse(await skopeoInspect(registry, `${image}:pr-17-feedfac`, true)) as {
      manifests: Array<{ platform: { architecture: string } }>;
    };
    assert.deepEqual(index.manifests.map((m) => m.platform.architecture).sort(), ['amd64', 'arm64']);
    const raw = await skopeoInspect(registry, `${image}:pr-17-feedfac`, true);
    assert.equal(run.outputs.digest, `sha256:${createHash('sha256').update(raw).digest('hex')}`);
  });

  it('with push false, builds and pushes nothing', async (t) => {
    const registry = await registryFor(t, {});
    const ws = await workspace(t);
    const push = pushTo('feature/login');
    const run = await runWith(undefined, {
      workspace: ws,
      ...push,
      inputs: { image: `${registry.host}/team/app`, builder: 'buildah', context: 'app', push: false },
      env: { ...push.env, ...(await buildahEnv(t)) },
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.version, 'feature-login-1a2b3c4');
    assert.equal(run.outputs.digest, '');
    assert.equal(run.outputs['image-ref'], '');
    assert.match(run.summary, /built, not pushed/);
    const tags = await fetch(`${registry.url}/v2/team/app/tags/list`);
    assert.equal(tags.status, 404, 'the repository was never created');
  });

  it('a failing build fails the step with the builder named, and pushes nothing', async (t) => {
    const registry = await registryFor(t, {});
    const ws = await workspace(t);
    const push = pushTo('main');
    const run = await runWith(undefined, {
      workspace: ws,
      ...push,
      inputs: { image: `${registry.host}/team/app`, builder: 'buildah', context: 'app', target: 'missing' },
      env: { ...push.env, ...(await buildahEnv(t)) },
    });
    assert.equal(run.exitCode, 1);
    assert.deepEqual(run.errors, ["'buildah bud' failed with exit code 125; its output is above"]);
    assert.equal(run.outputs.digest, undefined);
  });
});
