import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  type AcrEmulator,
  type ActionRun,
  type Registry,
  type RegistryClientFiles,
  registryClientFiles,
  runAction,
  type SeededImage,
  seedImage,
  skopeoFlags,
  startAcrEmulator,
} from '@digestflow/testkit';

const run = promisify(execFile);
const action = join(import.meta.dirname, '..');
const tenantId = '72f988bf-0000-4000-8000-2d7cd011db47';
const clientId = 'c0ffee00-0000-4000-8000-00000000beef';
const pushOnlyClientId = 'c0ffee00-0000-4000-8000-0000000ac9a5';
const releaseSubject = 'repo:octo-org/octo-app:ref:refs/tags/v1.2.3';
const sha = 'a'.repeat(40);

let emulator: AcrEmulator;
let pusher: Registry;
let files: RegistryClientFiles;
let release: SeededImage;

before(async () => {
  emulator = await startAcrEmulator({
    federatedCredentials: [
      { clientId, tenantId, subject: releaseSubject },
      { clientId: pushOnlyClientId, tenantId, subject: releaseSubject, objectId: 'push-only' },
    ],
    // Like an identity with AcrPush alone: it can push, not change metadata.
    roles: { 'push-only': ['pull', 'push', 'metadata_read'] },
  });
  pusher = await emulator.login({ tenant: tenantId, oid: 'ci-pusher' });
  files = await registryClientFiles(pusher);
  release = await seedImage(pusher, { repository: 'team/app', tag: '1.2.3', seed: 'release' });
});
after(() => emulator?.stop());

/** The tokens the emulator handed out while each run was going. */
const tokensIssuedDuring = new WeakMap<ActionRun, readonly string[]>();

/** lock-image on a run for the pushed tag v1.2.3, signing in with OIDC through the emulator's doubles. */
async function lockImage(
  inputs: Record<string, string>,
  options: { subject?: string; ref?: string } = {},
): Promise<ActionRun> {
  const oidc = emulator.githubOidc(options.subject ?? releaseSubject);
  const issuedBefore = emulator.tokensIssued.length;
  const result = await runAction(action, {
    inputs: {
      image: `${emulator.host}/team/app`,
      acr: 'true',
      'azure-client-id': clientId,
      'azure-tenant-id': tenantId,
      'azure-authority-host': emulator.url,
      ...inputs,
    },
    env: {
      GITHUB_REF: options.ref ?? 'refs/tags/v1.2.3',
      GITHUB_SHA: sha,
      NODE_EXTRA_CA_CERTS: emulator.caFile,
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
    },
  });
  tokensIssuedDuring.set(result, emulator.tokensIssued.slice(issuedBefore));
  return result;
}

async function resolvedDigest(tag: string): Promise<string> {
  const { stdout } = await run('skopeo', [
    'inspect',
    '--raw',
    ...skopeoFlags(files),
    `docker://${emulator.host}/team/app:${tag}`,
  ]);
  return `sha256:${createHash('sha256').update(stdout).digest('hex')}`;
}

async function deleteManifest(digest: string): Promise<void> {
  await run('skopeo', ['delete', ...skopeoFlags(files), `docker://${emulator.host}/team/app@${digest}`]);
}

/** No token issued during the run is printed anywhere; those the action handles itself are masked. */
function assertSecretsMasked(result: ActionRun): void {
  const issued = tokensIssuedDuring.get(result) ?? [];
  assert.ok(issued.length >= 2, 'the run signed in (an OIDC token and an Entra token at least)');
  assert.ok(
    issued.filter((token) => result.masks.includes(token)).length >= 2,
    'the OIDC and Entra tokens are masked',
  );
  const printed = [
    result.stdout.replace(/^::add-mask::.*$/gm, ''),
    result.stderr,
    result.summary,
    JSON.stringify(result.outputs),
  ].join('\n');
  for (const secret of [...issued, ...result.masks])
    assert.ok(!printed.includes(secret), 'a secret was printed');
}

