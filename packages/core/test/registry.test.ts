// The registry client against the real distribution registry (token and Basic auth), with
// faults injected by the testkit proxy. skopeo checks what landed at the target.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import {
  type FaultProxy,
  type Registry,
  registryClientFiles,
  seedImage,
  seedIndex,
  seedReferrer,
  skopeoFlags,
  startFaultProxy,
  startRegistry,
} from '../../testkit/src/index.ts';
import {
  ConfigurationError,
  getManifest,
  headManifest,
  listTags,
  type PromoteOptions,
  promoteImage,
  RegistryClient,
  type RegistryClientOptions,
} from '../src/index.ts';

const run = promisify(execFile);
const fastRetry = { attempts: 5, baseDelayMs: 20, maxDelayMs: 200, budgetMs: 10_000 };

function clientFor(
  registry: Registry,
  host = registry.host,
  options: RegistryClientOptions = {},
): RegistryClient {
  const credentials =
    registry.username === undefined
      ? undefined
      : { username: registry.username, password: registry.password ?? '', source: 'inputs' as const };
  return new RegistryClient(host, { credentials, retry: fastRetry, ...options });
}

async function skopeoDigest(registry: Registry, reference: string): Promise<string> {
  const files = await registryClientFiles(registry);
  const { stdout } = await run('skopeo', [
    'inspect',
    '--raw',
    ...skopeoFlags(files),
    `docker://${reference}`,
  ]);
  const { createHash } = await import('node:crypto');
  return `sha256:${createHash('sha256').update(stdout).digest('hex')}`;
}

async function started(t: { after: (fn: () => Promise<void>) => void }, registry: Promise<Registry>) {
  const r = await registry;
  t.after(() => r.stop());
  return r;
}

test('cross-registry: an index and its referrer, token auth to Basic auth, byte-exact and idempotent', async (t) => {
  const [source, target] = await Promise.all([
    started(t, startRegistry({ auth: 'token' })),
    started(t, startRegistry({ auth: 'basic' })),
  ]);
  const seeded = await seedIndex(source, {
    repository: 'team/app',
    tag: 'dev-1a2b3c4',
    layers: [200_000, 1000],
  });
  const referrer = await seedReferrer(source, { repository: 'team/app', subject: seeded.index });
  const src = clientFor(source);
  const dst = clientFor(target);
  const manifest = await getManifest(src, 'team/app', 'dev-1a2b3c4');
  assert.equal(manifest?.digest, seeded.digest);
  const options: PromoteOptions = {
    source: { client: src, repository: 'team/app' },
    target: { client: dst, repository: 'prod/app' },
    manifest: manifest!,
    tags: ['staging-1a2b3c4', 'latest'],
  };
  const result = await promoteImage(options);
  assert.equal(result.mode, 'cross-registry');
  assert.equal(result.stats.blobs.uploaded, seeded.blobs.length + referrer.blobs.length);
  assert.equal(result.stats.referrers, 1);
  assert.deepEqual(
    result.tags.map((tag) => tag.action),
    ['create', 'create'],
  );
  assert.equal(await skopeoDigest(target, `${target.host}/prod/app:staging-1a2b3c4`), seeded.digest);
  assert.equal(await skopeoDigest(target, `${target.host}/prod/app@${referrer.digest}`), referrer.digest);
  assert.equal(
    await skopeoDigest(target, `${target.host}/prod/app:${referrer.fallbackTag}`),
    referrer.fallbackIndexDigest,
  );

  // A re-run finds everything in place and writes nothing.
  const again = await promoteImage(options);
  assert.equal(again.stats.blobs.uploaded, 0);
  assert.equal(again.stats.manifests.pushed, 0);
  assert.deepEqual(
    again.tags.map((tag) => tag.action),
    ['unchanged', 'unchanged'],
  );
});

test('same registry: blobs mounted with one multi-scope token; the tag guard refuses a move', async (t) => {
  const registry = await started(t, startRegistry({ auth: 'token' }));
  const seeded = await seedImage(registry, { repository: 'team/app', tag: 'dev-1', layers: [5000, 6000] });
  const other = await seedImage(registry, { repository: 'team/prod', tag: 'v1', layers: [10] });
  const client = clientFor(registry);
  const manifest = (await getManifest(client, 'team/app', 'dev-1'))!;
  const grantsBefore = registry.tokenServer!.grants.length;
  const base = {
    source: { client, repository: 'team/app' },
    target: { client, repository: 'team/prod' },
    manifest,
  };
  await assert.rejects(promoteImage({ ...base, tags: ['new', 'v1'] }), (error: Error) => {
    assert.ok(error instanceof ConfigurationError);
    assert.match(error.message, new RegExp(`v1 \\(now ${other.digest}\\)`));
    return true;
  });
  assert.equal(await headManifest(client, 'team/prod', 'new'), undefined, 'nothing written');

  const result = await promoteImage({ ...base, tags: ['new', 'v1'], allowOverwrite: true });
  assert.equal(result.mode, 'same-registry');
  assert.equal(result.stats.blobs.mounted, seeded.blobs.length);
  assert.deepEqual(
    result.tags.map((tag) => [tag.tag, tag.action]),
    [
      ['new', 'create'],
      ['v1', 'move'],
    ],
  );
  const grants = registry.tokenServer!.grants.slice(grantsBefore);
  assert.equal(grants.length, 1, 'one token served the whole copy');
  assert.deepEqual(grants[0]!.requested.map((r) => `${r.name}:${[...r.actions].sort().join(',')}`).sort(), [
    'team/app:pull',
    'team/prod:pull,push',
  ]);
  assert.equal(await skopeoDigest(registry, `${registry.host}/team/prod:v1`), seeded.digest);
});

