import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigurationError, ImageReference, isDigest, isTag, parseDigest, parseTag } from '@digestflow/core';

const D256 = `sha256:${'a'.repeat(64)}`;
const D512 = `sha512:${'0123456789abcdef'.repeat(8)}`;

describe('ImageReference.parse: valid references', () => {
  const cases: Array<[string, { registry: string; repository: string; tag?: string; digest?: string }]> = [
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['bitnami/redis:7', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7' }],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['index.docker.io/library/nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['registry-1.docker.io/owner/app', { registry: 'docker.io', repository: 'owner/app' }],
    ['ghcr.io/owner/app:dev-1a2b3c4', { registry: 'ghcr.io', repository: 'owner/app', tag: 'dev-1a2b3c4' }],
    ['myacr.azurecr.io/team/sub/app', { registry: 'myacr.azurecr.io', repository: 'team/sub/app' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/app:v1', { registry: 'localhost:5000', repository: 'app', tag: 'v1' }],
    ['127.0.0.1:5000/a/b', { registry: '127.0.0.1:5000', repository: 'a/b' }],
    ['[::1]:5000/app:latest', { registry: '[::1]:5000', repository: 'app', tag: 'latest' }],
    ['[2001:db8::1]/app', { registry: '[2001:db8::1]', repository: 'app' }],
    ['Registry.Example.com/app', { registry: 'Registry.Example.com', repository: 'app' }],
    [
      'my-registry.example.com:443/a.b/c_d/e__f/g--h',
      { registry: 'my-registry.example.com:443', repository: 'a.b/c_d/e__f/g--h' },
    ],
    [`ghcr.io/owner/app@${D256}`, { registry: 'ghcr.io', repository: 'owner/app', digest: D256 }],
    [
      `ghcr.io/owner/app:v1@${D512}`,
      { registry: 'ghcr.io', repository: 'owner/app', tag: 'v1', digest: D512 },
    ],
    [`nginx@${D256}`, { registry: 'docker.io', repository: 'library/nginx', digest: D256 }],
    [`app:${'x'.repeat(128)}`, { registry: 'docker.io', repository: 'library/app', tag: 'x'.repeat(128) }],
    ['app:_under.Score-1', { registry: 'docker.io', repository: 'library/app', tag: '_under.Score-1' }],
    ['  ghcr.io/owner/app  ', { registry: 'ghcr.io', repository: 'owner/app' }],
  ];
  for (const [input, expected] of cases) {
    it(input, () => {
      const ref = ImageReference.parse(input);
      assert.deepEqual(
        { registry: ref.registry, repository: ref.repository, tag: ref.tag, digest: ref.digest },
        { tag: undefined, digest: undefined, ...expected },
      );
    });
  }
});

describe('ImageReference.parse: invalid references quote the input and say why', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /it is empty/],
    ['   ', /it is empty/],
    ['ghcr.io/owner/my app', /white space/],
    ['ghcr.io/Owner/app', /component 'Owner' must be lowercase/],
    ['ghcr.io/owner/app-', /component 'app-'/],
    ['ghcr.io/owner//app', /component ''/],
    ['ghcr.io/', /repository is empty/],
    ['ghcr.io', /names a registry but no repository/],
    ['localhost:5000', /names a registry but no repository/],
    ['[::1]:5000', /names a registry but no repository/],
    ['ghcr.io/owner/app:', /tag '' must be/],
    ['ghcr.io/owner/app:.hidden', /tag '.hidden'/],
    ['ghcr.io/owner/app:-x', /tag '-x'/],
    [`ghcr.io/owner/app:${'x'.repeat(129)}`, /tag 'x+' must be 1 to 128/],
    ['ghcr.io/owner/app@sha256:abc', /'sha256:abc' is not a digest/],
    [`ghcr.io/owner/app@sha256:${'A'.repeat(64)}`, /is not a digest/],
    [`ghcr.io/owner/app@md5:${'a'.repeat(32)}`, /is not a digest/],
    [`ghcr.io/owner/app@${D256}:v1`, /is not a digest/],
    ['ghcr.io/owner/app@', /'' is not a digest/],
    ['-bad.example.com/app', /'-bad.example.com' is not a valid registry host/],
    ['bad_host.example.com/app', /not a valid registry host/],
    ['ghcr.io:99999/app', /not a valid registry host/],
    ['ghcr.io:/app', /not a valid registry host/],
    ['[::g]:5000/app', /not a valid registry host/],
    ['[::1/app', /not a valid registry host/],
    ['[fe80::1%eth0]:5000/app', /not a valid registry host/],
    ['[:]:5000/app', /not a valid registry host/],
    ['Nginx', /component 'Nginx' must be lowercase/],
    ['Owner/app', /component 'Owner' must be lowercase/],
    ['ACR/app', /component 'ACR'/],
    ['localhost', /names a registry but no repository/],
    [`ghcr.io/${'a'.repeat(250)}`, /longer than 255/],
  ];
  for (const [input, why] of cases) {
    it(`'${input.slice(0, 60)}'`, () => {
      assert.throws(
        () => ImageReference.parse(input),
        (error: unknown) => {
          assert.ok(error instanceof ConfigurationError);
          assert.ok(error.message.startsWith(`'${input}' is not a valid image reference: `), error.message);
          assert.match(error.message, why);
          return true;
        },
      );
    });
  }
});

