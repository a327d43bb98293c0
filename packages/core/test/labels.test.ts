import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImageReference, imageMetadata, OCI, parseLabels, readGitHubContext } from '@digestflow/core';

const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const now = new Date('2026-11-25T08:30:00.123Z');
const image = ImageReference.parseRepository('myacr.azurecr.io/team/orders-api');

function pushContext(payload: unknown, env: Record<string, string> = {}) {
  return readGitHubContext(
    {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SHA: SHA,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'octo-org/orders',
      ...env,
    },
    () => payload,
  );
}

describe('parseLabels', () => {
  const cases: Array<[string[], Array<[string, string]>]> = [
    [['team=payments'], [['team', 'payments']]],
    [['a=b=c'], [['a', 'b=c']]],
    [['empty='], [['empty', '']]],
    [[' spaced.key = a value '], [['spaced.key', 'a value']]],
    [['k=1', 'k=2'], [['k', '2']]],
    [['com.example.desc=Orders, payments and more'], [['com.example.desc', 'Orders, payments and more']]],
  ];
  for (const [lines, expected] of cases) {
    it(JSON.stringify(lines), () => assert.deepEqual([...parseLabels(lines)], expected));
  }
  for (const bad of ['novalue', '=value', 'two words=x']) {
    it(`refuses '${bad}'`, () =>
      assert.throws(() => parseLabels([bad]), new RegExp(`expected key=value lines .*got '${bad}'`)));
  }
});

describe('imageMetadata', () => {
  it('sets the OCI keys from the commit, with the commit time as created', () => {
    const metadata = imageMetadata({
      image,
      context: pushContext({ head_commit: { timestamp: '2026-11-24T10:00:00-05:00' } }),
      sha: SHA,
      version: 'dev-1a2b3c4',
      now,
    });
    const expected = {
      [OCI.revision]: SHA,
      [OCI.source]: 'https://github.com/octo-org/orders',
      [OCI.created]: '2026-11-24T15:00:00Z',
      [OCI.version]: 'dev-1a2b3c4',
      [OCI.title]: 'orders-api',
    };
    assert.deepEqual(metadata.labels, expected);
    assert.deepEqual(metadata.annotations, expected);
  });

  it('uses the build time without a commit time, and leaves out source without a repository', () => {
    const context = readGitHubContext({ GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main' }, () => ({}));
    const metadata = imageMetadata({ image, context, sha: SHA, version: 'dev-1a2b3c4', now });
    assert.equal(metadata.labels[OCI.created], '2026-11-25T08:30:00Z');
    assert.equal(metadata.labels[OCI.source], undefined);
  });

  it('merges user labels on top; an overridden OCI key changes the annotation too', () => {
    const metadata = imageMetadata({
      image,
      context: pushContext({}),
      sha: SHA,
      version: 'dev-1a2b3c4',
      now,
      labels: parseLabels(['team=payments', `${OCI.title}=Orders API`]),
    });
    assert.equal(metadata.labels.team, 'payments');
    assert.equal(metadata.labels[OCI.title], 'Orders API');
    assert.equal(metadata.annotations[OCI.title], 'Orders API');
    assert.equal(metadata.annotations.team, undefined, 'user labels are not annotations');
  });

  it('takes the title from a Docker Hub official image', () =>
    assert.equal(
      imageMetadata({
        image: ImageReference.parse('nginx'),
        context: pushContext({}),
        sha: SHA,
        version: 'v',
        now,
      }).labels[OCI.title],
      'nginx',
    ));
});
