import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ContainerRegistryClient, ContainerRegistryContentClient } from '@azure/container-registry';
import {
  type AcrEmulator,
  httpRequest,
  REFRESH_TOKEN_USER,
  type Registry,
  type RegistryClientFiles,
  registryClientFiles,
  type SeededImage,
  seedImage,
  skopeoFlags,
  startAcrEmulator,
  trustCertificateAuthority,
} from '@digestflow/testkit';

const run = promisify(execFile);
const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const tenant = '11111111-2222-3333-4444-555555555555';
const DISALLOWED = 'REGISTRY_DISALLOWED_OPERATION';

let emulator: AcrEmulator;
let pusher: Registry;
let files: RegistryClientFiles;
let ca: string;
let original: SeededImage;
let untrust: () => void;

before(async () => {
  emulator = await startAcrEmulator({ roles: { puller: ['pull', 'metadata_read'] } });
  untrust = trustCertificateAuthority(emulator.caFile);
  pusher = await emulator.login({ tenant, oid: 'pusher' });
  files = await registryClientFiles(pusher);
  ca = readFileSync(emulator.caFile, 'utf8');
  original = await seedImage(pusher, { repository: 'team/app', tag: '1.0.0', seed: 'original' });
  await seedImage(pusher, { repository: 'team/app', tag: '1.1.0', seed: 'second' });
  await seedImage(pusher, { repository: 'team/other', tag: 'latest' });
});
after(async () => {
  untrust?.();
  await emulator?.stop();
});

/** An access token for `scope`, as docker and skopeo get one: Basic auth with the refresh token. */
async function accessToken(login: Registry, scope: string): Promise<string> {
  const query = new URLSearchParams({ service: emulator.host, scope });
  const response = await httpRequest(`${emulator.url}/oauth2/token?${query}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`,
    },
    ca,
  });
  assert.equal(response.status, 200, response.body);
  return (JSON.parse(response.body) as { access_token: string }).access_token;
}

