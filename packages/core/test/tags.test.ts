import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_ENVIRONMENTS,
  type GitHubContext,
  ImageReference,
  isTag,
  MAX_TAG_LENGTH,
  parseEnvironments,
  parseExplicitTag,
  planTags,
  readGitHubContext,
  sanitizedTag,
} from '@digestflow/core';

const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const HEAD = 'feedfacecafebeef0011223344556677889900aa';
const image = ImageReference.parseRepository('ghcr.io/octo-org/app');

function context(env: Record<string, string>, payload: unknown = {}): GitHubContext {
  return readGitHubContext({ GITHUB_REPOSITORY: 'octo-org/app', GITHUB_SHA: SHA, ...env }, () => payload);
}
const push = (ref: string) => context({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: ref });

describe('sanitizedTag', () => {
  const cases: Array<[string, string]> = [
    ['feature/login', 'feature-login-1a2b3c4'],
    ['Feature/Login_Page', 'Feature-Login_Page-1a2b3c4'],
    ['fix//double  space', 'fix-double-space-1a2b3c4'],
    ['release/1.2', 'release-1.2-1a2b3c4'],
    ['.hidden', 'hidden-1a2b3c4'],
    ['--dashes', 'dashes-1a2b3c4'],
    ['-/.x', 'x-1a2b3c4'],
    ['trailing/', 'trailing-1a2b3c4'],
    ['fünf/äpfel', 'f-nf-pfel-1a2b3c4'],
    ['日本語', 'branch-1a2b3c4'],
    ['dependabot/npm_and_yarn/@types/node-24.1.0', 'dependabot-npm_and_yarn-types-node-24.1.0-1a2b3c4'],
  ];
  for (const [branch, expected] of cases) {
    it(`'${branch}' -> '${expected}'`, () => {
      const tag = sanitizedTag(branch, '1a2b3c4');
      assert.equal(tag, expected);
      assert.ok(isTag(tag));
    });
  }

  it('cuts a long branch to 128 characters keeping -<sha7>', () => {
    const tag = sanitizedTag(`feature/${'x'.repeat(300)}`, '1a2b3c4');
    assert.equal(tag.length, MAX_TAG_LENGTH);
    assert.ok(tag.endsWith('-1a2b3c4'));
    assert.ok(tag.startsWith('feature-xxx'));
    assert.ok(isTag(tag));
  });

  it('does not leave a separator dangling where the cut falls', () => {
    const branch = `${'a'.repeat(119)}/b`; // the cut falls right after the '/'
    const tag = sanitizedTag(branch, '1a2b3c4');
    assert.equal(tag, `${'a'.repeat(119)}-1a2b3c4`);
  });

  it('keeps a full 40-character sha suffix within the limit', () => {
    const tag = sanitizedTag('y'.repeat(200), SHA);
    assert.equal(tag.length, 128);
    assert.ok(tag.endsWith(`-${SHA}`));
  });
});

describe('parseEnvironments', () => {
  it('reads branch=prefix lines', () =>
    assert.deepEqual(
      parseEnvironments(['main=dev', ' staging = staging ', 'release/2.x=rc']),
      new Map([
        ['main', 'dev'],
        ['staging', 'staging'],
        ['release/2.x', 'rc'],
      ]),
    ));
  it('default is main=dev and staging=staging', () =>
    assert.deepEqual(
      [...DEFAULT_ENVIRONMENTS],
      [
        ['main', 'dev'],
        ['staging', 'staging'],
      ],
    ));
  const bad: Array<[string[], RegExp]> = [
    [['main'], /expected branch=prefix lines \(e.g. main=dev\), got 'main'/],
    [['=dev'], /got '=dev'/],
    [['main='], /got 'main='/],
    [['main=-dev'], /prefix '-dev' of branch 'main' must be/],
    [['main=dev/x'], /prefix 'dev\/x'/],
    [[`main=${'p'.repeat(88)}`], /must be one word of up to 87/],
    [
      ['main=dev-eu'],
      /prefix 'dev-eu' of branch 'main' must be one word of up to 87 letters, digits and '_'/,
    ],
    [['main=dev', 'main=prod'], /branch 'main' is mapped twice/],
  ];
  for (const [lines, why] of bad) {
    it(`refuses ${JSON.stringify(lines).slice(0, 40)}`, () =>
      assert.throws(() => parseEnvironments(lines), why));
  }
});

