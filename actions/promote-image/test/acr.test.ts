// promote-image on Azure Container Registry (the testkit emulator in front of distribution):
// Microsoft Entra workload identity with the GitHub OIDC token, the Entra token exchanged at
// the registry for a refresh token, and scoped registry tokens for a cross-repository mount.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedImage, startAcrEmulator } from '../../../packages/testkit/src/index.ts';
import { assertSucceeded, promote, SHA7, skopeoDigest, skopeoPullAll } from './helpers.ts';

const tenantId = '72f988bf-0000-4000-8000-2d7cd011db47';
const clientId = 'c0ffee00-0000-4000-8000-00000000beef';
const subject = 'repo:octo-org/octo-app:ref:refs/heads/staging';

test('ACR with OIDC workload identity: mounted into another repository, tokens masked', async (t) => {
  const emulator = await startAcrEmulator({ federatedCredentials: [{ clientId, tenantId, subject }] });
  t.after(() => emulator.stop());
  const pusher = await emulator.login({ tenant: tenantId, oid: 'ci-pusher' });
  const seeded = await seedImage(pusher, { repository: 'team/app', tag: `dev-${SHA7}`, layers: [20_000] });
  const oidc = emulator.githubOidc(subject);
  const run = await promote(
    {
      image: `${emulator.host}/team/app`,
      'target-image': `${emulator.host}/team/prod`,
      acr: 'true',
      'azure-client-id': clientId,
      'azure-tenant-id': tenantId,
      'azure-authority-host': emulator.url,
    },
    {
      NODE_EXTRA_CA_CERTS: emulator.caFile,
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
    },
  );
  assertSucceeded(run);
  assert.match(run.stdout, /credentials from acr-oidc/);
  assert.equal(run.outputs.digest, seeded.digest);
  const metadata = JSON.parse(run.outputs.metadata!);
  assert.equal(metadata.mode, 'same-registry');
  assert.equal(metadata.blobs.mounted, seeded.blobs.length);
  assert.equal(await skopeoDigest(pusher, `${emulator.host}/team/prod:staging-${SHA7}`), seeded.digest);
  await skopeoPullAll(t, pusher, `${emulator.host}/team/prod:staging-${SHA7}`);

  // Every token the run obtained (OIDC, Entra, refresh, registry) was masked before use.
  assert.ok(run.masks.length >= 3, run.masks.join('\n'));
  for (const secret of run.masks.filter((m) => m.length > 20)) {
    const leaks = run.stdout
      .split('\n')
      .filter((line) => line.includes(secret) && !line.startsWith('::add-mask::'));
    assert.deepEqual(leaks, []);
  }
});
