// The delivery flow of DESIGN.md against the ACR emulator, each action's dist run as the
// runner runs it: build-image (buildah) on main, promote-image to staging and to the
// release, lock-image; then the locked release refuses an overwrite with skopeo.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
  seedImage,
  skopeoFlags,
  startAcrEmulator,
} from '@digestflow/testkit';

const exec = promisify(execFile);
const actions = join(import.meta.dirname, '..', '..', '..', 'actions');
const SHA = '5e6f708192a3b4c5d6e7f8091a2b3c4d1a2b3c4d';
const tenantId = '72f988bf-0000-4000-8000-2d7cd011db47';
const clientId = 'c0ffee00-0000-4000-8000-00000000f10e';
const releaseSubject = 'repo:octo-org/octo-app:environment:production';

let emulator: AcrEmulator;
let login: Registry;
let files: RegistryClientFiles;
let dir: string;

before(async () => {
  emulator = await startAcrEmulator({
    federatedCredentials: [{ clientId, tenantId, subject: releaseSubject }],
  });
  // What `az acr login` leaves behind: a Docker config with the null GUID user and a refresh token.
  login = await emulator.login({ tenant: tenantId, oid: 'ci-pusher' });
  files = await registryClientFiles(login);
  dir = await mkdtemp(join(tmpdir(), 'acr-flow-'));
});
after(async () => {
  await emulator?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function step(action: string, ref: string, inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runAction(join(actions, action), {
    inputs: { image: `${emulator.host}/team/app`, ...inputs },
    eventName: 'push',
    event: { ref, after: SHA, head_commit: { id: SHA, timestamp: '2026-11-24T15:00:00Z' } },
    workspace: join(dir, 'workspace'),
    env: {
      GITHUB_REF: ref,
      GITHUB_SHA: SHA,
      DOCKER_CONFIG: files.dockerConfig,
      NODE_EXTRA_CA_CERTS: emulator.caFile,
      ...env,
    },
    timeoutMs: 120_000,
  });
}

function succeeded(run: ActionRun): ActionRun {
  assert.equal(run.exitCode, 0, `${run.errors.join('\n')}\n${run.stdout}\n${run.stderr}`);
  return run;
}

async function digestOf(tag: string): Promise<string> {
  const { stdout } = await exec('skopeo', [
    'inspect',
    '--raw',
    ...skopeoFlags(files),
    `docker://${emulator.host}/team/app:${tag}`,
  ]);
  return `sha256:${createHash('sha256').update(stdout).digest('hex')}`;
}

describe('delivery flow against the ACR emulator', () => {
  it('builds, promotes by digest, locks the release, and the lock holds', async () => {
    await mkdir(join(dir, 'workspace', 'app'), { recursive: true });
    await writeFile(join(dir, 'workspace', 'app', 'hello.txt'), 'hello from the ACR flow\n');
    await writeFile(
      join(dir, 'workspace', 'app', 'Containerfile'),
      'FROM scratch\nCOPY hello.txt /hello.txt\n',
    );
    await writeFile(
      join(dir, 'storage.conf'),
      `[storage]\ndriver = "vfs"\ngraphroot = "${join(dir, 'root')}"\nrunroot = "${join(dir, 'run')}"\n`,
    );

    const build = succeeded(
      await step(
        'build-image',
        'refs/heads/main',
        { builder: 'buildah', context: 'app' },
        {
          CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'),
          BUILDAH_ISOLATION: 'chroot',
        },
      ),
    );
    const digest = build.outputs.digest!;
    assert.equal(await digestOf(`dev-${SHA.slice(0, 7)}`), digest);

    const staging = succeeded(
      await step('promote-image', 'refs/heads/staging', { from: 'dev', to: 'staging' }),
    );
    assert.equal(staging.outputs.digest, digest);
    const release = succeeded(
      await step('promote-image', 'refs/tags/v1.2.3', { from: 'staging', to: 'release' }),
    );
    assert.equal(release.outputs.digest, digest);
    assert.equal(await digestOf('1.2.3'), digest);

    const oidc = emulator.githubOidc(releaseSubject);
    const lock = succeeded(
      await step(
        'lock-image',
        'refs/tags/v1.2.3',
        {
          acr: 'true',
          'azure-client-id': clientId,
          'azure-tenant-id': tenantId,
          'azure-authority-host': emulator.url,
        },
        { ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken },
      ),
    );
    const locked = JSON.parse(lock.outputs.locked!) as {
      kind: string;
      digest: string;
      writeEnabled: boolean;
    }[];
    assert.deepEqual(
      locked.map((entry) => [entry.kind, entry.digest, entry.writeEnabled]),
      [
        ['tag', digest, false],
        ['manifest', digest, false],
      ],
    );

    await assert.rejects(
      seedImage(login, { repository: 'team/app', tag: '1.2.3', seed: 'late' }),
      /disallowed/,
    );
    const again = await step('promote-image', 'refs/tags/v1.2.3', {
      from: `dev-${SHA.slice(0, 7)}`,
      to: 'release',
      'allow-overwrite': 'true',
    });
    assert.equal(again.exitCode, 0, 'promoting the same digest onto the locked tag changes nothing');
    assert.equal(await digestOf('1.2.3'), digest);

    const hotfix = await seedImage(login, { repository: 'team/app', tag: 'hotfix', seed: 'hotfix' });
    const overwrite = await step('promote-image', 'refs/tags/v1.2.3', {
      from: hotfix.digest,
      to: 'release',
      'allow-overwrite': 'true',
    });
    assert.equal(overwrite.exitCode, 1, 'the registry refuses to move the locked tag');
    assert.match(overwrite.errors.join('\n'), /disallowed|405/i);
    assert.equal(await digestOf('1.2.3'), digest);

    // Every registry call went through ACR's token flow: Basic login with the refresh token.
    assert.ok(
      emulator.requests.some((r) => r.method === 'GET' && r.path === '/oauth2/token' && r.status === 200),
    );
  });
});
