// Bad inputs fail before anything runs, naming the input; a tag ref is refused; a dry run
// plans without building or contacting a registry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pushTo, runWith, SHA, standIn, visibleText, workspace } from './helpers.ts';

/** A builder stand-in that records any call: a call there is a failure of these tests. */
const recordOnly = 'process.exit(0)';

describe('build-image refuses bad input before running anything', () => {
  const cases: Array<[string, Record<string, string>, string | RegExp]> = [
    [
      'an uppercase image',
      { image: 'ghcr.io/Octo/app' },
      /^Input 'image': 'ghcr.io\/Octo\/app' is not a valid image reference: repository component 'Octo' must be lowercase/,
    ],
    [
      'an image with a tag',
      { image: 'ghcr.io/octo/app:v1' },
      "Input 'image': 'ghcr.io/octo/app:v1' must be a repository without a tag or digest, e.g. 'ghcr.io/octo/app'",
    ],
    [
      'an unknown builder',
      { builder: 'kaniko' },
      "Input 'builder': expected one of docker, buildah, acr, got 'kaniko'",
    ],
    [
      'a missing context',
      { context: 'nope' },
      "Input 'context': 'nope' is not a folder (paths are relative to the workspace)",
    ],
    [
      'a context without a Dockerfile',
      { context: '.' },
      "Input 'file': no Dockerfile or Containerfile in the context '.': give its path",
    ],
    [
      'a missing file',
      { file: 'app/Dockerfile.missing' },
      "Input 'file': 'app/Dockerfile.missing' is not a file (paths are relative to the workspace)",
    ],
    [
      'an invalid tag',
      { tags: 'latest\n-bad' },
      /^Input 'tags': '-bad' is not a valid tag: a tag is 1 to 128 characters/,
    ],
    [
      'a tag of another repository',
      { tags: 'docker.io/octo/app:main' },
      /^Input 'tags': 'docker.io\/octo\/app:main' names repository docker.io\/octo\/app, not ghcr.io\/octo-org\/app/,
    ],
    [
      'a bad sha-length',
      { 'sha-length': '3' },
      "Input 'sha-length': expected a whole number from 4 to 40, got '3'",
    ],
    [
      'a bad environments line',
      { environments: 'main' },
      "Input 'environments': expected branch=prefix lines (e.g. main=dev), got 'main'",
    ],
    [
      'a bad label',
      { labels: 'novalue' },
      "Input 'labels': expected key=value lines (e.g. team=payments), got 'novalue'",
    ],
    [
      'a bad build arg',
      { 'build-args': 'NOVALUE' },
      "Input 'build-args': expected NAME=value lines, got 'NOVALUE'",
    ],
    [
      'a bad platform',
      { platforms: 'amd64' },
      "Input 'platforms': expected os/arch[/variant] like linux/arm64, got 'amd64'",
    ],
    [
      'several platforms for acr',
      { builder: 'acr', image: 'contoso.azurecr.io/app', platforms: 'linux/amd64,linux/arm64' },
      "Input 'platforms': the acr builder (az acr build) builds one platform per run",
    ],
    [
      'acr without a registry name',
      { builder: 'acr' },
      "Input 'acr-name': the acr builder needs the registry's name: 'ghcr.io' is not *.azurecr.io, so give it",
    ],
    [
      'a user name without a password',
      { 'registry-username': 'octocat' },
      "Input 'registry-password': registry-username and registry-password go together: give both or neither",
    ],
    [
      'an http authority host',
      { 'azure-authority-host': 'http://login.example.com' },
      "Input 'azure-authority-host': 'http://login.example.com' must be an https URL",
    ],
    ['a bad push flag', { push: 'maybe' }, "Input 'push': expected true or false, got 'maybe'"],
  ];
  for (const [name, inputs, expected] of cases) {
    it(name, async (t) => {
      const docker = await standIn(t, 'docker', recordOnly);
      const az = await standIn(t, 'az', recordOnly);
      const push = pushTo('main');
      const run = await runWith(`${docker.bin}:${az.bin}`, {
        workspace: await workspace(t),
        ...push,
        inputs: { image: 'ghcr.io/octo-org/app', context: 'app', ...inputs },
      });
      assert.equal(run.exitCode, 1);
      assert.equal(run.errors.length, 1, run.stdout);
      if (typeof expected === 'string') assert.equal(run.errors[0], expected);
      else assert.match(run.errors[0]!, expected);
      assert.deepEqual(await docker.calls(), []);
      assert.deepEqual(await az.calls(), []);
      assert.deepEqual(run.outputs, {});
      assert.doesNotMatch(run.stdout, /\n\s+at /, 'no stack trace');
    });
  }

  it('a registry-password in a refused run is masked and shown nowhere', async (t) => {
    const push = pushTo('main');
    const secret = 'p@ss-w0rd-that-must-not-leak';
    const run = await runWith(undefined, {
      workspace: await workspace(t),
      ...push,
      inputs: {
        image: 'ghcr.io/octo-org/app:bad',
        context: 'app',
        'registry-username': 'u',
        'registry-password': secret,
      },
    });
    assert.equal(run.exitCode, 1);
    assert.deepEqual(run.masks.slice(0, 1), [secret], 'masked before anything else is printed');
    assert.ok(!visibleText(run).includes(secret));
  });
});

