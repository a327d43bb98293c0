// The action's dist run as the runner runs it, against real git with a bare repository as
// the remote: commit mode, idempotence, a push race, and kubectl rendering the result.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { kubectlPath } from '@digestflow/testkit';
import { ConfigRepository, DIGEST_A, DIGEST_B, git, SOURCE_SHA, TOKEN } from './fixture.ts';

const exec = promisify(execFile);

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
`;

const overlay = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop   # production namespace
resources:
  - ../../base
images:
  - name: ghcr.io/acme/web
    newTag: "1.0.0"   # written by CI
`;

const files = {
  'apps/web/base/deployment.yaml': deployment,
  'apps/web/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'apps/web/overlays/production/kustomization.yaml': overlay,
  'apps/api/overlays/production/kustomization.yaml': 'resources: []\n',
  'README.md': '# config\n',
};

const production = 'apps/web/overlays/production';

/**
 * The environment for a run during whose clone the developer's clone pushes its commits to
 * main (upload-pack's hook, once): the action's clone is then one commit behind.
 */
async function pushWhileCloning(repo: ConfigRepository): Promise<Record<string, string>> {
  const hook = join(repo.root, 'race.sh');
  await writeFile(
    hook,
    `#!/bin/sh\nif [ ! -e "${repo.root}/raced" ]; then\n  touch "${repo.root}/raced"\n  (unset GIT_DIR; git -C "${repo.work}" push --quiet origin HEAD:main) >&2\nfi\nexec "$@"\n`,
  );
  await chmod(hook, 0o755);
  const globalConfig = join(repo.root, 'gitconfig');
  await writeFile(globalConfig, `[uploadpack]\n\tpackObjectsHook = ${hook}\n`);
  return { GIT_CONFIG_GLOBAL: globalConfig };
}

