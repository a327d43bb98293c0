// The editors on files in a folder, without git: exact expected text, so that every kept
// comment, quote and space is checked, and the errors for bad input.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { type EditPlan, planEdits } from '../src/edits/plan.ts';
import { parseValuesPath } from '../src/edits/values.ts';
import { parseImageSpec } from '../src/images.ts';
import { DIGEST_A, DIGEST_B, type TestContext } from './fixture.ts';

async function folder(t: TestContext, files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gitops-edits-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

async function plan(
  t: TestContext,
  files: Record<string, string>,
  images: string[],
  paths = ['.'],
  valuesPaths: string[] = [],
): Promise<EditPlan> {
  return await planEdits({
    root: await folder(t, files),
    paths,
    images: images.map(parseImageSpec),
    valuesPaths: valuesPaths.map(parseValuesPath),
  });
}

function after(result: EditPlan, path: string): string | undefined {
  return result.files.find((file) => file.path === path)?.after;
}

describe('kustomization images', () => {
  const overlay = `# Production overlay: reviewed by the platform team
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base   # shared base
images:
  - name: web    # the storefront
    newName: ghcr.io/acme/web
    newTag: "1.0.0"   # set by CI
  # a pinned proxy
  - name: nginx
    newTag: '1.25'
labels: [{pairs: {team: shop}}]
`;

  it('sets newTag and adds digest in place, keeping comments, quotes and order', async (t) => {
    const result = await plan(t, { 'kustomization.yaml': overlay }, [`ghcr.io/acme/web:1.1.0@${DIGEST_A}`]);
    assert.equal(
      after(result, 'kustomization.yaml'),
      `# Production overlay: reviewed by the platform team
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base   # shared base
images:
  - name: web    # the storefront
    newName: ghcr.io/acme/web
    newTag: "1.1.0"   # set by CI
    digest: ${DIGEST_A}
  # a pinned proxy
  - name: nginx
    newTag: '1.25'
labels: [{pairs: {team: shop}}]
`,
    );
    assert.deepEqual(
      result.changes.map((c) => [c.line, c.path.join('.'), c.from, c.to]),
      [
        [9, 'images.0.newTag', '1.0.0', '1.1.0'],
        [7, 'images.0.digest', undefined, DIGEST_A],
      ],
    );
  });

  it('removes newTag for a digest-only reference, as kustomize edit set image does', async (t) => {
    const result = await plan(t, { 'kustomization.yaml': overlay }, [`ghcr.io/acme/web@${DIGEST_B}`]);
    assert.equal(
      after(result, 'kustomization.yaml'),
      overlay.replace('    newTag: "1.0.0"   # set by CI\n', `    digest: ${DIGEST_B}\n`),
    );
  });

  it('quotes a tag that plain YAML would read as a number', async (t) => {
    const result = await plan(t, { 'kustomization.yaml': overlay }, ['nginx:1.27']);
    assert.match(after(result, 'kustomization.yaml')!, /\n {4}newTag: '1.27'\n/);
    const plain = await plan(t, { 'kustomization.yaml': 'images:\n- name: nginx\n  newTag: 1.25\n' }, [
      'nginx:1.30',
    ]);
    assert.equal(after(plain, 'kustomization.yaml'), 'images:\n- name: nginx\n  newTag: "1.30"\n');
  });

  it('appends an entry for an image it does not list, in the list style of the file', async (t) => {
    const result = await plan(t, { 'kustomization.yaml': overlay }, [
      `api=ghcr.io/acme/api:2.0.0@${DIGEST_A}`,
    ]);
    assert.equal(
      after(result, 'kustomization.yaml'),
      overlay.replace(
        "    newTag: '1.25'\n",
        `    newTag: '1.25'\n  - name: api\n    newName: ghcr.io/acme/api\n    newTag: 2.0.0\n    digest: ${DIGEST_A}\n`,
      ),
    );
  });

  it('adds an images list to a kustomization without one', async (t) => {
    const result = await plan(t, { Kustomization: 'resources:\n- deployment.yaml\n' }, [
      `ghcr.io/acme/web@${DIGEST_A}`,
    ]);
    assert.equal(
      after(result, 'Kustomization'),
      `resources:\n- deployment.yaml\nimages:\n- name: ghcr.io/acme/web\n  digest: ${DIGEST_A}\n`,
    );
  });

  it('edits entries in flow style and removes a first key cleanly', async (t) => {
    const text =
      'images:\n- {name: web, newName: ghcr.io/acme/web, newTag: v1}  # flow\n- newTag: v1\n  name: ghcr.io/acme/api\n';
    const result = await plan(t, { 'kustomization.yaml': text }, [
      `ghcr.io/acme/web@${DIGEST_A}`,
      `ghcr.io/acme/api@${DIGEST_B}`,
    ]);
    assert.equal(
      after(result, 'kustomization.yaml'),
      `images:\n- {name: web, newName: ghcr.io/acme/web, digest: ${DIGEST_A}}  # flow\n- name: ghcr.io/acme/api\n  digest: ${DIGEST_B}\n`,
    );
  });

  it('ends added lines as a CRLF file ends its lines', async (t) => {
    const text = 'images: # c\r\n  - name: nginx\r\n    newTag: "1"\r\n';
    const result = await plan(t, { 'kustomization.yaml': text }, [`nginx:2@${DIGEST_A}`]);
    assert.equal(
      after(result, 'kustomization.yaml'),
      `images: # c\r\n  - name: nginx\r\n    newTag: "2"\r\n    digest: ${DIGEST_A}\r\n`,
    );
  });

  it('matches an entry by name when it has no newName, and keeps the file without a final newline whole', async (t) => {
    const result = await plan(
      t,
      { 'kustomization.yml': 'images:\n  - name: ghcr.io/acme/web\n    newTag: v1' },
      ['ghcr.io/acme/web:v2'],
    );
    assert.equal(after(result, 'kustomization.yml'), 'images:\n  - name: ghcr.io/acme/web\n    newTag: v2');
  });
});

describe('plain manifests', () => {
  it('pins container images by repository, keeping the file spelling, flow style and comments', async (t) => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - {name: migrate, image: 'ghcr.io/acme/web:1.0.0'}
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0 # the app
        - name: proxy
          image: nginx:1.25
---
# a second document
apiVersion: batch/v1
kind: CronJob
metadata: {name: report}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: report, image: "docker.io/library/nginx"}]
`;
    const result = await plan(
      t,
      { 'app/deployment.yaml': deployment, 'app/notes.md': 'image: nginx:1.25\n' },
      [`ghcr.io/acme/web:1.1.0@${DIGEST_A}`, `nginx:1.27`],
    );
    assert.equal(
      after(result, 'app/deployment.yaml'),
      deployment
        .replace("'ghcr.io/acme/web:1.0.0'", `'ghcr.io/acme/web:1.1.0@${DIGEST_A}'`)
        .replace(
          'image: ghcr.io/acme/web:1.0.0 # the app',
          `image: ghcr.io/acme/web:1.1.0@${DIGEST_A} # the app`,
        )
        .replace('image: nginx:1.25', 'image: nginx:1.27')
        .replace('"docker.io/library/nginx"', '"docker.io/library/nginx:1.27"'),
    );
    assert.deepEqual(
      result.changes.map((c) => `${c.file}:${c.line} ${c.document} ${c.path.join('.')}`),
      [
        'app/deployment.yaml:9 0 spec.template.spec.initContainers.0.image',
        'app/deployment.yaml:12 0 spec.template.spec.containers.0.image',
        'app/deployment.yaml:14 0 spec.template.spec.containers.1.image',
        'app/deployment.yaml:25 1 spec.jobTemplate.spec.template.spec.containers.0.image',
      ],
    );
  });

  it('moves containers to another repository given as old=new (a promotion into another registry)', async (t) => {
    const files = {
      'base/kustomization.yaml': 'resources: [pod.yaml]\n',
      'base/pod.yaml':
        'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: ghcr.io/acme/web:1 # dev\n',
      'overlay/kustomization.yaml': 'resources:\n- ../base\n',
    };
    const image = `ghcr.io/acme/web=acme.azurecr.io/web@${DIGEST_A}`;
    const manifests = await plan(t, files, [image], ['base/pod.yaml']);
    assert.equal(
      after(manifests, 'base/pod.yaml'),
      `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: acme.azurecr.io/web@${DIGEST_A} # dev\n`,
    );
    const overlay = await plan(t, files, [image], ['overlay']);
    assert.equal(
      after(overlay, 'overlay/kustomization.yaml'),
      `resources:\n- ../base\nimages:\n- name: ghcr.io/acme/web\n  newName: acme.azurecr.io/web\n  digest: ${DIGEST_A}\n`,
    );
  });

  it('changes nothing when the images are already there', async (t) => {
    const result = await plan(
      t,
      { 'd.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: nginx:1.27\n' },
      ['nginx:1.27'],
    );
    assert.deepEqual(result.files, []);
    assert.deepEqual(result.changes, []);
  });
});