describe('ImageReference methods', () => {
  it('parseRepository refuses a tag or digest, suggesting the name', () => {
    assert.equal(ImageReference.parseRepository('ghcr.io/o/app').toString(), 'ghcr.io/o/app');
    assert.throws(
      () => ImageReference.parseRepository('ghcr.io/o/app:v1'),
      /'ghcr.io\/o\/app:v1' must be a repository without a tag or digest, e.g. 'ghcr.io\/o\/app'/,
    );
    assert.throws(() => ImageReference.parseRepository(`ghcr.io/o/app@${D256}`), /without a tag or digest/);
  });

  it('prints the canonical form', () => {
    assert.equal(ImageReference.parse('nginx').toString(), 'docker.io/library/nginx');
    assert.equal(ImageReference.parse(`a/b:c@${D256}`).toString(), `docker.io/a/b:c@${D256}`);
    assert.equal(ImageReference.parse('[::1]:5000/app:v').toString(), '[::1]:5000/app:v');
  });

  it('withTag and withDigest replace, and validate', () => {
    const ref = ImageReference.parse(`ghcr.io/o/app:v1@${D256}`);
    assert.equal(ref.withTag('v2').toString(), 'ghcr.io/o/app:v2');
    assert.equal(ref.withDigest(D512 as `sha512:${string}`).toString(), `ghcr.io/o/app@${D512}`);
    assert.throws(() => ref.withTag('no/slash'), /not a valid tag/);
  });

  it('sameRepository ignores host case, tag, digest and Docker Hub aliases', () => {
    const same = (a: string, b: string) => ImageReference.parse(a).sameRepository(ImageReference.parse(b));
    assert.ok(same('nginx:1', `index.docker.io/library/nginx@${D256}`));
    assert.ok(same('GHCR.io/o/app', 'ghcr.io/o/app:v'));
    assert.ok(!same('ghcr.io/o/app', 'ghcr.io/o/app2'));
    assert.ok(!same('localhost:5000/app', 'localhost:5001/app'));
  });
});

describe('tags and digests', () => {
  for (const tag of ['latest', 'v1.2.3', '_x', '1', 'A-b_c.d', 'x'.repeat(128)]) {
    it(`tag '${tag.slice(0, 20)}' is valid`, () => {
      assert.ok(isTag(tag));
      assert.equal(parseTag(tag), tag);
    });
  }
  for (const tag of ['', '.x', '-x', 'a/b', 'a:b', 'a b', 'é', 'x'.repeat(129)]) {
    it(`tag '${tag.slice(0, 20)}' is invalid`, () => {
      assert.ok(!isTag(tag));
      assert.throws(() => parseTag(tag), /is not a valid tag: a tag is 1 to 128 characters/);
    });
  }
  for (const digest of [D256, D512]) {
    it(`digest ${digest.slice(0, 12)} is valid`, () => assert.equal(parseDigest(digest), digest));
  }
  for (const digest of [
    `sha256:${'a'.repeat(63)}`,
    `sha512:${'a'.repeat(64)}`,
    `sha384:${'a'.repeat(96)}`,
    'sha256',
    `${D256}:x`,
  ]) {
    it(`digest '${digest.slice(0, 12)}…' is invalid`, () => {
      assert.ok(!isDigest(digest));
      assert.throws(() => parseDigest(digest), /is not a valid digest/);
    });
  }
});
