import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigurationError } from '@digestflow/core';
import { loadManifests, parseManifest } from '../src/load.ts';

async function workspace(t: { after: (fn: () => Promise<void>) => void }, files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'deploy-load-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('parseManifest', () => {
  it('reads every document, skipping empty ones, with its index', () => {
    const objects = parseManifest(`${cm('a')}---\n---\n# only a comment\n---\n${cm('b')}`, 'app.yaml');
    assert.deepEqual(
      objects.map((o) => [o.object.metadata.name, o.source.document]),
      [
        ['a', 1],
        ['b', 4],
      ],
    );
  });

  it('unpacks a List', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [JSON.parse('{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}')],
    };
    assert.equal(parseManifest(JSON.stringify(list), 'list.json')[0]!.object.kind, 'Secret');
  });

  it('names file and document of invalid YAML', () => {
    assert.throws(
      () => parseManifest(`${cm('a')}---\nkind: [unclosed\n`, 'deploy/app.yaml'),
      (error: Error) =>
        error instanceof ConfigurationError &&
        /^deploy\/app\.yaml \(document 2\): invalid YAML/.test(error.message),
    );
  });

  it('names file, document and the missing fields', () => {
    assert.throws(
      () => parseManifest(`${cm('a')}---\napiVersion: v1\nmetadata: {}\n`, 'x.yaml'),
      /x\.yaml \(document 2\): the object has no kind, metadata\.name/,
    );
    assert.throws(
      () => parseManifest('- a\n- b\n', 'y.yaml'),
      /y\.yaml \(document 1\): expected a Kubernetes object/,
    );
  });
});

describe('loadManifests', () => {
  it('reads files, folders recursively and globs, each file once, in order', async (t) => {
    const dir = await workspace(t, {
      'k8s/base/a.yaml': cm('a'),
      'k8s/base/nested/b.yml': cm('b'),
      'k8s/base/readme.md': 'not a manifest',
      'k8s/overlay/c.json': JSON.stringify(
        JSON.parse(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}`),
      ),
      'other/d.yaml': cm('d'),
    });
    const objects = await loadManifests({
      workspace: dir,
      manifests: ['other/d.yaml', 'k8s/base', 'k8s/**/*.json', 'k8s/base/a.yaml'],
    });
    assert.deepEqual(
      objects.map((o) => `${o.source.file}:${o.object.metadata.name}`),
      ['other/d.yaml:d', 'k8s/base/a.yaml:a', 'k8s/base/nested/b.yml:b', 'k8s/overlay/c.json:c'],
    );
  });

  it('refuses paths outside the workspace, also through a symlink', async (t) => {
    const dir = await workspace(t, { 'in/a.yaml': cm('a') });
    const outside = await workspace(t, { 'secret.yaml': cm('s') });
    await symlink(join(outside, 'secret.yaml'), join(dir, 'in', 'link.yaml'));
    await assert.rejects(
      loadManifests({ workspace: dir, manifests: ['../x.yaml'] }),
      /Input 'manifests': '..\/x.yaml' does not exist|outside the workspace/,
    );
    await assert.rejects(
      loadManifests({ workspace: dir, manifests: [join(outside, 'secret.yaml')] }),
      /outside the workspace/,
    );
    await assert.rejects(loadManifests({ workspace: dir, manifests: ['in'] }), /outside the workspace/);
  });

  it('says which pattern matched nothing', async (t) => {
    const dir = await workspace(t, { 'a.yaml': cm('a') });
    await assert.rejects(
      loadManifests({ workspace: dir, manifests: ['k8s/*.yaml'] }),
      /Input 'manifests': 'k8s\/\*\.yaml' matches no/,
    );
    await assert.rejects(
      loadManifests({ workspace: dir, manifests: ['missing.yaml'] }),
      /'missing.yaml' does not exist in the workspace/,
    );
  });
});