describe('Helm values', () => {
  const values = `# values for production
replicaCount: 2
image:
  repository: ghcr.io/acme/web   # from CI
  tag: "1.0.0"
  pullPolicy: IfNotPresent
sidecar:
  image:
    repository: nginx
    tag: 1.25.3
`;
  it('sets the dotted paths given, adding a missing key beside its siblings', async (t) => {
    const result = await plan(
      t,
      {
        'chart/values-prod.yaml': values,
        'chart/Chart.yaml': 'name: web\n',
        'chart/templates/d.yaml': '{{ broken',
      },
      [`ghcr.io/acme/web:1.1.0@${DIGEST_A}`, 'nginx:1.27.0'],
      ['chart'],
      ['image.tag', 'image.digest', 'sidecar.image.tag'],
    );
    assert.equal(
      after(result, 'chart/values-prod.yaml'),
      `# values for production
replicaCount: 2
image:
  repository: ghcr.io/acme/web   # from CI
  tag: "1.1.0"
  pullPolicy: IfNotPresent
  digest: ${DIGEST_A}
sidecar:
  image:
    repository: nginx
    tag: 1.27.0
`,
    );
  });

  it('refuses a tag path for an image given by digest alone', async (t) => {
    await assert.rejects(
      plan(t, { 'values.yaml': values }, [`ghcr.io/acme/web@${DIGEST_A}`], ['.'], ['image.tag']),
      /values\.yaml:5: 'image\.tag' needs the image's tag, and 'ghcr\.io\/acme\/web@sha256:a{64}' has none/,
    );
  });
});