describe('parseExplicitTag', () => {
  const cases: Array<[string, string]> = [
    ['latest', 'latest'],
    ['v1.2.3', 'v1.2.3'],
    ['ghcr.io/octo-org/app:main', 'main'],
    ['GHCR.IO/octo-org/app:pr-7', 'pr-7'],
  ];
  for (const [value, tag] of cases)
    it(`'${value}' -> '${tag}'`, () => assert.equal(parseExplicitTag(value, image), tag));

  it('refuses another repository, pointing to promote-image', () =>
    assert.throws(
      () => parseExplicitTag('docker.io/octo/app:main', image),
      /'docker.io\/octo\/app:main' names repository docker.io\/octo\/app, not ghcr.io\/octo-org\/app: .*promote-image/,
    ));
  it('refuses a reference without a tag, or with a digest', () => {
    assert.throws(
      () => parseExplicitTag('ghcr.io/octo-org/app', image),
      /must be a tag or a reference with a tag/,
    );
    assert.throws(
      () => parseExplicitTag(`ghcr.io/octo-org/app:v1@sha256:${'a'.repeat(64)}`, image),
      /with a tag and no digest/,
    );
  });
  it('refuses an invalid tag, quoting it', () =>
    assert.throws(() => parseExplicitTag('.bad', image), /'\.bad' is not a valid tag/));
});

describe('planTags for every event kind', () => {
  const pr = (event: string, ref: string) =>
    context(
      { GITHUB_EVENT_NAME: event, GITHUB_REF: ref },
      {
        number: 17,
        pull_request: { number: 17, head: { sha: HEAD, ref: 'feature/x' }, base: { ref: 'main' } },
      },
    );
  const cases: Array<[string, GitHubContext, string]> = [
    ['push to main', push('refs/heads/main'), 'dev-1a2b3c4'],
    ['push to staging', push('refs/heads/staging'), 'staging-1a2b3c4'],
    ['push to a feature branch', push('refs/heads/feature/Login'), 'feature-Login-1a2b3c4'],
    ['pull_request (head sha)', pr('pull_request', 'refs/pull/17/merge'), 'pr-17-feedfac'],
    ['pull_request_target (head sha)', pr('pull_request_target', 'refs/heads/main'), 'pr-17-feedfac'],
    [
      'workflow_dispatch on main',
      context({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main' }),
      'dev-1a2b3c4',
    ],
    ['schedule', context({ GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main' }), 'dev-1a2b3c4'],
    [
      'merge_group',
      context({
        GITHUB_EVENT_NAME: 'merge_group',
        GITHUB_REF: 'refs/heads/gh-readonly-queue/main/pr-17-feedface',
      }),
      'gh-readonly-queue-main-pr-17-feedface-1a2b3c4',
    ],
  ];
  for (const [name, ctx, version] of cases) {
    it(`${name} -> ${version}`, () => {
      const plan = planTags({ image, context: ctx });
      assert.equal(plan.version, version);
      assert.deepEqual(plan.tags, [version]);
      assert.deepEqual(plan.references.map(String), [`ghcr.io/octo-org/app:${version}`]);
    });
  }

  for (const [name, ctx] of [
    ['push of a tag', push('refs/tags/v1.2.3')],
    ['release', context({ GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/v1.2.3' })],
  ] as const) {
    it(`${name} is refused: releases are promoted`, () =>
      assert.throws(
        () => planTags({ image, context: ctx }),
        /tag 'v1.2.3': releases are promoted, not rebuilt. Use promote-image/,
      ));
  }

  it('an event without a branch is refused', () =>
    assert.throws(
      () => planTags({ image, context: context({ GITHUB_EVENT_NAME: 'repository_dispatch' }) }),
      /'repository_dispatch' event has no branch or pull request/,
    ));

  it('custom environments, sha length, and explicit tags (deduplicated, version first)', () => {
    const plan = planTags({
      image,
      context: push('refs/heads/main'),
      environments: parseEnvironments(['main=edge']),
      shaLength: 10,
      extraTags: ['latest', 'ghcr.io/octo-org/app:main', 'edge-1a2b3c4d5e', 'latest'],
    });
    assert.equal(plan.version, 'edge-1a2b3c4d5e');
    assert.deepEqual(plan.tags, ['edge-1a2b3c4d5e', 'latest', 'main']);
    assert.equal(plan.sha, SHA);
  });

  it('needs a commit sha', () =>
    assert.throws(
      () =>
        planTags({
          image,
          context: readGitHubContext(
            { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' },
            () => ({}),
          ),
        }),
      /GITHUB_SHA is not set/,
    ));
});