test('faults: 429 with Retry-After, 503, a reset in the middle of a blob and a slow answer are survived', async (t) => {
  const [source, target] = await Promise.all([started(t, startRegistry()), started(t, startRegistry())]);
  const seeded = await seedImage(source, { repository: 'app', tag: 'dev-9', layers: [3_000_000] });
  const proxy: FaultProxy = await startFaultProxy(source.url);
  t.after(() => proxy.stop());
  const layer = seeded.layers[0]!.digest;
  proxy.addRule({
    method: 'GET',
    path: /\/manifests\/dev-9$/,
    fault: { kind: 'status', status: 429, retryAfterSeconds: 1 },
  });
  proxy.addRule({
    method: 'GET',
    path: new RegExp(`/blobs/${layer}$`),
    fault: { kind: 'reset', afterBytes: 1_000_000 },
  });
  proxy.addRule({
    method: 'GET',
    path: new RegExp(`/blobs/${layer}$`),
    fault: { kind: 'status', status: 503 },
  });
  proxy.addRule({ method: 'GET', path: /\/blobs\//, times: 2, fault: { kind: 'delay', ms: 300 } });
  const retries: string[] = [];
  const src = clientFor(source, proxy.host, { onRetry: (message) => retries.push(message) });
  const dst = clientFor(target, target.host, { onRetry: (message) => retries.push(message) });
  const startedAt = Date.now();
  const manifest = (await getManifest(src, 'app', 'dev-9'))!;
  assert.ok(Date.now() - startedAt >= 950, 'waited for Retry-After: 1');
  const result = await promoteImage({
    source: { client: src, repository: 'app' },
    target: { client: dst, repository: 'app' },
    manifest,
    tags: ['staging-9'],
  });
  assert.deepEqual(proxy.pendingRules(), [], 'every fault happened');
  assert.ok(retries.length >= 3, retries.join('\n'));
  assert.equal(result.digest, seeded.digest);
  assert.equal(await skopeoDigest(target, `${target.host}/app:staging-9`), seeded.digest);
});

test('faults that outlast the retries fail the promotion with no target tag written; a re-run succeeds', async (t) => {
  const [source, target] = await Promise.all([started(t, startRegistry()), started(t, startRegistry())]);
  const seeded = await seedImage(source, { repository: 'app', tag: 'dev-5', layers: [100_000] });
  const proxy = await startFaultProxy(target.url);
  t.after(() => proxy.stop());
  proxy.addRule({
    method: 'PUT',
    path: /\/blobs\/uploads\//,
    times: Infinity,
    fault: { kind: 'reset', afterBytes: 5000 },
  });
  const src = clientFor(source);
  const dst = clientFor(target, proxy.host);
  const options = {
    source: { client: src, repository: 'app' },
    target: { client: dst, repository: 'app' },
    manifest: (await getManifest(src, 'app', 'dev-5'))!,
    tags: ['staging-5'],
  };
  await assert.rejects(promoteImage(options));
  assert.equal(await headManifest(clientFor(target), 'app', 'staging-5'), undefined);

  proxy.reset();
  const result = await promoteImage(options);
  assert.equal(result.digest, seeded.digest);
  assert.equal(await skopeoDigest(target, `${target.host}/app:staging-5`), seeded.digest);
});

test('tags are listed across Link pages', async (t) => {
  const registry = await started(t, startRegistry());
  await seedImage(registry, { repository: 'app', tag: 'a' });
  const client = clientFor(registry);
  const manifest = (await getManifest(client, 'app', 'a'))!;
  const location = { client, repository: 'app' };
  await promoteImage({ source: location, target: location, manifest, tags: ['b', 'c', 'd', 'e'] });
  const tags = await listTags(client, 'app', 2);
  assert.deepEqual(tags.sort(), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(await listTags(client, 'missing'), []);
});

test('a registry slower than the idle timeout is timed out and retried', async (t) => {
  const registry = await started(t, startRegistry());
  const seeded = await seedImage(registry, { repository: 'app', tag: 'dev-7' });
  const proxy = await startFaultProxy(registry.url);
  t.after(() => proxy.stop());
  proxy.addRule({ method: 'GET', path: /\/manifests\/dev-7$/, fault: { kind: 'delay', ms: 1500 } });
  const retries: string[] = [];
  const client = clientFor(registry, proxy.host, {
    timeoutMs: 300,
    onRetry: (message) => retries.push(message),
  });
  const startedAt = Date.now();
  const manifest = await getManifest(client, 'app', 'dev-7');
  assert.equal(manifest?.digest, seeded.digest);
  assert.ok(Date.now() - startedAt < 1400, 'did not wait for the slow answer');
  assert.match(retries.join('\n'), /no data for 300 ms/);
});
