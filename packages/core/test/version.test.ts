import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigurationError, parseReleaseVersion, readGitHubContext, releaseVersion } from '../src/index.ts';

test('versions: v dropped, pre-releases kept', () => {
  assert.equal(parseReleaseVersion('v1.2.3').version, '1.2.3');
  assert.equal(parseReleaseVersion('1.2.3').version, '1.2.3');
  assert.deepEqual(parseReleaseVersion('v2.0.0-rc.1').prerelease, ['rc', 1]);
});

test('build metadata and non-semver are refused with what to do', () => {
  assert.throws(
    () => parseReleaseVersion('v1.2.3+build.5'),
    (error: Error) => {
      assert.ok(error instanceof ConfigurationError);
      assert.match(error.message, /build metadata '\+build\.5'/);
      return true;
    },
  );
  for (const bad of ['1.2', 'v1', 'latest', '01.2.3', '1.2.3.4', '']) {
    assert.throws(() => parseReleaseVersion(bad), /is not a semantic version/, bad);
  }
});

test('the release version comes from the version input, else the pushed v* tag', () => {
  const context = (ref: string) =>
    readGitHubContext({ GITHUB_REF: ref, GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'a'.repeat(40) }, () => ({}));
  assert.equal(releaseVersion(context('refs/tags/v1.4.0'), undefined).version, '1.4.0');
  assert.equal(releaseVersion(context('refs/heads/main'), '3.0.1').version, '3.0.1');
  assert.throws(
    () => releaseVersion(context('refs/heads/main'), undefined),
    /needs a version.*refs\/heads\/main/,
  );
  assert.throws(() => releaseVersion(context('refs/tags/nightly'), undefined), /needs a version/);
});
