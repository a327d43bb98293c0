// promote-image through the fault-injecting proxy: throttling, server errors, resets in the
// middle of a blob and slow answers are retried through; faults that outlast the retries fail
// the step with no target tag written, and the next run completes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedImage, startFaultProxy } from '../../../packages/testkit/src/index.ts';
import {
  assertSucceeded,
  promote,
  registry,
  registryEnv,
  SHA7,
  skopeoDigest,
  skopeoPullAll,
} from './helpers.ts';

test('transient faults at source and target are retried and the right digest arrives', async (t) => {
  const [source, target] = await Promise.all([registry(t), registry(t)]);
  const seeded = await seedImage(source, { repository: 'app', tag: `dev-${SHA7}`, layers: [2_000_000, 500] });
  const [sourceProxy, targetProxy] = await Promise.all([
    startFaultProxy(source.url),
    startFaultProxy(target.url),
  ]);
  t.after(() => Promise.all([sourceProxy.stop(), targetProxy.stop()]));
  const layer = seeded.layers[0]!.digest;
  sourceProxy.addRule({
    method: 'GET',
    path: /\/manifests\/dev-/,
    fault: { kind: 'status', status: 429, retryAfterSeconds: 1 },
  });
  sourceProxy.addRule({
    method: 'GET',
    path: new RegExp(`/blobs/${layer}`),
    fault: { kind: 'reset', afterBytes: 700_000 },
  });
  sourceProxy.addRule({ method: 'GET', path: /\/blobs\//, times: 2, fault: { kind: 'delay', ms: 200 } });
  targetProxy.addRule({ method: 'HEAD', path: /\/blobs\//, fault: { kind: 'status', status: 503 } });
  targetProxy.addRule({ method: 'PUT', path: /\/blobs\/uploads\//, fault: { kind: 'status', status: 503 } });
  targetProxy.addRule({
    method: 'PUT',
    path: /\/manifests\/staging-/,
    fault: { kind: 'status', status: 502 },
  });
  const env = await registryEnv(t, [source, target]);
  const run = await promote(
    { image: `${sourceProxy.host}/app`, 'target-image': `${targetProxy.host}/app` },
    env,
  );
  assertSucceeded(run);
  assert.deepEqual([...sourceProxy.pendingRules(), ...targetProxy.pendingRules()], [], 'every fault was hit');
  assert.match(run.stdout, /Retrying: .*HTTP 429/);
  assert.equal(run.outputs.digest, seeded.digest);
  assert.equal(await skopeoDigest(target, `${target.host}/app:staging-${SHA7}`), seeded.digest);
  await skopeoPullAll(t, target, `${target.host}/app:staging-${SHA7}`);
});

test('faults beyond the retries fail with no target tag written; a re-run succeeds', async (t) => {
  const [source, target] = await Promise.all([registry(t), registry(t)]);
  const seeded = await seedImage(source, { repository: 'app', tag: `dev-${SHA7}`, layers: [400_000] });
  const proxy = await startFaultProxy(source.url);
  t.after(() => proxy.stop());
  proxy.addRule({
    method: 'GET',
    path: /\/blobs\//,
    times: Infinity,
    fault: { kind: 'reset', afterBytes: 100_000 },
  });
  const env = await registryEnv(t, [source, target]);
  const inputs = { image: `${proxy.host}/app`, 'target-image': `${target.host}/app` };
  const failed = await promote(inputs, env);
  assert.equal(failed.exitCode, 1);
  assert.match(failed.errors[0]!, /promotion failed: .*No target tag was written; re-running is safe/);
  assert.equal(await skopeoDigest(target, `${target.host}/app:staging-${SHA7}`), undefined);

  proxy.reset();
  const rerun = await promote(inputs, env);
  assertSucceeded(rerun);
  assert.equal(await skopeoDigest(target, `${target.host}/app:staging-${SHA7}`), seeded.digest);
});
