// The docker (buildx) builder through a stand-in `docker` on PATH: no Docker engine runs
// here. It records its arguments and the DOCKER_CONFIG it was given, and writes the
// metadata file with containerimage.digest as buildx does.
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { COMMIT_TIME, pushTo, runWith, SHA, standIn, tempDir, visibleText, workspace } from './helpers.ts';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const PASSWORD = 'hunter2-Sup3r:S3cret';

/** buildx's behaviour: write the metadata file it was asked for; fail with STANDIN_EXIT. */
const buildx = `
const metadata = args.indexOf('--metadata-file');
if (metadata !== -1) {
  fs.writeFileSync(args[metadata + 1], JSON.stringify({ 'containerimage.digest': ${JSON.stringify(DIGEST)}, 'image.name': 'x' }));
}
process.exit(Number(process.env.STANDIN_EXIT ?? 0));
`;

async function userDockerConfig(t: TestContext): Promise<string> {
  const dir = await tempDir(t, 'user-docker-');
  await mkdir(join(dir, 'buildx', 'instances'), { recursive: true });
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      auths: { 'other.example.com': {}, 'ghcr.io': { auth: Buffer.from('old:creds').toString('base64') } },
      credsStore: 'desktop',
      credHelpers: { 'ghcr.io': 'gh', 'mine.example.com': 'pass' },
      currentContext: 'default',
    }),
  );
  return dir;
}

const labelArgs = (version: string, extra: string[] = []) => [
  '--label',
  `org.opencontainers.image.revision=${SHA}`,
  '--label',
  'org.opencontainers.image.source=https://github.com/octo-org/octo-app',
  '--label',
  `org.opencontainers.image.created=${COMMIT_TIME}`,
  '--label',
  `org.opencontainers.image.version=${version}`,
  '--label',
  'org.opencontainers.image.title=app',
  ...extra,
];

const annotationArgs = (version: string, levels: string[] = ['']) =>
  [
    `org.opencontainers.image.revision=${SHA}`,
    'org.opencontainers.image.source=https://github.com/octo-org/octo-app',
    `org.opencontainers.image.created=${COMMIT_TIME}`,
    `org.opencontainers.image.version=${version}`,
    'org.opencontainers.image.title=app',
  ].flatMap((pair) => levels.flatMap((level) => ['--annotation', `${level}${pair}`]));

