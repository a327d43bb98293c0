// The acr builder through a stand-in `az` on PATH: no Azure here. Like ACR Tasks, the
// stand-in puts the image into the registry under every --image it is given (skopeo copies
// a seeded image into the real local registry); the action reads the digest back from it.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import {
  registryClientFiles,
  seedImage,
  skopeoFlags,
  startAcrEmulator,
  startRegistry,
} from '@digestflow/testkit';
import { pushTo, runWith, standIn, workspace } from './helpers.ts';

const acrTasks = `
const registry = process.env.STANDIN_REGISTRY;
if (!args.includes('--no-push') && process.env.STANDIN_PUSH !== 'none') {
  args.forEach((arg, i) => {
    if (args[i - 1] !== '--image') return;
    const flags = JSON.parse(process.env.STANDIN_SKOPEO_FLAGS ?? '["--src-tls-verify=false","--dest-tls-verify=false"]');
    childProcess.execFileSync('skopeo', ['copy', ...flags,
      'docker://' + process.env.STANDIN_SOURCE, 'docker://' + registry + '/' + arg], { stdio: 'ignore' });
  });
}
console.log('Run ID: cb1 was successful after 3s');
`;

async function fixture(t: TestContext) {
  const registry = await startRegistry();
  t.after(() => registry.stop());
  const seeded = await seedImage(registry, { repository: 'seed/app', tag: 'src' });
  const az = await standIn(t, 'az', acrTasks);
  const ws = await workspace(t);
  const env = { STANDIN_REGISTRY: registry.host, STANDIN_SOURCE: seeded.reference };
  return { registry, seeded, az, ws, env };
}

describe('build-image with the acr builder (stand-in az)', () => {
  it('runs az acr build with every tag, then reads the digest back from the registry', async (t) => {
    const { registry, seeded, az, ws, env } = await fixture(t);
    const push = pushTo('main');
    const run = await runWith(az.bin, {
      workspace: ws,
      ...push,
      inputs: {
        image: `${registry.host}/team/app`,
        builder: 'acr',
        'acr-name': 'contosoacr',
        context: 'app',
        platforms: 'linux/arm64',
        target: 'final',
        'build-args': 'GREETING=hi',
        tags: 'latest',
      },
      env: { ...push.env, ...env },
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const calls = await az.calls();
    assert.deepEqual(
      calls.map((call) => call.args),
      [
        [
          'acr',
          'build',
          '--registry',
          'contosoacr',
          '--image',
          'team/app:dev-1a2b3c4',
          '--image',
          'team/app:latest',
          '--file',
          'app/Containerfile',
          '--platform',
          'linux/arm64',
          '--target',
          'final',
          '--build-arg',
          'GREETING=hi',
          'app',
        ],
      ],
    );
    assert.equal(run.outputs.digest, seeded.digest);
    assert.equal(run.outputs['image-ref'], `${registry.host}/team/app@${seeded.digest}`);
    assert.equal(run.outputs.tags, `${registry.host}/team/app:dev-1a2b3c4\n${registry.host}/team/app:latest`);
    const metadata = JSON.parse(run.outputs.metadata!) as Record<string, unknown>;
    assert.deepEqual(metadata.labels, {}, 'ACR Tasks sets no labels from the command line');
    assert.match(run.summary, /Labels: none/);
  });

  it('push false passes --no-push and reads nothing back', async (t) => {
    const { registry, az, ws, env } = await fixture(t);
    const push = pushTo('feature/a');
    const run = await runWith(az.bin, {
      workspace: ws,
      ...push,
      inputs: {
        image: `${registry.host}/team/app`,
        builder: 'acr',
        'acr-name': 'contosoacr',
        context: 'app',
        push: false,
      },
      env: { ...push.env, ...env },
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const [call] = await az.calls();
    assert.deepEqual(call!.args.slice(-2), ['--no-push', 'app']);
    assert.equal(run.outputs.digest, '');
  });

  it('fails when the image is not in the registry after the build', async (t) => {
    const { registry, az, ws, env } = await fixture(t);
    const push = pushTo('main');
    const run = await runWith(az.bin, {
      workspace: ws,
      ...push,
      inputs: {
        image: `${registry.host}/team/app`,
        builder: 'acr',
        'acr-name': 'contosoacr',
        context: 'app',
      },
      env: { ...push.env, ...env, STANDIN_PUSH: 'none' },
    });
    assert.equal(run.exitCode, 1);
    assert.deepEqual(run.errors, [
      `az acr build finished, but ${registry.host}/team/app:dev-1a2b3c4 is not in the registry`,
    ]);
  });

  it('reads the digest back through ACR token auth over HTTPS, with what az acr login left', async (t) => {
    const emulator = await startAcrEmulator();
    t.after(() => emulator.stop());
    const login = await emulator.login({ tenant: '72f988bf-0000-4000-8000-2d7cd011db47', oid: 'ci-pusher' });
    const files = await registryClientFiles(login);
    const seeded = await seedImage(login, { repository: 'seed/app', tag: 'src' });
    const az = await standIn(t, 'az', acrTasks);
    const push = pushTo('main');
    const run = await runWith(az.bin, {
      workspace: await workspace(t),
      ...push,
      inputs: {
        image: `${emulator.host}/team/app`,
        builder: 'acr',
        'acr-name': 'contosoacr',
        context: 'app',
      },
      env: {
        ...push.env,
        STANDIN_REGISTRY: emulator.host,
        STANDIN_SOURCE: seeded.reference,
        STANDIN_SKOPEO_FLAGS: JSON.stringify([...skopeoFlags(files, 'src'), ...skopeoFlags(files, 'dest')]),
        DOCKER_CONFIG: files.dockerConfig,
        NODE_EXTRA_CA_CERTS: emulator.caFile,
      },
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.digest, seeded.digest);
    assert.match(run.stdout, /Registry 127\.0\.0\.1:\d+: credentials from docker-config/);
    assert.ok(
      emulator.requests.some(
        (r) => r.method === 'HEAD' && r.path === '/v2/team/app/manifests/dev-1a2b3c4' && r.status === 200,
      ),
      'the digest was read with an ACR access token',
    );
  });

  it('derives the registry name from an azurecr.io image', async (t) => {
    const az = await standIn(t, 'az', 'process.exit(0)');
    const ws = await workspace(t);
    const push = pushTo('main');
    const run = await runWith(az.bin, {
      workspace: ws,
      ...push,
      inputs: { image: 'contosoacr.azurecr.io/team/app', builder: 'acr', context: 'app', push: false },
      env: push.env,
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const [call] = await az.calls();
    assert.deepEqual(call!.args.slice(0, 6), [
      'acr',
      'build',
      '--registry',
      'contosoacr',
      '--image',
      'team/app:dev-1a2b3c4',
    ]);
  });
});