describe('lock-image against the ACR emulator', () => {
  it('locks the release version, refuses overwrite and delete, and unlocks again', async () => {
    const locked = await lockImage({});
    assert.equal(locked.exitCode, 0, locked.stdout + locked.stderr);
    assertSecretsMasked(locked);
    const entries = JSON.parse(locked.outputs.locked!) as Record<string, unknown>[];
    assert.deepEqual(entries, [
      {
        kind: 'tag',
        repository: 'team/app',
        tag: '1.2.3',
        digest: release.digest,
        writeEnabled: false,
        deleteEnabled: false,
        readEnabled: true,
        listEnabled: true,
      },
      {
        kind: 'manifest',
        repository: 'team/app',
        digest: release.digest,
        writeEnabled: false,
        deleteEnabled: false,
        readEnabled: true,
        listEnabled: true,
      },
    ]);
    assert.match(
      locked.summary,
      /\| tag `1\.2\.3` \| `sha256:[0-9a-f]{64}` \| true → \*\*false\*\* \| true → \*\*false\*\* \|/,
    );

    await assert.rejects(
      seedImage(pusher, { repository: 'team/app', tag: '1.2.3', seed: 'overwrite' }),
      /disallowed/,
    );
    await assert.rejects(deleteManifest(release.digest), /disallowed/);
    assert.equal(
      await resolvedDigest('1.2.3'),
      release.digest,
      'the tag still resolves to the released image',
    );

    const unlocked = await lockImage({ tags: '1.2.3', 'write-enabled': 'true', 'delete-enabled': 'true' });
    assert.equal(unlocked.exitCode, 0, unlocked.stdout);
    const after = JSON.parse(unlocked.outputs.locked!) as { writeEnabled: boolean; deleteEnabled: boolean }[];
    assert.ok(after.every((entry) => entry.writeEnabled && entry.deleteEnabled));

    const replaced = await seedImage(pusher, { repository: 'team/app', tag: '1.2.3', seed: 'overwrite' });
    assert.equal(await resolvedDigest('1.2.3'), replaced.digest);
    await deleteManifest(replaced.digest);
    await assert.rejects(resolvedDigest('1.2.3'), /manifest unknown|not found/i);
    release = await seedImage(pusher, { repository: 'team/app', tag: '1.2.3', seed: 'release' });
  });

  it('locks only what scope names', async () => {
    const tagOnly = await lockImage({ tags: '1.2.3', scope: 'tag' });
    assert.equal(tagOnly.exitCode, 0, tagOnly.stdout);
    assert.deepEqual(
      (JSON.parse(tagOnly.outputs.locked!) as { kind: string }[]).map((e) => e.kind),
      ['tag'],
    );
    const manifest = await lockImage({ tags: release.digest, scope: 'manifest', 'dry-run': 'true' });
    const current = JSON.parse(manifest.outputs.locked!) as { kind: string; writeEnabled: boolean }[];
    assert.deepEqual(
      current.map((e) => [e.kind, e.writeEnabled]),
      [['manifest', true]],
      'the manifest was not locked by scope tag',
    );
    const byDigest = await lockImage({ tags: release.digest, 'dry-run': 'true' });
    assert.deepEqual(
      (JSON.parse(byDigest.outputs.locked!) as { kind: string; tag?: string }[]).map((e) => [e.kind, e.tag]),
      [
        ['manifest', undefined],
        ['tag', '1.2.3'],
      ],
      'a digest with scope both covers its manifest and every tag pointing at it',
    );
    const reset = await lockImage({
      tags: '1.2.3',
      scope: 'tag',
      'write-enabled': 'true',
      'delete-enabled': 'true',
    });
    assert.equal(reset.exitCode, 0);
  });

  it('dry-run reports the current attributes and changes nothing', async () => {
    const patchesBefore = emulator.requests.filter((r) => r.method === 'PATCH').length;
    const result = await lockImage({ 'dry-run': 'true' });
    assert.equal(result.exitCode, 0, result.stdout);
    assert.match(result.summary, /dry run/);
    const entries = JSON.parse(result.outputs.locked!) as { writeEnabled: boolean }[];
    assert.ok(entries.every((entry) => entry.writeEnabled));
    assert.equal(emulator.requests.filter((r) => r.method === 'PATCH').length, patchesBefore);
    const probe = await seedImage(pusher, { repository: 'team/app', tag: '1.2.3', seed: 'release' });
    assert.equal(probe.digest, release.digest, 'still writable');
  });

  it('fails clearly when the workflow is not the federated subject, changing nothing', async () => {
    const patchesBefore = emulator.requests.filter((r) => r.method === 'PATCH').length;
    const result = await lockImage({}, { subject: 'repo:octo-org/octo-app:ref:refs/heads/main' });
    assert.equal(result.exitCode, 1);
    assert.match(
      result.errors.join('\n'),
      /Microsoft Entra sign-in failed.*federated credential whose subject matches/s,
    );
    assert.equal(emulator.requests.filter((r) => r.method === 'PATCH').length, patchesBefore);
  });

  it('names the role a push-only identity lacks, changing nothing', async () => {
    const patchesBefore = emulator.requests.filter((r) => r.method === 'PATCH' && r.status === 200).length;
    const result = await lockImage({ 'azure-client-id': pushOnlyClientId });
    assert.equal(result.exitCode, 1);
    assert.match(
      result.errors.join('\n'),
      /refused to let this identity change tag team\/app:1\.2\.3.*metadata/,
    );
    assert.equal(
      emulator.requests.filter((r) => r.method === 'PATCH' && r.status === 200).length,
      patchesBefore,
    );
  });

  it('locks the whole repository with scope repository, and unlocks it', async () => {
    const locked = await lockImage({ scope: 'repository' });
    assert.equal(locked.exitCode, 0, locked.stdout);
    assert.deepEqual(JSON.parse(locked.outputs.locked!), [
      {
        kind: 'repository',
        repository: 'team/app',
        writeEnabled: false,
        deleteEnabled: false,
        readEnabled: true,
        listEnabled: true,
      },
    ]);
    await assert.rejects(
      seedImage(pusher, { repository: 'team/app', tag: 'any-new-tag', seed: 'new' }),
      /disallowed/,
    );
    const unlocked = await lockImage({
      scope: 'repository',
      'write-enabled': 'true',
      'delete-enabled': 'true',
    });
    assert.equal(unlocked.exitCode, 0, unlocked.stdout);
    await seedImage(pusher, { repository: 'team/app', tag: 'any-new-tag', seed: 'new' });
  });

  it('without Azure IDs and no Azure sign-in on the runner, says how to sign in', async () => {
    const result = await runAction(action, {
      inputs: { image: `${emulator.host}/team/app`, acr: 'true', tags: '1.2.3' },
      env: { NODE_EXTRA_CA_CERTS: emulator.caFile, PATH: '/nonexistent' },
    });
    assert.equal(result.exitCode, 1);
    assert.match(result.errors.join('\n'), /Microsoft Entra sign-in failed.*sign in first \(azure\/login/s);
  });

  it('names a missing tag', async () => {
    const result = await lockImage({ tags: '9.9.9' });
    assert.equal(result.exitCode, 1);
    assert.match(result.errors.join('\n'), /tag team\/app:9\.9\.9 was not found/);
  });
});

describe('lock-image input errors', () => {
  it('explains that other registries have no lock API, naming alternatives', async () => {
    const result = await runAction(action, { inputs: { image: 'ghcr.io/octo-org/app', tags: '1.2.3' } });
    assert.equal(result.exitCode, 1);
    const message = result.errors.join('\n');
    assert.match(message, /ghcr\.io is not Azure Container Registry/);
    assert.match(message, /immutab/);
    assert.match(message, /acr: true/);
  });

  it('asks for tags when the run is not on a v* tag', async () => {
    const result = await runAction(action, {
      inputs: { image: 'example.azurecr.io/team/app' },
      env: { GITHUB_REF: 'refs/heads/main', GITHUB_SHA: sha },
    });
    assert.equal(result.exitCode, 1);
    assert.match(
      result.errors.join('\n'),
      /Input 'tags': give the tags or digests to lock, or run on a pushed v\* tag/,
    );
  });

  it('refuses a bad scope and a bad tag before signing in', async () => {
    const scope = await runAction(action, {
      inputs: { image: 'example.azurecr.io/team/app', tags: '1.0.0', scope: 'all' },
    });
    assert.match(scope.errors.join('\n'), /Input 'scope': expected one of both, tag, manifest, repository/);
    const tag = await runAction(action, { inputs: { image: 'example.azurecr.io/team/app', tags: '-bad' } });
    assert.match(tag.errors.join('\n'), /Input 'tags': '-bad' is not a valid tag/);
  });
});
