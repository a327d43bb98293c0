// promote-image refusals: bad inputs, a missing source, an unreachable registry, a target tag
// that points elsewhere. Each fails with one clear line, and nothing is written.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { freePort, seedImage } from '../../../packages/testkit/src/index.ts';
import {
  assertSucceeded,
  promote,
  registry,
  registryEnv,
  SHA,
  SHA7,
  skopeoDigest,
  tempDir,
} from './helpers.ts';

const exec = promisify(execFile);

function assertFailed(run: { exitCode: number | null; errors: string[] }, pattern: RegExp): void {
  assert.equal(run.exitCode, 1);
  assert.equal(run.errors.length, 1, run.errors.join('\n'));
  assert.match(run.errors[0]!, pattern);
  assert.doesNotMatch(run.errors[0]!, /unexpected error/);
}

test('bad inputs are refused before any registry is contacted', async () => {
  const closed = `127.0.0.1:${await freePort()}`;
  const cases: [Record<string, string>, string | undefined, RegExp][] = [
    [{ image: 'Bad/Ref' }, undefined, /Input 'image':.*must be lowercase/],
    [{ image: `${closed}/app:v1` }, undefined, /Input 'image':.*without a tag or digest/],
    [
      { image: `${closed}/app`, to: 'release', version: '1.2.3+build.7' },
      undefined,
      /Input 'version':.*build metadata '\+build\.7'/,
    ],
    [
      { image: `${closed}/app`, to: 'release', version: '1.2' },
      undefined,
      /Input 'version':.*not a semantic version/,
    ],
    [
      { image: `${closed}/app`, to: 'release' },
      'refs/heads/main',
      /needs a version: run on a pushed v\* tag/,
    ],
    [{ image: `${closed}/app`, to: 'release' }, 'refs/tags/v1.0.0+meta', /build metadata/],
    [
      { image: `${closed}/app`, from: 'sha256:abc' },
      undefined,
      /Input 'from':.*neither a prefix, a tag nor a digest/,
    ],
    [{ image: `${closed}/app`, to: 'stag-ing' }, undefined, /Input 'to':.*tag prefix/],
    [{ image: `${closed}/app`, 'extra-tags': 'ok\n-bad' }, undefined, /Input 'extra-tags':.*not a valid tag/],
    [
      { image: `${closed}/app`, 'registry-username': 'u' },
      undefined,
      /registry-username and registry-password go together/,
    ],
  ];
  await Promise.all(
    cases.map(async ([inputs, ref, pattern]) => {
      const run = await promote(inputs, {}, { ref });
      assertFailed(run, pattern);
      assert.doesNotMatch(run.stdout, /Registry /, 'no registry contacted');
    }),
  );
});

test('an unreachable registry is a clear error', async () => {
  const closed = `127.0.0.1:${await freePort()}`;
  const run = await promote({ image: `${closed}/app` }, {});
  assertFailed(
    run,
    new RegExp(`registry ${closed} is unreachable: .*ECONNREFUSED|registry ${closed} is unreachable`),
  );
});

test('a missing source names the tag it looked for', async (t) => {
  const r = await registry(t);
  await seedImage(r, { repository: 'app', tag: 'dev-0000000' });
  const env = await registryEnv(t, [r]);
  const missing = await promote({ image: `${r.host}/app` }, env);
  assertFailed(
    missing,
    new RegExp(
      `Input 'from': no source image ${r.host}/app:dev-${SHA7} \\(the 'dev' image of commit ${SHA}\\)`,
    ),
  );
  const tag = await promote({ image: `${r.host}/app`, from: 'v9.9.9' }, env);
  assertFailed(tag, new RegExp(`no source image ${r.host}/app:v9\\.9\\.9`));
  const digest = await promote({ image: `${r.host}/app`, from: `sha256:${'f'.repeat(64)}` }, env);
  assertFailed(digest, new RegExp(`no source image ${r.host}/app@sha256:f{64}`));
  assert.equal(await skopeoDigest(r, `${r.host}/app:staging-${SHA7}`), undefined);
});

