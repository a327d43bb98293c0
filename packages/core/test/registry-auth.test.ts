import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isLoopback,
  parseChallenge,
  parseRetryAfter,
  RegistryClient,
  RegistryHttpError,
  retrying,
  scopeParams,
} from '../src/index.ts';

test('parseChallenge reads Bearer and Basic, quoted values with commas, and prefers Bearer', () => {
  assert.deepEqual(
    parseChallenge(
      'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push",error="insufficient_scope"',
    ),
    {
      scheme: 'bearer',
      realm: 'https://auth.example/token',
      service: 'registry.example',
      scope: 'repository:a/b:pull,push',
      error: 'insufficient_scope',
    },
  );
  assert.equal(parseChallenge('Basic realm="Registry Realm"')?.scheme, 'basic');
  assert.equal(parseChallenge('Basic realm="x", Bearer realm="https://t/token"')?.realm, 'https://t/token');
  assert.equal(parseChallenge(null), undefined);
});

test('scopeParams groups atoms per repository for one multi-scope token request', () => {
  assert.deepEqual(
    scopeParams(['repository:src:pull', 'repository:dst:push', 'repository:dst:pull', 'repository:src:pull']),
    ['repository:src:pull', 'repository:dst:pull,push'],
  );
});

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('2'), 2000);
  assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4000), 6000);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
});

test('retrying is bounded, honours Retry-After, and does not retry what cannot heal', async () => {
  const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, budgetMs: 5_000 };
  let calls = 0;
  await assert.rejects(
    retrying(policy, async () => {
      calls++;
      throw new RegistryHttpError('GET', 'http://r/v2/', 503, '');
    }),
    /HTTP 503/,
  );
  assert.equal(calls, 3);

  calls = 0;
  await assert.rejects(
    retrying(policy, async () => {
      calls++;
      throw new RegistryHttpError('GET', 'http://r/v2/', 404, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    }),
    /MANIFEST_UNKNOWN/,
  );
  assert.equal(calls, 1);

  const started = Date.now();
  calls = 0;
  const result = await retrying(policy, async () => {
    if (++calls === 1) throw new RegistryHttpError('GET', 'http://r/v2/', 429, '', 300);
    return 'ok';
  });
  assert.equal(result, 'ok');
  assert.ok(Date.now() - started >= 290, 'waited for Retry-After');

  // A Retry-After beyond the time budget fails now rather than sleeping past it.
  calls = 0;
  await assert.rejects(
    retrying({ ...policy, budgetMs: 100 }, async () => {
      calls++;
      throw new RegistryHttpError('GET', 'http://r/v2/', 429, '', 60_000);
    }),
  );
  assert.equal(calls, 1);
});

test("Docker Hub's API is at registry-1.docker.io; other registries at their own host", () => {
  assert.equal(new RegistryClient('docker.io').endpoint, 'registry-1.docker.io');
  assert.equal(new RegistryClient('ghcr.io').endpoint, 'ghcr.io');
});

test('plain HTTP only for loopback hosts', () => {
  for (const host of ['127.0.0.1:5000', 'localhost:5000', 'localhost', '[::1]:5000', '127.1.2.3']) {
    assert.equal(isLoopback(host), true, host);
  }
  for (const host of ['ghcr.io', 'registry.local:5000', '10.0.0.1:5000', 'localhost.example.com']) {
    assert.equal(isLoopback(host), false, host);
  }
});