describe('Flux image-policy markers', () => {
  it('sets the whole reference, the tag, the name and the digest where marked, and only there', async (t) => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: podinfo}
spec:
  template:
    spec:
      containers:
        - name: podinfo
          image: ghcr.io/stefanprodan/podinfo:6.5.0 # {"$imagepolicy": "flux-system:podinfo"}
        - name: other
          image: ghcr.io/acme/other:1.0 # {"$imagepolicy": "flux-system:other"}
`;
    const release = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: podinfo}
spec:
  values:
    image:
      repository: ghcr.io/stefanprodan/podinfo # {"$imagepolicy": "flux-system:podinfo:name"}
      tag: 6.5.0 # {"$imagepolicy": "flux-system:podinfo:tag"}
      digest: "" # {"$imagepolicy": "flux-system:podinfo:digest"}
`;
    const result = await plan(t, { 'deployment.yaml': deployment, 'release.yaml': release }, [
      `ghcr.io/stefanprodan/podinfo:6.7.1@${DIGEST_B}`,
    ]);
    assert.equal(
      after(result, 'deployment.yaml'),
      deployment.replace('podinfo:6.5.0 #', `podinfo:6.7.1@${DIGEST_B} #`),
    );
    assert.equal(
      after(result, 'release.yaml'),
      release.replace('tag: 6.5.0 #', 'tag: 6.7.1 #').replace('digest: "" #', `digest: "${DIGEST_B}" #`),
    );
    assert.match(result.notes.join('\n'), /flux-system:other/);
  });

  it('ties a tag-only marker to an image by the policy name given in images', async (t) => {
    const result = await plan(
      t,
      { 'kustomization.yaml': 'images:\n- name: app\n  newTag: v1 # {"$imagepolicy": "apps:app:tag"}\n' },
      ['apps:app=registry.example.com/app:v2'],
    );
    assert.equal(
      after(result, 'kustomization.yaml'),
      'images:\n- name: app\n  newTag: v2 # {"$imagepolicy": "apps:app:tag"}\n',
    );
  });
});

