// Pull-request mode against the GitHub REST double (pulls endpoints) and a bare remote;
// and the token's way over HTTP, against the real `git http-backend` with GitHub's auth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startGitHttpServer, startGitHubApi } from '@digestflow/testkit';
import { ConfigRepository, DIGEST_A, DIGEST_B, git, TOKEN } from './fixture.ts';

const values = `# production values
image:
  repository: ghcr.io/acme/web
  tag: "1.0.0"
  digest: ""
`;
const files = { 'charts/web/values-production.yaml': values, 'README.md': '# config\n' };

describe('update-gitops in pull-request mode', () => {
  it('pushes a branch and opens a pull request; later runs update the same one', async (t) => {
    const repo = await ConfigRepository.create(t, files);
    const api = await startGitHubApi({
      token: TOKEN,
      repositories: { 'octo-org/config': 'main' },
      branchSha: async (_repository, branch) => await repo.tip(branch),
    });
    t.after(() => api.stop());
    const main = await repo.tip();
    const run = (digest: string) =>
      repo.run(
        {
          path: 'charts/web/values-production.yaml',
          images: `ghcr.io/acme/web:1.1.0@${digest}`,
          'values-path': 'image.tag\nimage.digest',
          mode: 'pull-request',
        },
        { env: { GITHUB_API_URL: api.url } },
      );

    const first = await run(DIGEST_A);
    assert.equal(first.exitCode, 0, first.stdout + first.stderr);
    assert.equal(first.outputs.changed, 'true');
    assert.equal(first.outputs['pull-request-url'], 'https://github.com/octo-org/config/pull/1');
    assert.equal(await repo.tip(), main, 'the base branch is untouched');
    assert.equal(api.pulls.length, 1);
    const pr = api.pulls[0]!;
    assert.match(pr.head, /^update-gitops\/main\/charts-web-values-production\.yaml-[0-9a-f]{8}$/);
    assert.equal(pr.base, 'main');
    assert.equal(pr.title, `Deploy ghcr.io/acme/web:1.1.0@${DIGEST_A.slice(0, 19)}`);
    assert.match(
      pr.body ?? '',
      /\| `charts\/web\/values-production\.yaml:4` \| `image\.tag` \| `1\.0\.0` \| `1\.1\.0` \|/,
    );
    assert.equal(first.outputs.commit, await repo.tip(pr.head));
    assert.equal(
      await repo.read('charts/web/values-production.yaml', pr.head),
      values.replace('"1.0.0"', '"1.1.0"').replace('digest: ""', `digest: "${DIGEST_A}"`),
    );
    assert.match(first.stdout, /Opened pull request #1/);

    const second = await run(DIGEST_B);
    assert.equal(second.exitCode, 0, second.stdout + second.stderr);
    assert.equal(second.outputs['pull-request-url'], 'https://github.com/octo-org/config/pull/1');
    assert.match(second.stdout, /Updated pull request #1/);
    assert.equal(api.pulls.length, 1, 'no second pull request');
    assert.equal(pr.title, `Deploy ghcr.io/acme/web:1.1.0@${DIGEST_B.slice(0, 19)}`);
    assert.match(
      await repo.read('charts/web/values-production.yaml', pr.head),
      new RegExp(`digest: "${DIGEST_B}"`),
    );
    assert.equal(
      await git(repo.remote, 'rev-list', '--count', `main..${pr.head}`),
      '1',
      'one commit on the base',
    );

    const tip = await repo.tip(pr.head);
    const third = await run(DIGEST_B);
    assert.equal(third.exitCode, 0, third.stdout);
    assert.deepEqual([third.outputs.changed, third.outputs.commit], ['false', tip]);
    assert.equal(await repo.tip(pr.head), tip, 'the branch is not pushed again');
    assert.ok(api.requests.every((request) => request.authorization === `token ${TOKEN}`));
  });

  it('needs a token to open the pull request', async (t) => {
    const repo = await ConfigRepository.create(t, files);
    const run = await repo.run({
      path: 'charts',
      images: `ghcr.io/acme/web@${DIGEST_A}`,
      mode: 'pull-request',
      token: '',
    });
    assert.deepEqual(run.errors, [
      "Input 'token': is required in pull-request mode, to open the pull request",
    ]);
  });
});

describe('the token over HTTP', () => {
  it('clones and pushes with the token as an HTTP header, never in a URL or the output', async (t) => {
    const repo = await ConfigRepository.create(t, files);
    const server = await startGitHttpServer({ root: repo.root, token: TOKEN });
    t.after(() => server.stop());
    // No repository-url: the clone URL comes from GITHUB_SERVER_URL and the repository.
    const run = await repo.run(
      {
        'repository-url': '',
        path: 'charts',
        images: `ghcr.io/acme/web:1.1.0@${DIGEST_A}`,
        'values-path': 'image.tag',
      },
      { env: { GITHUB_SERVER_URL: server.url } },
    );
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.commit, await repo.tip());
    assert.ok(
      server.requests.some((request) => request.url.includes('git-receive-pack')),
      'pushed over HTTP',
    );
    assert.ok(server.requests.every((request) => request.authorized && !request.url.includes(TOKEN)));
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    assert.ok(run.masks.includes(TOKEN) && run.masks.includes(basic));
    const printed = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    for (const secret of [TOKEN, basic]) assert.ok(!printed.includes(secret) && !run.stderr.includes(secret));

    const refused = await repo.run(
      { 'repository-url': '', path: 'charts', images: `ghcr.io/acme/web@${DIGEST_B}`, token: 'ghs_wrong' },
      { env: { GITHUB_SERVER_URL: server.url } },
    );
    assert.equal(refused.exitCode, 1);
    assert.match(
      refused.errors[0] ?? '',
      /^cannot clone http:\/\/127.0.0.1:\d+\/octo-org\/config.git: the server did not accept the token\. /,
    );
    assert.ok(!refused.stdout.replace(/^::add-mask::.*$/gm, '').includes('ghs_wrong'));

    // A password written into repository-url is masked, and the error shows the URL without it.
    const inUrl = await repo.run({
      'repository-url': 'https://bot:S3CRET-PAT@127.0.0.1:9/octo-org/config.git',
      path: 'charts',
      images: `ghcr.io/acme/web@${DIGEST_B}`,
    });
    assert.equal(inUrl.exitCode, 1);
    assert.match(inUrl.errors[0] ?? '', /^cannot clone https:\/\/127\.0\.0\.1:9\/octo-org\/config\.git: /);
    assert.ok(inUrl.masks.includes('S3CRET-PAT'));
    assert.ok(!`${inUrl.stdout.replace(/^::add-mask::.*$/gm, '')}${inUrl.stderr}`.includes('S3CRET-PAT'));
  });
});