describe('update-gitops in commit mode', () => {
  it('commits the kustomize overlay change to the branch, and kubectl kustomize renders the new digest', async (t) => {
    const repo = await ConfigRepository.create(t, files);
    const run = await repo.run({ path: production, images: `ghcr.io/acme/web@${DIGEST_A}` });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.equal(run.outputs.changed, 'true');
    assert.equal(run.outputs.files, `${production}/kustomization.yaml`);
    assert.equal(run.outputs.commit, await repo.tip());
    assert.equal(
      await repo.read(`${production}/kustomization.yaml`),
      overlay.replace('    newTag: "1.0.0"   # written by CI\n', `    digest: ${DIGEST_A}\n`),
    );
    assert.deepEqual(await repo.log(), [
      `Deploy ghcr.io/acme/web@${DIGEST_A.slice(0, 19)}`,
      'Initial configuration',
    ]);
    const message = await repo.message();
    assert.match(
      message,
      new RegExp(
        `Source commit: octo-org/octo-app@${SOURCE_SHA} \\(https://github\\.com/octo-org/octo-app/commit/${SOURCE_SHA}\\)`,
      ),
    );
    assert.match(message, /Workflow run: https:\/\/github\.com\/octo-org\/octo-app\/actions\/runs\/4242/);
    assert.match(
      message,
      new RegExp(`- ${production}/kustomization\\.yaml:8 images\\.0\\.newTag: 1\\.0\\.0 -> \\(removed\\)`),
    );
    assert.match(
      message,
      new RegExp(`- ${production}/kustomization\\.yaml:7 images\\.0\\.digest: added ${DIGEST_A}`),
    );
    assert.match(await git(repo.remote, 'log', '-1', '--format=%an <%ae>'), /^github-actions\[bot\] </);
    assert.match(run.summary, /<table>/);

    const checkout = await mkdtemp(join(tmpdir(), 'gitops-render-'));
    t.after(() => rm(checkout, { recursive: true, force: true }));
    await git(checkout, 'clone', '--quiet', repo.remote, 'c');
    const { stdout } = await exec(await kubectlPath(), ['kustomize', join(checkout, 'c', production)]);
    assert.match(stdout, new RegExp(`image: ghcr\\.io/acme/web@${DIGEST_A}\\n`));
    assert.match(stdout, /namespace: shop/);
  });

  it('updates the example configuration repository, which kubectl kustomize then renders', async (t) => {
    const root = join(import.meta.dirname, '..', '..', '..', 'examples', 'gitops', 'config');
    const names = (await readdir(root, { recursive: true, withFileTypes: true })).filter((entry) =>
      entry.isFile(),
    );
    const example = Object.fromEntries(
      await Promise.all(
        names.map(async (entry) => {
          const path = relative(root, join(entry.parentPath, entry.name));
          return [path, await readFile(join(root, path), 'utf8')] as const;
        }),
      ),
    );
    const repo = await ConfigRepository.create(t, example);
    const overlay = 'apps/web/overlays/production/kustomization.yaml';
    const run = await repo.run({
      path: 'apps/web/overlays/production',
      images: `ghcr.io/octo-org/web:1.2.3@${DIGEST_B}`,
    });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.equal(
      await repo.read(overlay),
      example[overlay]!.replace('newTag: 1.0.0', 'newTag: 1.2.3').replace(/sha256:0{64}/, DIGEST_B),
    );
    const checkout = await mkdtemp(join(tmpdir(), 'gitops-render-'));
    t.after(() => rm(checkout, { recursive: true, force: true }));
    await git(checkout, 'clone', '--quiet', repo.remote, 'c');
    const { stdout } = await exec(await kubectlPath(), [
      'kustomize',
      join(checkout, 'c', 'apps/web/overlays/production'),
    ]);
    assert.match(stdout, new RegExp(`image: ghcr\\.io/octo-org/web:1\\.2\\.3@${DIGEST_B}\\n`));
  });

  it('is idempotent: the same images again change nothing and commit nothing', async (t) => {
    const repo = await ConfigRepository.create(t, files);
    const inputs = { path: 'apps/web', images: `ghcr.io/acme/web:1.1.0@${DIGEST_A}` };
    const first = await repo.run(inputs);
    assert.equal(first.outputs.changed, 'true', first.stdout);
    assert.deepEqual(
      first.outputs.files?.split('\n'),
      [
        'apps/web/base/deployment.yaml',
        'apps/web/overlays/production/kustomization.yaml',
        'apps/web/base/kustomization.yaml',
      ].sort(),
    );
    const tip = await repo.tip();
    const second = await repo.run(inputs);
    assert.equal(second.exitCode, 0, second.stdout);
    assert.deepEqual(
      [second.outputs.changed, second.outputs.commit, second.outputs.files],
      ['false', '', ''],
    );
    assert.equal(await repo.tip(), tip);
    assert.match(second.stdout, /Nothing to change/);
  });

  it('rebases onto a commit pushed while it worked, and pushes again', async (t) => {
    const repo = await ConfigRepository.create(t, files);
    // Someone else's commit, made ready now and pushed by upload-pack's hook while the action
    // clones: the action's clone is then one commit behind and its first push is rejected.
    await repo.commit(
      { 'apps/api/overlays/production/kustomization.yaml': 'resources: [api.yaml]\n' },
      'api: someone else',
      false,
    );
    const run = await repo.run(
      { path: production, images: `ghcr.io/acme/web@${DIGEST_B}` },
      { env: await pushWhileCloning(repo) },
    );
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /The push to main was rejected: someone pushed first\. Fetching and rebasing \(attempt 2 of 5\)/,
    );
    assert.deepEqual(await repo.log(), [
      `Deploy ghcr.io/acme/web@${DIGEST_B.slice(0, 19)}`,
      'api: someone else',
      'Initial configuration',
    ]);
    assert.equal(run.outputs.commit, await repo.tip());
    assert.equal(
      await repo.read('apps/api/overlays/production/kustomization.yaml'),
      'resources: [api.yaml]\n',
    );
    assert.match(await repo.read(`${production}/kustomization.yaml`), new RegExp(`digest: ${DIGEST_B}`));
  });

  it('reports no change and no files when the same change reached the branch while it worked', async (t) => {
    const inputs = { path: production, images: `ghcr.io/acme/web@${DIGEST_B}` };
    // What the action writes, learnt from a run on a copy, committed by someone else and
    // pushed while the action clones: its rebase then leaves nothing to push.
    const copy = await ConfigRepository.create(t, files);
    assert.equal((await copy.run(inputs)).exitCode, 0);
    const edited = await copy.read(`${production}/kustomization.yaml`);
    const repo = await ConfigRepository.create(t, files);
    const theirs = await repo.commit({ [`${production}/kustomization.yaml`]: edited }, 'web: by hand', false);

    const run = await repo.run(inputs, { env: await pushWhileCloning(repo) });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /received the same change from elsewhere meanwhile/);
    assert.deepEqual([run.outputs.changed, run.outputs.commit, run.outputs.files], ['false', '', '']);
    assert.equal(await repo.tip(), theirs);
  });

  it('sets no files when the push is refused', async (t) => {
    const repo = await ConfigRepository.create(t, files);
    const hook = join(repo.remote, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "main is protected" >&2\nexit 1\n');
    await chmod(hook, 0o755);
    const tip = await repo.tip();
    const run = await repo.run({ path: production, images: `ghcr.io/acme/web@${DIGEST_A}` });
    assert.equal(run.exitCode, 1);
    assert.match(run.errors[0] ?? '', /the push to 'main' was refused/);
    assert.equal(run.outputs.files ?? '', '');
    assert.equal(await repo.tip(), tip);
  });

  it('masks the token and never prints it', async (t) => {
    const repo = await ConfigRepository.create(t, files);
    const run = await repo.run({ path: production, images: `ghcr.io/acme/web@${DIGEST_A}`, token: TOKEN });
    assert.equal(run.exitCode, 0, run.stdout);
    assert.ok(run.masks.includes(TOKEN));
    const printed = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    assert.ok(!printed.includes(TOKEN) && !run.stderr.includes(TOKEN) && !run.summary.includes(TOKEN));
    assert.ok(!(await repo.message()).includes(TOKEN));
  });

  it('dry-run reports the change and pushes nothing', async (t) => {
    const repo = await ConfigRepository.create(t, files);
    const tip = await repo.tip();
    const run = await repo.run({ path: production, images: `ghcr.io/acme/web@${DIGEST_A}`, 'dry-run': true });
    assert.equal(run.exitCode, 0, run.stdout);
    assert.deepEqual(
      [run.outputs.changed, run.outputs.commit, run.outputs.files],
      ['true', '', `${production}/kustomization.yaml`],
    );
    assert.match(run.stdout, /Dry run: 1 file\(s\) would change/);
    assert.equal(await repo.tip(), tip);
  });

  for (const [name, inputs, error] of [
    [
      'a path outside the checkout',
      { path: '../..', images: `ghcr.io/acme/web@${DIGEST_A}` },
      /^Input 'path': '\.\.\/\.\.' is outside the repository checkout$/,
    ],
    [
      'an image that matches nothing',
      { path: production, images: `ghcr.io/acme/wbe@${DIGEST_A}`, 'values-path': '' },
      null,
    ],
    [
      'malformed YAML',
      { path: 'broken.yaml', images: `ghcr.io/acme/web@${DIGEST_A}` },
      /^Input 'path': broken\.yaml:2:\d+: not valid YAML: /,
    ],
    [
      'a bad image reference',
      { path: production, images: 'ghcr.io/acme/Web:1' },
      /^Input 'images': 'ghcr\.io\/acme\/Web:1' is not a valid image reference/,
    ],
  ] as const) {
    it(`refuses ${name} with one clear error and commits nothing`, async (t) => {
      const repo = await ConfigRepository.create(t, { ...files, 'broken.yaml': 'a: [1,\nb: }\n' });
      const tip = await repo.tip();
      const run = await repo.run(inputs);
      assert.equal(run.exitCode, 1);
      assert.equal(run.errors.length, 1, run.stdout);
      if (error) assert.match(run.errors[0]!, error);
      assert.doesNotMatch(run.stdout, /\n\s+at /);
      assert.equal(await repo.tip(), tip);
      assert.deepEqual(await git(repo.remote, 'branch', '--list'), '* main');
    });
  }
});
