import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  ACR_REFRESH_TOKEN_USER,
  AZURE_FEDERATION_AUDIENCE,
  acrCredentials,
  ConfigurationError,
  exchangeForRefreshToken,
  resolveCredentials,
} from '@digestflow/core';
import {
  type AcrEmulator,
  registryClientFiles,
  seedImage,
  skopeoFlags,
  startAcrEmulator,
  startRegistry,
  trustCertificateAuthority,
} from '@digestflow/testkit';

const run = promisify(execFile);
const tenantId = '72f988bf-0000-4000-8000-2d7cd011db47';
const clientId = 'c0ffee00-0000-4000-8000-000000000001';
const subject = 'repo:octo-org/octo-app:ref:refs/tags/v1.2.3';

let emulator: AcrEmulator;
let untrust: () => void;

before(async () => {
  emulator = await startAcrEmulator({
    federatedCredentials: [{ clientId, tenantId, subject, objectId: 'release-bot' }],
  });
  untrust = trustCertificateAuthority(emulator.caFile);
  await seedImage(await emulator.login({ tenant: tenantId, oid: 'seeder' }), {
    repository: 'team/app',
    tag: '1.0.0',
  });
});
after(async () => {
  untrust?.();
  await emulator?.stop();
});

/** What core.getIDToken does on a runner, against the emulator's GitHub OIDC double. */
function getIdToken(jobSubject: string) {
  const audiences: string[] = [];
  const tokens: string[] = [];
  const fetchToken = async (audience: string) => {
    audiences.push(audience);
    tokens.push(emulator.githubIdToken(jobSubject, audience));
    return tokens.at(-1)!;
  };
  return { fetchToken, audiences, tokens };
}

describe('ACR authentication with OIDC workload identity federation', () => {
  it('signs in with the GitHub OIDC token through MSAL, exchanges for a refresh token, masks every secret', async () => {
    const secrets: string[] = [];
    const oidc = getIdToken(subject);
    const credentials = await acrCredentials(emulator.host, {
      clientId,
      tenantId,
      getIdToken: oidc.fetchToken,
      authorityHost: emulator.url,
      onSecret: (secret) => secrets.push(secret),
    });
    assert.ok(credentials);
    assert.equal(credentials.username, ACR_REFRESH_TOKEN_USER);
    assert.equal(credentials.source, 'acr-oidc');
    assert.ok(oidc.audiences.length > 0);
    assert.ok(oidc.audiences.every((audience) => audience === AZURE_FEDERATION_AUDIENCE));
    for (const token of oidc.tokens) assert.ok(secrets.includes(token), 'every OIDC token is masked');
    const entraTokens = secrets.filter((s) => !oidc.tokens.includes(s) && s !== credentials.password);
    assert.equal(entraTokens.length, 1, 'the Entra token is masked');
    assert.equal(secrets.at(-1), credentials.password, 'the refresh token is masked');
    const steps = emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.ok(steps.includes(`POST /${tenantId}/oauth2/v2.0/token 200`), steps.join('\n'));
    assert.ok(steps.includes('POST /oauth2/exchange 200'));

    // The refresh token works as a Docker password: skopeo reads the repository with it.
    const files = await registryClientFiles({
      ...(await emulator.login({ tenant: tenantId, oid: 'unused' })),
      username: credentials.username,
      password: credentials.password,
    });
    const { stdout } = await run('skopeo', [
      'list-tags',
      ...skopeoFlags(files),
      `docker://${emulator.host}/team/app`,
    ]);
    assert.deepEqual((JSON.parse(stdout) as { Tags: string[] }).Tags, ['1.0.0']);
  });

  it('is what resolveCredentials uses for an ACR registry', async () => {
    const secrets: string[] = [];
    const credentials = await resolveCredentials(emulator.host, {
      acr: true,
      azure: { clientId, tenantId, getIdToken: getIdToken(subject).fetchToken, authorityHost: emulator.url },
      onSecret: (secret) => secrets.push(secret),
    });
    assert.equal(credentials?.source, 'acr-oidc');
    assert.ok(secrets.includes(credentials.password));
  });

  it('without Azure IDs and with no Azure sign-in on the machine, falls through to docker login', async (t) => {
    // No `az` on PATH and no AZURE_* variables: the CLI and environment credentials are unavailable.
    const savedPath = process.env.PATH;
    const savedAzure = Object.entries(process.env).filter(([name]) => name.startsWith('AZURE_'));
    t.after(() => {
      process.env.PATH = savedPath;
      for (const [name, value] of savedAzure) process.env[name] = value;
    });
    process.env.PATH = '/nonexistent';
    for (const name of Object.keys(process.env)) if (name.startsWith('AZURE_')) delete process.env[name];
    const login = await emulator.login({ tenant: tenantId, oid: 'docker-login' });
    const files = await registryClientFiles(login);
    const credentials = await resolveCredentials(emulator.host, {
      acr: true,
      dockerConfigDir: files.dockerConfig,
    });
    assert.equal(credentials?.source, 'docker-config');
    assert.equal(credentials.username, ACR_REFRESH_TOKEN_USER);
    assert.equal(await acrCredentials(emulator.host, {}), undefined);
  });

  it('fails clearly when the workflow is not the federated subject', async () => {
    await assert.rejects(
      acrCredentials(emulator.host, {
        clientId,
        tenantId,
        getIdToken: getIdToken('repo:octo-org/octo-app:ref:refs/heads/feature').fetchToken,
        authorityHost: emulator.url,
      }),
      (error: Error) => {
        assert.ok(error instanceof ConfigurationError);
        assert.match(error.message, /Microsoft Entra sign-in failed/);
        assert.match(error.message, /federated credential whose subject matches/);
        return true;
      },
    );
  });

  it('asks for id-token permission when no OIDC token can be had, and for both IDs together', async () => {
    await assert.rejects(acrCredentials(emulator.host, { clientId, tenantId }), /id-token: write/);
    await assert.rejects(
      acrCredentials(emulator.host, { clientId }),
      /azure-client-id and azure-tenant-id go together/,
    );
  });

  it('never sends the Entra token to a registry whose token endpoint is elsewhere (not ACR)', async (t) => {
    const other = await startRegistry({ auth: 'token', tls: true });
    const untrustOther = trustCertificateAuthority(other.caFile!);
    t.after(async () => {
      untrustOther();
      await other.stop();
    });
    await assert.rejects(exchangeForRefreshToken(other.host, 'entra-token'), (error: Error) => {
      assert.ok(error instanceof ConfigurationError);
      assert.match(error.message, /is not Azure Container Registry: the Entra token is not sent there/);
      return true;
    });
  });
});