describe('build-image with the docker builder (stand-in docker)', () => {
  it('runs one buildx build with tags, labels, annotations, build args and target, and outputs the digest', async (t) => {
    const docker = await standIn(t, 'docker', buildx);
    const ws = await workspace(t);
    const runnerTemp = await tempDir(t, 'runner-temp-');
    const userConfig = await userDockerConfig(t);
    const push = pushTo('main');
    const run = await runWith(docker.bin, {
      workspace: ws,
      ...push,
      inputs: {
        image: 'ghcr.io/octo-org/app',
        context: 'app',
        file: 'app/Dockerfile.stages',
        target: 'final',
        'build-args': 'GREETING=hello world\nEMPTY=',
        labels: 'com.example.team=payments',
        tags: 'ghcr.io/octo-org/app:main\nlatest',
        'registry-username': 'octocat',
        'registry-password': PASSWORD,
      },
      env: { ...push.env, RUNNER_TEMP: runnerTemp, DOCKER_CONFIG: userConfig },
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);

    const [call, ...more] = await docker.calls();
    assert.equal(more.length, 0, 'one docker call');
    const configDir = call!.env.DOCKER_CONFIG!;
    assert.deepEqual(call!.args, [
      'buildx',
      'build',
      '--file',
      'app/Dockerfile.stages',
      '--target',
      'final',
      '--build-arg',
      'GREETING=hello world',
      '--build-arg',
      'EMPTY=',
      ...labelArgs('dev-1a2b3c4', ['--label', 'com.example.team=payments']),
      ...annotationArgs('dev-1a2b3c4'),
      '--tag',
      'ghcr.io/octo-org/app:dev-1a2b3c4',
      '--tag',
      'ghcr.io/octo-org/app:main',
      '--tag',
      'ghcr.io/octo-org/app:latest',
      '--metadata-file',
      join(configDir, '..', 'metadata.json'),
      '--push',
      'app',
    ]);

    // The credentials were in a temporary DOCKER_CONFIG, with the user's other settings kept.
    assert.notEqual(configDir, userConfig);
    assert.ok(configDir.startsWith(runnerTemp));
    assert.deepEqual(call!.authFile, {
      auths: {
        'other.example.com': {},
        'ghcr.io': { auth: Buffer.from(`octocat:${PASSWORD}`).toString('base64') },
      },
      credHelpers: { 'mine.example.com': 'pass', 'other.example.com': 'desktop' },
      currentContext: 'default',
    });
    assert.deepEqual(call!.dockerConfigEntries, ['buildx', 'config.json']);
    assert.deepEqual(await readdir(runnerTemp), [], 'the auth file is removed afterwards');
    assert.deepEqual(await readdir(join(userConfig, 'buildx')), ['instances'], "the user's folder is intact");

    assert.equal(run.outputs.digest, DIGEST);
    assert.equal(run.outputs['image-ref'], `ghcr.io/octo-org/app@${DIGEST}`);
    assert.equal(
      run.outputs.tags,
      'ghcr.io/octo-org/app:dev-1a2b3c4\nghcr.io/octo-org/app:main\nghcr.io/octo-org/app:latest',
    );
    assert.equal(run.outputs.version, 'dev-1a2b3c4');
    const metadata = JSON.parse(run.outputs.metadata!) as Record<string, unknown>;
    assert.equal(metadata.builder, 'docker');
    assert.equal((metadata.labels as Record<string, string>)['com.example.team'], 'payments');

    assert.ok(run.masks.includes(PASSWORD));
    assert.ok(!visibleText(run).includes(PASSWORD), 'the password appears only in ::add-mask::');
    assert.ok(!visibleText(run).includes(Buffer.from(`octocat:${PASSWORD}`).toString('base64')));
  });

  it('several platforms annotate the index and each manifest; push false keeps the image in the builder', async (t) => {
    const docker = await standIn(t, 'docker', buildx);
    const ws = await workspace(t);
    const push = pushTo('staging');
    const run = await runWith(docker.bin, {
      workspace: ws,
      ...push,
      inputs: {
        image: 'ghcr.io/octo-org/app',
        context: 'app',
        platforms: 'linux/amd64\nlinux/arm64/v8',
        push: false,
        'github-token': '',
      },
      env: { ...push.env, HOME: await tempDir(t, 'home-') },
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const [call] = await docker.calls();
    assert.equal(call!.env.DOCKER_CONFIG, undefined, 'anonymous: no auth file');
    assert.deepEqual(call!.args.slice(0, 6), [
      'buildx',
      'build',
      '--file',
      'app/Containerfile',
      '--platform',
      'linux/amd64,linux/arm64/v8',
    ]);
    assert.deepEqual(
      call!.args.filter((_, i, all) => all[i - 1] === '--annotation'),
      annotationArgs('staging-1a2b3c4', ['index:', 'manifest:']).filter((arg) => arg !== '--annotation'),
    );
    assert.deepEqual(call!.args.slice(-3), ['--output', 'type=image,push=false', 'app']);
    assert.equal(run.outputs.digest, '');
    assert.equal(run.outputs['image-ref'], '');
    assert.equal(run.outputs.version, 'staging-1a2b3c4');
  });

  it('a failed build fails the step, names the command, and removes the auth file', async (t) => {
    const docker = await standIn(t, 'docker', buildx);
    const ws = await workspace(t);
    const runnerTemp = await tempDir(t, 'runner-temp-');
    const push = pushTo('main');
    const run = await runWith(docker.bin, {
      workspace: ws,
      ...push,
      inputs: {
        image: 'ghcr.io/octo-org/app',
        context: 'app',
        'registry-username': 'octocat',
        'registry-password': PASSWORD,
      },
      env: {
        ...push.env,
        RUNNER_TEMP: runnerTemp,
        STANDIN_EXIT: '1',
        DOCKER_CONFIG: await tempDir(t, 'empty-'),
      },
    });
    assert.equal(run.exitCode, 1);
    assert.deepEqual(run.errors, ["'docker buildx build' failed with exit code 1; its output is above"]);
    assert.deepEqual(await readdir(runnerTemp), []);
    assert.equal(run.outputs.digest, undefined, 'no outputs from a failed build');
    assert.ok(!visibleText(run).includes(PASSWORD));
  });

  it('a cancelled run stops the build and removes the auth file', async (t) => {
    const docker = await standIn(t, 'docker', 'setTimeout(() => {}, 60_000);');
    const ws = await workspace(t);
    const runnerTemp = await tempDir(t, 'runner-temp-');
    const push = pushTo('main');
    const run = await runWith(docker.bin, {
      workspace: ws,
      ...push,
      inputs: {
        image: 'ghcr.io/octo-org/app',
        context: 'app',
        'registry-username': 'octocat',
        'registry-password': PASSWORD,
      },
      env: { ...push.env, RUNNER_TEMP: runnerTemp, DOCKER_CONFIG: await tempDir(t, 'empty-') },
      signal: { name: 'SIGTERM', afterMs: 1500 },
    });
    assert.equal((await docker.calls()).length, 1, 'the build had started');
    assert.equal(run.exitCode, 1);
    assert.deepEqual(run.errors, ["cancelled (SIGTERM) while 'docker' was running"]);
    assert.deepEqual(await readdir(runnerTemp), [], 'the auth file is removed');
    assert.ok(run.durationMs < 10_000, 'the stand-in was stopped, not waited for');
  });

  it('a ghcr.io image is pushed with the github-token, as the actor', async (t) => {
    const docker = await standIn(t, 'docker', buildx);
    const ws = await workspace(t);
    const push = pushTo('main');
    const token = 'ghs_0123456789abcdefTOKEN';
    const run = await runWith(docker.bin, {
      workspace: ws,
      ...push,
      githubToken: token,
      inputs: { image: 'ghcr.io/octo-org/app', context: 'app' },
      env: { ...push.env, DOCKER_CONFIG: await tempDir(t, 'empty-') },
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    const [call] = await docker.calls();
    const auths = (call!.authFile as { auths: Record<string, { auth: string }> }).auths;
    assert.equal(Buffer.from(auths['ghcr.io']!.auth, 'base64').toString(), `octocat:${token}`);
    assert.ok(run.masks.includes(token));
    assert.ok(!visibleText(run).includes(token));
  });
});