describe('bad input: a clear error, nothing planned', () => {
  it('names the file and line of malformed YAML', async (t) => {
    await assert.rejects(
      plan(
        t,
        { 'ok.yaml': 'a: 1\n', 'bad/broken.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n' },
        ['nginx:1'],
      ),
      { name: 'ConfigurationError', message: /^Input 'path': bad\/broken\.yaml:5:1: not valid YAML: / },
    );
  });

  it('refuses a path outside the checkout, by .. or by a symbolic link', async (t) => {
    await assert.rejects(plan(t, { 'a.yaml': 'a: 1\n' }, ['nginx:1'], ['../etc']), {
      message: "Input 'path': '../etc' is outside the repository checkout",
    });
    await assert.rejects(plan(t, { 'a.yaml': 'a: 1\n' }, ['nginx:1'], ['/etc']), /must be relative/);
    const root = await folder(t, { 'a.yaml': 'a: 1\n' });
    await symlink(tmpdir(), join(root, 'out'));
    await assert.rejects(
      planEdits({ root, paths: ['out'], images: [parseImageSpec('nginx:1')], valuesPaths: [] }),
      /leads outside the repository checkout/,
    );
    await assert.rejects(
      plan(t, { 'a.yaml': 'a: 1\n' }, ['nginx:1'], ['missing']),
      /'missing' does not exist/,
    );
  });

  it('names an image that matches nothing under path', async (t) => {
    await assert.rejects(
      plan(t, { 'd.yaml': 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: nginx:1.27\n' }, [
        'nginx:1.28',
        'ghcr.io/acme/typo:1',
      ]),
      {
        message:
          "Input 'images': 'ghcr.io/acme/typo:1' matches nothing in . (1 YAML file): no kustomization, container image, values path or Flux marker names it",
      },
    );
  });

  it('adds no kustomization entry for an image its local resources do not use', async (t) => {
    const files = {
      'overlay/kustomization.yaml': 'resources:\n  - ../base\n',
      'base/kustomization.yaml': 'resources: [pod.yaml]\n',
      'base/pod.yaml': 'apiVersion: v1\nkind: Pod\nspec: {containers: [{image: "ghcr.io/acme/web:1"}]}\n',
    };
    await assert.rejects(
      plan(t, files, [`ghcr.io/acme/wbe@${DIGEST_A}`], ['overlay']),
      /'ghcr\.io\/acme\/wbe@sha256:a{64}' matches nothing in overlay/,
    );
    const result = await plan(t, files, [`ghcr.io/acme/web@${DIGEST_A}`], ['overlay']);
    assert.equal(
      after(result, 'overlay/kustomization.yaml'),
      `resources:\n  - ../base\nimages:\n  - name: ghcr.io/acme/web\n    digest: ${DIGEST_A}\n`,
    );
  });

  it('refuses an image without tag or digest', () => {
    assert.throws(() => parseImageSpec('ghcr.io/acme/web'), /has neither a tag nor a digest/);
  });
});
