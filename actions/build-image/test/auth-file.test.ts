import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RegistryCredentials } from '@digestflow/core';
import { writeContainersAuthFile, writeDockerConfig } from '../src/auth-file.ts';
import { tempDir } from './helpers.ts';

const basic: RegistryCredentials = { username: 'octocat', password: 's3cret', source: 'inputs' };
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('writeDockerConfig', () => {
  it("keys Docker Hub by its index URL and writes an identity token as Docker's config does", async (t) => {
    const dir = await tempDir(t, 'auth-');
    const user = await tempDir(t, 'user-');
    const env = await writeDockerConfig(
      join(dir, 'docker'),
      'docker.io',
      {
        username: '<token>',
        password: 'refresh-token',
        source: 'docker-config',
      },
      user,
    );
    assert.deepEqual(env, { DOCKER_CONFIG: join(dir, 'docker') });
    const config = JSON.parse(await readFile(join(dir, 'docker', 'config.json'), 'utf8')) as unknown;
    assert.deepEqual(config, {
      auths: { 'https://index.docker.io/v1/': { identitytoken: 'refresh-token' } },
    });
  });

  it('drops a credential helper for the registry, also when keyed by URL, and links without copying', async (t) => {
    const dir = await tempDir(t, 'auth-');
    const user = await tempDir(t, 'user-');
    await mkdir(join(user, 'cli-plugins'));
    await writeFile(join(user, 'cli-plugins', 'docker-buildx'), '#!/bin/sh\n');
    await writeFile(
      join(user, 'config.json'),
      JSON.stringify({ credHelpers: { 'https://registry.example.com/v1/': 'pass', 'other.io': 'pass' } }),
    );
    await writeDockerConfig(join(dir, 'docker'), 'registry.example.com', basic, user);
    const config = JSON.parse(await readFile(join(dir, 'docker', 'config.json'), 'utf8')) as unknown;
    assert.deepEqual(config, {
      auths: { 'registry.example.com': { auth: base64('octocat:s3cret') } },
      credHelpers: { 'other.io': 'pass' },
    });
    await rm(join(dir, 'docker'), { recursive: true, force: true });
    assert.deepEqual(
      await readdir(join(user, 'cli-plugins')),
      ['docker-buildx'],
      'removing the links keeps the targets',
    );
  });
});

describe('writeContainersAuthFile', () => {
  it("merges the user's auth file under this registry's credentials", async (t) => {
    const dir = await tempDir(t, 'auth-');
    const userFile = join(dir, 'user-auth.json');
    await writeFile(
      userFile,
      JSON.stringify({
        auths: { 'quay.io': { auth: base64('q:q') }, '127.0.0.1:5000': { auth: base64('old:old') } },
      }),
    );
    const env = await writeContainersAuthFile(join(dir, 'containers'), '127.0.0.1:5000', basic, userFile);
    assert.deepEqual(env, { REGISTRY_AUTH_FILE: join(dir, 'containers', 'auth.json') });
    assert.deepEqual(JSON.parse(await readFile(env.REGISTRY_AUTH_FILE!, 'utf8')), {
      auths: { 'quay.io': { auth: base64('q:q') }, '127.0.0.1:5000': { auth: base64('octocat:s3cret') } },
    });
  });

  it('works without a user auth file', async (t) => {
    const dir = await tempDir(t, 'auth-');
    const env = await writeContainersAuthFile(join(dir, 'containers'), 'ghcr.io', basic, undefined);
    assert.deepEqual(JSON.parse(await readFile(env.REGISTRY_AUTH_FILE!, 'utf8')), {
      auths: { 'ghcr.io': { auth: base64('octocat:s3cret') } },
    });
  });
});
