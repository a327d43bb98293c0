import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  ConfigurationError,
  type GitHubContext,
  parseShaLength,
  readEventFile,
  readGitHubContext,
  requireSha,
  shortSha,
} from '@digestflow/core';

const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const HEAD = 'feedfacecafebeef0011223344556677889900aa';
const MERGE = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';

const base = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'octo-org/octo-app',
  GITHUB_RUN_ID: '4242',
  GITHUB_EVENT_PATH: '/event.json',
};

function contextOf(env: Record<string, string>, payload: unknown = {}): GitHubContext {
  return readGitHubContext({ ...base, ...env }, (path) => {
    assert.equal(path, '/event.json');
    return payload;
  });
}

const pr = (number: number) => ({
  number,
  pull_request: { number, head: { sha: HEAD, ref: 'feature/x' }, base: { sha: SHA, ref: 'main' } },
});

describe('readGitHubContext: every event kind', () => {
  const cases: Array<{
    name: string;
    env: Record<string, string>;
    payload?: unknown;
    expect: Partial<GitHubContext>;
  }> = [
    {
      name: 'push to a branch, with the commit time from head_commit',
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: SHA },
      payload: { after: SHA, head_commit: { id: SHA, timestamp: '2026-11-25T09:15:00+01:00' } },
      expect: {
        refKind: 'branch',
        branch: 'main',
        tag: undefined,
        sha: SHA,
        commitTimestamp: '2026-11-25T08:15:00Z',
      },
    },
    {
      name: 'push to a branch with slashes',
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/feature/Login_Page', GITHUB_SHA: SHA },
      expect: { refKind: 'branch', branch: 'feature/Login_Page', sha: SHA, commitTimestamp: undefined },
    },
    {
      name: 'push without GITHUB_SHA takes the payload after',
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' },
      payload: { after: SHA.toUpperCase() },
      expect: { sha: SHA },
    },
    {
      name: 'push of a deleted branch has no commit',
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/gone' },
      payload: { after: '0'.repeat(40), deleted: true },
      expect: { sha: undefined },
    },
    {
      name: 'push of a tag',
      env: { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_SHA: SHA },
      expect: { refKind: 'tag', tag: 'v1.2.3', branch: undefined, sha: SHA },
    },
    {
      name: 'pull_request uses the head sha, not the merge sha',
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/17/merge', GITHUB_SHA: MERGE },
      payload: pr(17),
      expect: {
        refKind: 'pull_request',
        sha: HEAD,
        branch: 'feature/x',
        pullRequest: { number: 17, headSha: HEAD, headRef: 'feature/x', baseRef: 'main' },
      },
    },
    {
      name: 'pull_request_target uses the head sha, not the base branch',
      env: { GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: SHA },
      payload: pr(3),
      expect: {
        refKind: 'pull_request',
        sha: HEAD,
        pullRequest: { number: 3, headSha: HEAD, headRef: 'feature/x', baseRef: 'main' },
      },
    },
    {
      name: 'workflow_dispatch on a branch',
      env: { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/staging', GITHUB_SHA: SHA },
      payload: { ref: 'refs/heads/staging', inputs: {} },
      expect: { refKind: 'branch', branch: 'staging', sha: SHA },
    },
    {
      name: 'workflow_dispatch on a tag',
      env: { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/tags/v2.0.0', GITHUB_SHA: SHA },
      expect: { refKind: 'tag', tag: 'v2.0.0' },
    },
    {
      name: 'schedule runs on the default branch',
      env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main', GITHUB_SHA: SHA },
      payload: { schedule: '0 3 * * *' },
      expect: { refKind: 'branch', branch: 'main', sha: SHA, commitTimestamp: undefined },
    },
    {
      name: 'merge_group takes the queue branch, head sha and commit time',
      env: {
        GITHUB_EVENT_NAME: 'merge_group',
        GITHUB_REF: 'refs/heads/gh-readonly-queue/main/pr-17-abc',
      },
      payload: {
        merge_group: {
          head_sha: SHA,
          head_ref: 'refs/heads/gh-readonly-queue/main/pr-17-abc',
          base_ref: 'refs/heads/main',
          head_commit: { timestamp: '2026-11-24T23:59:59Z' },
        },
      },
      expect: {
        refKind: 'branch',
        branch: 'gh-readonly-queue/main/pr-17-abc',
        sha: SHA,
        commitTimestamp: '2026-11-24T23:59:59Z',
      },
    },
    {
      name: 'release is about its tag',
      env: { GITHUB_EVENT_NAME: 'release', GITHUB_REF: 'refs/tags/v1.0.0', GITHUB_SHA: SHA },
      payload: { action: 'published', release: { tag_name: 'v1.0.0' } },
      expect: { refKind: 'tag', tag: 'v1.0.0', sha: SHA },
    },
    {
      name: 'release without GITHUB_REF takes the payload tag',
      env: { GITHUB_EVENT_NAME: 'release', GITHUB_SHA: SHA },
      payload: { release: { tag_name: 'v1.0.1' } },
      expect: { refKind: 'tag', tag: 'v1.0.1', ref: undefined },
    },
    {
      name: 'another event with no ref',
      env: { GITHUB_EVENT_NAME: 'repository_dispatch', GITHUB_SHA: SHA },
      expect: { refKind: 'other', branch: undefined, tag: undefined, sha: SHA },
    },
  ];
  for (const { name, env, payload, expect } of cases) {
    it(name, () => {
      const context = contextOf(env, payload);
      for (const [key, value] of Object.entries(expect)) {
        assert.deepEqual(context[key as keyof GitHubContext], value, key);
      }
    });
  }

  it('derives the repository and run URLs, trimming a trailing slash of an Enterprise server', () => {
    const context = contextOf({ GITHUB_SERVER_URL: 'https://ghe.example.com/', GITHUB_EVENT_NAME: 'push' });
    assert.equal(context.serverUrl, 'https://ghe.example.com');
    assert.equal(context.repositoryUrl, 'https://ghe.example.com/octo-org/octo-app');
    assert.equal(context.runUrl, 'https://ghe.example.com/octo-org/octo-app/actions/runs/4242');
  });

  it('leaves URLs undefined without a repository', () => {
    const context = readGitHubContext({}, () => ({}));
    assert.equal(context.eventName, 'unknown');
    assert.equal(context.repositoryUrl, undefined);
    assert.equal(context.runUrl, undefined);
    assert.equal(context.serverUrl, 'https://github.com');
  });

  it('refuses a malformed GITHUB_SHA', () =>
    assert.throws(() => contextOf({ GITHUB_SHA: 'main' }), /GITHUB_SHA 'main' is not a commit sha/));

  it('refuses a pull_request payload without a head sha', () =>
    assert.throws(
      () => contextOf({ GITHUB_EVENT_NAME: 'pull_request' }, { pull_request: { number: 1, head: {} } }),
      /no PR number or head sha/,
    ));

  it('requireSha names the event when there is no sha', () => {
    assert.throws(
      () => requireSha(contextOf({ GITHUB_EVENT_NAME: 'schedule' })),
      (error: unknown) => {
        assert.ok(error instanceof ConfigurationError);
        assert.match(error.message, /'schedule' event: GITHUB_SHA is not set/);
        return true;
      },
    );
  });
});

describe('readEventFile', () => {
  it('reads the JSON payload, and gives {} without a path', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'event-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'event.json');
    await writeFile(file, JSON.stringify({ after: SHA }));
    assert.deepEqual(readEventFile(file), { after: SHA });
    assert.deepEqual(readEventFile(undefined), {});
    assert.throws(() => readEventFile(join(dir, 'missing.json')), /cannot read the event payload/);
  });
});

describe('shortSha and parseShaLength', () => {
  it('cuts to the length', () => {
    assert.equal(shortSha(SHA), '1a2b3c4');
    assert.equal(shortSha(SHA, 12), '1a2b3c4d5e6f');
    assert.equal(shortSha(SHA, 40), SHA);
  });
  for (const bad of ['', '3', '41', '7.5', 'seven', '-7']) {
    it(`refuses length '${bad}'`, () =>
      assert.throws(() => parseShaLength(bad), /whole number from 4 to 40/));
  }
  it('accepts a padded number', () => assert.equal(parseShaLength(' 8 '), 8));
});