async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await httpRequest(`${emulator.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.oci.image.manifest.v1+json',
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    ca,
  });
  return { ...response, json: () => JSON.parse(response.body) as Record<string, unknown> };
}

function sdkClient(oid = 'pusher'): ContainerRegistryClient {
  const token = emulator.entraToken({ tenant, oid });
  return new ContainerRegistryClient(emulator.url, {
    getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  });
}

describe('ACR emulator with the real @azure/container-registry SDK', () => {
  it('lists repositories and tags, reads and updates tag and manifest properties', async () => {
    const client = sdkClient();
    const repositories: string[] = [];
    for await (const name of client.listRepositoryNames()) repositories.push(name);
    assert.deepEqual(repositories, ['team/app', 'team/other']);

    const repository = client.getRepository('team/app');
    const tags: string[] = [];
    for await (const page of repository.getArtifact('1.0.0').listTagProperties().byPage({ maxPageSize: 1 })) {
      assert.ok(page.length <= 1, 'pages hold at most maxPageSize tags');
      tags.push(...page.map((tag) => tag.name));
    }
    assert.deepEqual(tags, ['1.0.0', '1.1.0']);

    const artifact = repository.getArtifact('1.0.0');
    const tag = await artifact.getTagProperties('1.0.0');
    assert.equal(tag.digest, original.digest);
    assert.equal(tag.canWrite, true);
    const manifest = await artifact.getManifestProperties();
    assert.equal(manifest.digest, original.digest);
    assert.deepEqual(manifest.tags, ['1.0.0']);
    assert.equal(manifest.architecture, 'amd64');
    assert.equal(manifest.operatingSystem, 'linux');

    const lockedTag = await artifact.updateTagProperties('1.0.0', { canWrite: false, canDelete: false });
    assert.equal(lockedTag.canWrite, false);
    assert.equal(lockedTag.canDelete, false);
    const lockedManifest = await artifact.updateManifestProperties({ canWrite: false });
    assert.equal(lockedManifest.canWrite, false);
    assert.equal(lockedManifest.canDelete, true, 'a PATCH changes only the attributes it names');
    assert.equal((await artifact.getTagProperties('1.0.0')).canWrite, false, 'read back after the change');

    await artifact.updateTagProperties('1.0.0', { canWrite: true, canDelete: true });
    await artifact.updateManifestProperties({ canWrite: true });
    const manifests: string[] = [];
    for await (const m of repository.listManifestProperties()) manifests.push(m.digest);
    assert.equal(manifests.length, 2);
    assert.ok(manifests.includes(original.digest));
    const repositoryProperties = await repository.updateProperties({ canList: true });
    assert.equal(repositoryProperties.tagCount, 2);
  });

  it('reads manifests through the /v2/ proxy with the SDK content client', async () => {
    const token = emulator.entraToken({ tenant, oid: 'pusher' });
    const content = new ContainerRegistryContentClient(emulator.url, 'team/app', {
      getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
    });
    const manifest = await content.getManifest('1.0.0');
    assert.equal(manifest.digest, original.digest);
    assert.equal(manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
  });

  it('grants only the actions a principal holds, like role assignments', async () => {
    const client = sdkClient('puller');
    const artifact = client.getRepository('team/app').getArtifact('1.0.0');
    assert.equal((await artifact.getTagProperties('1.0.0')).canWrite, true);
    await assert.rejects(artifact.updateTagProperties('1.0.0', { canWrite: false }), (error: Error) => {
      assert.match(error.message, /UNAUTHORIZED/);
      return true;
    });
  });
});

describe('ACR emulator protocol', () => {
  it('challenges with its realm and service, and enforces scopes on every call', async () => {
    const ping = await httpRequest(`${emulator.url}/v2/`, { ca });
    assert.equal(ping.status, 401);
    assert.equal(
      ping.headers['www-authenticate'],
      `Bearer realm="${emulator.url}/oauth2/token",service="${emulator.host}"`,
    );

    const pullOther = await accessToken(pusher, 'repository:team/other:pull');
    const denied = await call('GET', `/v2/team/app/manifests/1.0.0`, pullOther);
    assert.equal(denied.status, 401);
    assert.match(
      String(denied.headers['www-authenticate']),
      /scope="repository:team\/app:pull",error="insufficient_scope"/,
    );
    const metadata = await call('GET', '/acr/v1/team/other/_tags', pullOther);
    assert.equal(metadata.status, 401, 'pull does not imply metadata_read');
    assert.equal((await call('GET', '/v2/team/other/manifests/latest', pullOther)).status, 200);
  });

  it('exchanges an Entra token for a refresh token only when it is valid', async () => {
    const exchange = (fields: Record<string, string>) =>
      httpRequest(`${emulator.url}/oauth2/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        ca,
      });
    const valid = { grant_type: 'access_token', service: emulator.host, tenant };
    const ok = await exchange({ ...valid, access_token: emulator.entraToken({ tenant, oid: 'x' }) });
    assert.equal(ok.status, 200);
    assert.ok((JSON.parse(ok.body) as { refresh_token: string }).refresh_token.split('.').length === 3);

    const forged = `${emulator.entraToken({ tenant, oid: 'x' }).slice(0, -4)}AAAA`;
    assert.equal((await exchange({ ...valid, access_token: forged })).status, 401);
    const otherTenant = emulator.entraToken({ tenant: 'another-tenant', oid: 'x' });
    assert.equal((await exchange({ ...valid, access_token: otherTenant })).status, 401);
    const wrongAudience = emulator.entraToken({ tenant, oid: 'x', audience: 'https://vault.azure.net' });
    assert.equal((await exchange({ ...valid, access_token: wrongAudience })).status, 401);
    const expired = emulator.entraToken({ tenant, oid: 'x', expiresInSeconds: -10 });
    assert.equal((await exchange({ ...valid, access_token: expired })).status, 401);
  });

  it('refuses a push to a locked tag and a delete of a locked manifest, changing nothing', async () => {
    const token = await accessToken(
      pusher,
      'repository:team/app:pull,push,delete,metadata_read,metadata_write',
    );
    const lock = await call('PATCH', '/acr/v1/team/app/_tags/1.0.0', token, { writeEnabled: false });
    assert.equal(lock.status, 200);
    await assert.rejects(
      seedImage(pusher, { repository: 'team/app', tag: '1.0.0', seed: 'intruder' }),
      (error: Error) => error.message.includes('disallowed'),
    );
    const deleted = await call('DELETE', `/v2/team/app/manifests/${original.digest}`, token);
    assert.equal(deleted.status, 405);
    assert.equal((deleted.json().errors as { code: string }[])[0]!.code, DISALLOWED);
    const { stdout } = await run('skopeo', [
      'inspect',
      '--raw',
      ...skopeoFlags(files),
      `docker://${pusher.host}/team/app:1.0.0`,
    ]);
    assert.equal(sha256(stdout), original.digest, 'the locked tag still resolves to the original image');

    const unlock = await call('PATCH', '/acr/v1/team/app/_tags/1.0.0', token, { writeEnabled: true });
    assert.equal(unlock.status, 200);
    const replaced = await seedImage(pusher, { repository: 'team/app', tag: '1.0.0', seed: 'replacement' });
    assert.notEqual(replaced.digest, original.digest);
    await seedImage(pusher, { repository: 'team/app', tag: '1.0.0', seed: 'original' });
  });

  it('refuses every push into a write-locked repository, and a delete in a delete-locked one', async () => {
    const token = await accessToken(pusher, 'repository:team/other:pull,push,delete,metadata_write');
    const other = (await call('GET', '/v2/team/other/manifests/latest', token)).headers[
      'docker-content-digest'
    ];
    assert.equal((await call('PATCH', '/acr/v1/team/other', token, { writeEnabled: false })).status, 200);
    await assert.rejects(seedImage(pusher, { repository: 'team/other', tag: 'new-tag' }), /disallowed/);
    assert.equal(
      (await call('PATCH', '/acr/v1/team/other', token, { writeEnabled: true, deleteEnabled: false })).status,
      200,
    );
    await seedImage(pusher, { repository: 'team/other', tag: 'new-tag' });
    const deleted = await call('DELETE', `/v2/team/other/manifests/${String(other)}`, token);
    assert.equal(deleted.status, 405);
    assert.equal((await call('PATCH', '/acr/v1/team/other', token, { deleteEnabled: true })).status, 200);
  });

  it('rejects a PATCH body that is not changeable attributes', async () => {
    const token = await accessToken(pusher, 'repository:team/app:metadata_write');
    const bad = await call('PATCH', '/acr/v1/team/app/_tags/1.0.0', token, { writeEnabled: 'no' });
    assert.equal(bad.status, 400);
    const unknown = await call('PATCH', '/acr/v1/team/app/_tags/1.0.0', token, { immutable: true });
    assert.equal(unknown.status, 400);
  });

  it('logs skopeo in with the null GUID user and the refresh token', async (t) => {
    assert.equal(pusher.username, REFRESH_TOKEN_USER);
    const dir = await mkdtemp(join(tmpdir(), 'acr-skopeo-login-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const authfile = join(dir, 'auth.json');
    const certDir = files.certDir!;
    const login = (password: string) =>
      new Promise<void>((resolve, reject) => {
        const child = execFile(
          'skopeo',
          [
            'login',
            `--authfile=${authfile}`,
            `--cert-dir=${certDir}`,
            '--username',
            REFRESH_TOKEN_USER,
            '--password-stdin',
            emulator.host,
          ],
          (error) => (error ? reject(error) : resolve()),
        );
        child.stdin?.end(password);
      });
    await assert.rejects(login('not-a-refresh-token'), /401|unauthorized|invalid/i);
    await login(pusher.password!);
    const { stdout } = await run('skopeo', [
      'list-tags',
      `--authfile=${authfile}`,
      `--cert-dir=${certDir}`,
      `docker://${pusher.host}/team/app`,
    ]);
    assert.deepEqual((JSON.parse(stdout) as { Tags: string[] }).Tags.sort(), ['1.0.0', '1.1.0']);
  });
});

