import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { getOctokit } from '@actions/github';
import { startGitHttpServer, startGitHubApi } from '@digestflow/testkit';

const exec = promisify(execFile);

const TOKEN = 'ghs_githubapidoubletoken0000000000000000';

async function api(t: { after: (fn: () => Promise<void>) => void }, branches = ['main', 'feature']) {
  const server = await startGitHubApi({
    token: TOKEN,
    repositories: { 'octo-org/config': 'main' },
    branchSha: async (_repository, branch) => (branches.includes(branch) ? 'a'.repeat(40) : undefined),
  });
  t.after(() => server.stop());
  return { server, octokit: getOctokit(TOKEN, { baseUrl: server.url }) };
}

describe('GitHub REST double, driven by @actions/github Octokit', () => {
  it('creates, lists by head and base, gets and updates a pull request', async (t) => {
    const { server, octokit } = await api(t);
    const repo = { owner: 'octo-org', repo: 'config' };

    const { data: none } = await octokit.rest.pulls.list({
      ...repo,
      head: 'octo-org:feature',
      state: 'open',
    });
    assert.deepEqual(none, []);

    const created = await octokit.rest.pulls.create({
      ...repo,
      head: 'feature',
      base: 'main',
      title: 'One',
      body: 'b',
    });
    assert.equal(created.status, 201);
    assert.equal(created.data.number, 1);
    assert.equal(created.data.html_url, 'https://github.com/octo-org/config/pull/1');
    assert.equal(created.data.head.ref, 'feature');
    assert.equal(created.data.head.label, 'octo-org:feature');
    assert.equal(created.data.base.ref, 'main');
    assert.equal(created.data.state, 'open');

    const { data: listed } = await octokit.rest.pulls.list({
      ...repo,
      head: 'octo-org:feature',
      base: 'main',
      state: 'open',
    });
    assert.deepEqual(
      listed.map((pr) => pr.number),
      [1],
    );
    const { data: otherHead } = await octokit.rest.pulls.list({ ...repo, head: 'octo-org:other' });
    assert.deepEqual(otherHead, []);
    const { data: otherBase } = await octokit.rest.pulls.list({ ...repo, base: 'release' });
    assert.deepEqual(otherBase, []);

    const { data: updated } = await octokit.rest.pulls.update({ ...repo, pull_number: 1, title: 'Two' });
    assert.equal(updated.title, 'Two');
    assert.equal(updated.body, 'b');
    const { data: got } = await octokit.rest.pulls.get({ ...repo, pull_number: 1 });
    assert.equal(got.title, 'Two');

    await octokit.rest.pulls.update({ ...repo, pull_number: 1, state: 'closed' });
    const { data: open } = await octokit.rest.pulls.list({ ...repo, state: 'open' });
    assert.deepEqual(open, []);
    const { data: closed } = await octokit.rest.pulls.list({ ...repo, state: 'closed' });
    assert.deepEqual(
      closed.map((pr) => pr.number),
      [1],
    );

    const { data: repository } = await octokit.rest.repos.get(repo);
    assert.equal(repository.default_branch, 'main');
    assert.ok(server.requests.every((request) => request.authorization === `token ${TOKEN}`));
    assert.deepEqual(server.requests.find((r) => r.method === 'POST')?.body, {
      head: 'feature',
      base: 'main',
      title: 'One',
      body: 'b',
    });
  });

  it("answers GitHub's errors: bad credentials, unknown pull, missing head, a second PR for one head", async (t) => {
    const { server, octokit } = await api(t);
    const repo = { owner: 'octo-org', repo: 'config' };
    const status = async (promise: Promise<unknown>) =>
      await promise.then(
        () => 0,
        (error: { status: number; message: string }) => `${error.status} ${error.message.split(' - ')[0]}`,
      );

    const stranger = getOctokit('ghs_wrong', { baseUrl: server.url });
    assert.equal(await status(stranger.rest.pulls.list(repo)), '401 Bad credentials');
    assert.equal(await status(octokit.rest.pulls.get({ ...repo, pull_number: 9 })), '404 Not Found');
    assert.equal(await status(octokit.rest.repos.get({ owner: 'octo-org', repo: 'nope' })), '404 Not Found');
    assert.equal(
      await status(octokit.rest.pulls.create({ ...repo, head: 'ghost', base: 'main', title: 't' })),
      '422 Validation Failed: {"resource":"PullRequest","field":"head","code":"invalid"}',
    );
    await octokit.rest.pulls.create({ ...repo, head: 'feature', base: 'main', title: 't' });
    const second = await octokit.rest.pulls
      .create({ ...repo, head: 'feature', base: 'main', title: 't' })
      .catch((e) => e);
    assert.equal(second.status, 422);
    assert.match(JSON.stringify(second.response.data), /A pull request already exists for octo-org:feature/);
  });
});

describe('git smart HTTP with GitHub token authentication', () => {
  it('serves clone and push to the token, and 401 to anyone else', async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'git-http-'));
    t.after(() => rm(root, { recursive: true, force: true }));
    await mkdir(join(root, 'octo-org'));
    await exec('git', [
      'init',
      '--quiet',
      '--bare',
      '--initial-branch=main',
      join(root, 'octo-org', 'config.git'),
    ]);
    const server = await startGitHttpServer({ root, token: TOKEN });
    t.after(() => server.stop());
    const url = `${server.url}/octo-org/config.git`;
    const git = (token: string, ...args: string[]) => {
      const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
      return exec('git', ['-c', `http.extraheader=${header}`, ...args], {
        cwd: root,
        env: { PATH: process.env.PATH, HOME: root, GIT_TERMINAL_PROMPT: '0' },
      });
    };
    await git(TOKEN, 'clone', '--quiet', url, 'work');
    const work = join(root, 'work');
    await exec(
      'git',
      ['-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '--quiet', '--allow-empty', '-m', 'one'],
      {
        cwd: work,
      },
    );
    await git(TOKEN, '-C', work, 'push', '--quiet', 'origin', 'HEAD:main');
    const { stdout } = await git(TOKEN, 'ls-remote', url, 'refs/heads/main');
    assert.match(stdout, /^[0-9a-f]{40}\trefs\/heads\/main$/m);
    await assert.rejects(
      git('ghs_wrong', 'ls-remote', url),
      /terminal prompts disabled|Authentication failed/,
    );
    assert.ok(
      server.requests.some((request) => request.url.includes('git-receive-pack') && request.authorized),
    );
    assert.ok(server.requests.some((request) => !request.authorized));
  });
});