test('a target tag at another digest is refused unless allow-overwrite; explicit tag and digest sources', async (t) => {
  const r = await registry(t);
  const dev = await seedImage(r, { repository: 'app', tag: 'candidate-1', layers: [100] });
  const old = await seedImage(r, { repository: 'app', tag: `staging-${SHA7}`, seed: 'old', layers: [100] });
  const env = await registryEnv(t, [r]);
  const refused = await promote({ image: `${r.host}/app`, from: 'candidate-1' }, env);
  assertFailed(refused, new RegExp(`staging-${SHA7} \\(now ${old.digest}\\).*allow-overwrite`));
  assert.equal(await skopeoDigest(r, `${r.host}/app:staging-${SHA7}`), old.digest);

  const moved = await promote(
    { image: `${r.host}/app`, from: 'candidate-1', 'allow-overwrite': 'true' },
    env,
  );
  assertSucceeded(moved);
  assert.deepEqual(JSON.parse(moved.outputs.metadata!).tags[0], {
    tag: `staging-${SHA7}`,
    action: 'move',
    previous: old.digest,
  });
  assert.equal(await skopeoDigest(r, `${r.host}/app:staging-${SHA7}`), dev.digest);

  const byDigest = await promote({ image: `${r.host}/app`, from: old.digest, to: 'qa' }, env);
  assertSucceeded(byDigest);
  assert.equal(await skopeoDigest(r, `${r.host}/app:qa-${SHA7}`), old.digest);
});

test('a merge commit without an image of its own promotes its merged parent, and says so', async (t) => {
  const r = await registry(t);
  const workspace = await tempDir(t, 'promote-git-');
  const git = (...args: string[]) =>
    exec('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: workspace });
  await git('init', '-q', '-b', 'staging');
  await git('commit', '-q', '--allow-empty', '-m', 'staging base');
  await git('checkout', '-q', '-b', 'main');
  await git('commit', '-q', '--allow-empty', '-m', 'feature on main');
  const mainSha = (await git('rev-parse', 'HEAD')).stdout.trim();
  await git('checkout', '-q', 'staging');
  await git('merge', '-q', '--no-ff', '-m', 'merge main into staging', 'main');
  const mergeSha = (await git('rev-parse', 'HEAD')).stdout.trim();

  const seeded = await seedImage(r, { repository: 'app', tag: `dev-${mainSha.slice(0, 7)}` });
  const env = await registryEnv(t, [r]);
  const run = await promote({ image: `${r.host}/app` }, env, { sha: mergeSha, workspace });
  assertSucceeded(run);
  assert.match(run.stdout, new RegExp(`${mergeSha} is a merge commit: promoting dev-${mainSha.slice(0, 7)}`));
  assert.equal(await skopeoDigest(r, `${r.host}/app:staging-${mergeSha.slice(0, 7)}`), seeded.digest);
  assert.equal(JSON.parse(run.outputs.metadata!).source.mergedParent, mainSha);
});

test('an untrusted certificate and missing credentials are clear errors', async (t) => {
  const [tls, basic] = await Promise.all([registry(t, { tls: true }), registry(t, { auth: 'basic' })]);
  const untrusted = await promote({ image: `${tls.host}/app` }, await registryEnv(t, []));
  assertFailed(untrusted, /TLS certificate is not trusted.*NODE_EXTRA_CA_CERTS/);
  const anonymous = await promote({ image: `${basic.host}/app` }, await registryEnv(t, []));
  assertFailed(anonymous, /requires Basic authentication and no credentials were found/);
  const wrong = await promote(
    {
      image: `${basic.host}/app`,
      'registry-username': basic.username!,
      'registry-password': 'wrong-password',
    },
    await registryEnv(t, []),
  );
  assertFailed(wrong, /refused GET .*HTTP 401.*credentials from inputs/);
});
