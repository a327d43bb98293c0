// promote-image end to end: the bundled action run as the runner runs it, against the real
// distribution registry in its variants; skopeo checks digests and pulls every blob back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedImage, seedIndex, seedReferrer } from '../../../packages/testkit/src/index.ts';
import {
  assertSucceeded,
  promote,
  registry,
  registryEnv,
  SHA7,
  skopeoDigest,
  skopeoPullAll,
} from './helpers.ts';

test('same repository: dev-<sha7> becomes staging-<sha7> by a tag write, and a re-run is a no-op', async (t) => {
  const r = await registry(t);
  const seeded = await seedImage(r, { repository: 'team/app', tag: `dev-${SHA7}`, layers: [2000] });
  const env = await registryEnv(t, [r]);
  const run = await promote({ image: `${r.host}/team/app` }, env);
  assertSucceeded(run);
  assert.equal(run.outputs.digest, seeded.digest);
  assert.equal(run.outputs['image-ref'], `${r.host}/team/app@${seeded.digest}`);
  assert.equal(run.outputs['source-ref'], `${r.host}/team/app@${seeded.digest}`);
  assert.equal(run.outputs.tags, `${r.host}/team/app:staging-${SHA7}`);
  const metadata = JSON.parse(run.outputs.metadata!);
  assert.equal(metadata.mode, 'same-repository');
  assert.deepEqual(metadata.tags, [{ tag: `staging-${SHA7}`, action: 'create', previous: null }]);
  assert.equal(await skopeoDigest(r, `${r.host}/team/app:staging-${SHA7}`), seeded.digest);
  assert.match(run.summary, /Promoted .*team\/app/);
  assert.match(run.summary, /<code>staging-1a2b3c4<\/code> created/);

  const again = await promote({ image: `${r.host}/team/app` }, env);
  assertSucceeded(again);
  assert.deepEqual(JSON.parse(again.outputs.metadata!).tags[0].action, 'unchanged');
  assert.deepEqual(again.warnings, []);

  // The target is in the source registry: its own credentials would go unused, and the log says so.
  const withTargetLogin = await promote(
    {
      image: `${r.host}/team/app`,
      'target-registry-username': 'robot',
      'target-registry-password': 'robot-secret',
    },
    env,
  );
  assertSucceeded(withTargetLogin);
  assert.equal(withTargetLogin.warnings.length, 1);
  assert.match(
    withTargetLogin.warnings[0]!,
    /target-registry-username and target-registry-password are not used/,
  );
});

test('other repository, token auth from config.json: an index and its referrer are mounted, not uploaded', async (t) => {
  const r = await registry(t, { auth: 'token' });
  const seeded = await seedIndex(r, { repository: 'team/app', tag: `dev-${SHA7}`, layers: [50_000, 1000] });
  const referrer = await seedReferrer(r, { repository: 'team/app', subject: seeded.index });
  const env = await registryEnv(t, [r], [r]);
  const grantsBefore = r.tokenServer!.grants.length;
  const run = await promote({ image: `${r.host}/team/app`, 'target-image': `${r.host}/prod/app` }, env);
  assertSucceeded(run);
  const grants = r.tokenServer!.grants.slice(grantsBefore);
  assert.equal(grants.length, 1, 'one token for the whole promotion');
  assert.deepEqual(
    grants[0]!.requested.map((scope) => `${scope.name}:${[...scope.actions].sort().join(',')}`).sort(),
    ['prod/app:pull,push', 'team/app:pull'],
  );
  assert.match(run.stdout, /credentials from docker-config/);
  const metadata = JSON.parse(run.outputs.metadata!);
  assert.equal(metadata.mode, 'same-registry');
  assert.equal(metadata.blobs.uploaded, 0);
  assert.equal(metadata.blobs.mounted, seeded.blobs.length + referrer.blobs.length);
  assert.equal(metadata.referrers, 1);
  assert.equal(await skopeoDigest(r, `${r.host}/prod/app:staging-${SHA7}`), seeded.digest);
  assert.equal(
    await skopeoDigest(r, `${r.host}/prod/app:${referrer.fallbackTag}`),
    referrer.fallbackIndexDigest,
  );
  await skopeoPullAll(t, r, `${r.host}/prod/app@${seeded.digest}`);
  await skopeoPullAll(t, r, `${r.host}/prod/app@${referrer.digest}`);
});

test('other registry over TLS, release from the pushed v* tag: streamed, credentials masked', async (t) => {
  const [source, target] = await Promise.all([
    registry(t, { auth: 'basic' }),
    registry(t, { auth: 'basic', tls: true }),
  ]);
  const seeded = await seedIndex(source, { repository: 'app', tag: `staging-${SHA7}`, layers: [300_000] });
  const env = await registryEnv(t, [source, target]);
  const run = await promote(
    {
      image: `${source.host}/app`,
      from: 'staging',
      to: 'release',
      'target-image': `${target.host}/release/app`,
      'extra-tags': 'latest\n1.4',
      'registry-username': source.username!,
      'registry-password': source.password!,
      'target-registry-username': target.username!,
      'target-registry-password': target.password!,
    },
    env,
    { ref: 'refs/tags/v1.4.0' },
  );
  assertSucceeded(run);
  const name = `${target.host}/release/app`;
  assert.equal(run.outputs.tags, [`${name}:1.4.0`, `${name}:latest`, `${name}:1.4`].join('\n'));
  const metadata = JSON.parse(run.outputs.metadata!);
  assert.equal(metadata.mode, 'cross-registry');
  assert.equal(metadata.blobs.uploaded, seeded.blobs.length);
  assert.ok(metadata.bytes.uploaded > 600_000);
  for (const tag of ['1.4.0', 'latest', '1.4'])
    assert.equal(await skopeoDigest(target, `${name}:${tag}`), seeded.digest);
  await skopeoPullAll(t, target, `${name}:1.4.0`);

  for (const password of [source.password!, target.password!]) {
    assert.ok(run.masks.includes(password), 'masked');
    const unmasked = run.stdout
      .split('\n')
      .filter((line) => line.includes(password) && !line.startsWith('::add-mask::'));
    assert.deepEqual(unmasked, []);
    assert.ok(!run.stderr.includes(password));
    assert.ok(!run.summary.includes(password));
  }
});

test('dry run plans against the registries and writes nothing', async (t) => {
  const [source, target] = await Promise.all([registry(t), registry(t)]);
  await seedImage(source, { repository: 'app', tag: `dev-${SHA7}`, layers: [1000, 2000] });
  const env = await registryEnv(t, [source, target]);
  const run = await promote(
    { image: `${source.host}/app`, 'target-image': `${target.host}/app`, 'dry-run': 'true' },
    env,
  );
  assertSucceeded(run);
  const metadata = JSON.parse(run.outputs.metadata!);
  assert.equal(metadata.dryRun, true);
  assert.equal(metadata.blobs.uploaded, 3);
  assert.match(run.summary, /Dry run/);
  assert.equal(await skopeoDigest(target, `${target.host}/app:staging-${SHA7}`), undefined);
});