describe('ACR emulator anonymous pull', () => {
  it('gives pull to anyone when switched on, and nothing more', async (t) => {
    const open = await startAcrEmulator({ anonymousPull: true });
    t.after(() => open.stop());
    const login = await open.login({ tenant, oid: 'pusher' });
    const restore = trustCertificateAuthority(open.caFile);
    t.after(restore);
    await seedImage(login, { repository: 'public/app', tag: 'v1' });
    const openCa = readFileSync(open.caFile, 'utf8');
    const anonymous = await httpRequest(
      `${open.url}/oauth2/token?${new URLSearchParams({ service: open.host, scope: 'repository:public/app:pull,push' })}`,
      { ca: openCa },
    );
    assert.equal(anonymous.status, 200);
    const token = (JSON.parse(anonymous.body) as { access_token: string }).access_token;
    const pull = await httpRequest(`${open.url}/v2/public/app/manifests/v1`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.oci.image.manifest.v1+json' },
      ca: openCa,
    });
    assert.equal(pull.status, 200);
    const push = await httpRequest(`${open.url}/v2/public/app/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      ca: openCa,
    });
    assert.equal(push.status, 401);

    // The Azure SDK's anonymous grant: POST with grant_type=password and an empty refresh token.
    const sdkAnonymous = await httpRequest(`${open.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        service: open.host,
        scope: 'repository:public/app:pull',
        refresh_token: '',
      }).toString(),
      ca: openCa,
    });
    assert.equal(sdkAnonymous.status, 200);

    const closed = await httpRequest(
      `${emulator.url}/oauth2/token?${new URLSearchParams({ service: emulator.host, scope: 'repository:team/app:pull' })}`,
      { ca },
    );
    assert.equal(closed.status, 401, 'without anonymous pull, no token without credentials');
  });
});