describe('build-image credentials', () => {
  it('OIDC without the id-token permission is a clear mistake, before the builder runs', async (t) => {
    const docker = await standIn(t, 'docker', recordOnly);
    const push = pushTo('main');
    const run = await runWith(docker.bin, {
      workspace: await workspace(t),
      ...push,
      inputs: {
        image: 'contoso.azurecr.io/team/app',
        context: 'app',
        'azure-client-id': 'c0ffee00-0000-4000-8000-0000000b0d1e',
        'azure-tenant-id': '72f988bf-0000-4000-8000-2d7cd011db47',
      },
    });
    assert.equal(run.exitCode, 1);
    assert.match(
      run.errors[0]!,
      /could not get the GitHub OIDC token .*: give the job permissions: id-token: write/,
    );
    assert.deepEqual(await docker.calls(), []);
  });
});

describe('build-image plans from the event', () => {
  it('refuses a tag push: releases are promoted, not rebuilt', async (t) => {
    const docker = await standIn(t, 'docker', recordOnly);
    const run = await runWith(docker.bin, {
      workspace: await workspace(t),
      eventName: 'push',
      event: { ref: 'refs/tags/v1.2.3', after: SHA },
      env: { GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_SHA: SHA },
      inputs: { image: 'ghcr.io/octo-org/app', context: 'app' },
    });
    assert.equal(run.exitCode, 1);
    assert.equal(
      run.errors[0],
      "this run is for tag 'v1.2.3': releases are promoted, not rebuilt. Use promote-image (to: release) to copy the tested image of this commit to the release version.",
    );
    assert.deepEqual(await docker.calls(), []);
  });

  it('a dry run sets tags, version and metadata without building or contacting a registry', async (t) => {
    const docker = await standIn(t, 'docker', recordOnly);
    const push = pushTo('feature/Login page');
    const run = await runWith(docker.bin, {
      workspace: await workspace(t),
      ...push,
      // A registry on a port nothing listens on: any contact would fail the run.
      inputs: {
        image: '127.0.0.1:9/team/app',
        context: 'app',
        'dry-run': true,
        'sha-length': 10,
        tags: 'latest',
        'registry-username': 'u',
        'registry-password': 'p4ssword',
      },
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.deepEqual(await docker.calls(), []);
    assert.equal(run.outputs.version, 'feature-Login-page-1a2b3c4d5e');
    assert.equal(
      run.outputs.tags,
      '127.0.0.1:9/team/app:feature-Login-page-1a2b3c4d5e\n127.0.0.1:9/team/app:latest',
    );
    assert.equal(run.outputs.digest, '');
    assert.equal(run.outputs['image-ref'], '');
    const metadata = JSON.parse(run.outputs.metadata!) as Record<string, unknown>;
    assert.equal(metadata.dryRun, true);
    assert.equal(metadata.pushed, false);
    assert.equal(metadata.revision, SHA);
    assert.equal(
      (metadata.labels as Record<string, string>)['org.opencontainers.image.version'],
      'feature-Login-page-1a2b3c4d5e',
    );
    assert.match(run.summary, /dry run: planned, nothing built/);
    assert.doesNotMatch(run.stdout, /credentials from|anonymous/, 'no credentials were resolved');
  });
});
