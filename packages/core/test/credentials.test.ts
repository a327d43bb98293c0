import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigurationError, resolveCredentials } from '../src/index.ts';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'creds-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

test('inputs come first, and the password is handed to onSecret', async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { 'r.example': { auth: b64('a:b') } } }));
  const secrets: string[] = [];
  const creds = await resolveCredentials('r.example', {
    username: 'u',
    password: 'p',
    dockerConfigDir: dir,
    onSecret: (s) => secrets.push(s),
  });
  assert.deepEqual(creds, { username: 'u', password: 'p', source: 'inputs' });
  assert.deepEqual(secrets, ['p']);
});

test('ghcr.io uses the GitHub token; other registries do not', async (t) => {
  const dir = await tempDir(t);
  const secrets: string[] = [];
  const options = { githubToken: 'ghs_x', dockerConfigDir: dir, onSecret: (s: string) => secrets.push(s) };
  assert.deepEqual(await resolveCredentials('ghcr.io', options), {
    username: 'x-access-token',
    password: 'ghs_x',
    source: 'github-token',
  });
  assert.equal(await resolveCredentials('quay.io', options), undefined);
  assert.deepEqual(secrets, ['ghs_x']);
});

test('Docker config: base64 auth, username/password, URL keys and Docker Hub aliases', async (t) => {
  const dir = await tempDir(t);
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      auths: {
        'https://127.0.0.1:5000/v2/': { auth: b64('alice:pa:ss') },
        'other.example': { username: 'bob', password: 'pw' },
        'https://index.docker.io/v1/': { auth: b64('hub:hubpw') },
        'empty.example': {},
      },
    }),
  );
  const secrets: string[] = [];
  const options = { dockerConfigDir: dir, onSecret: (s: string) => secrets.push(s) };
  assert.deepEqual(await resolveCredentials('127.0.0.1:5000', options), {
    username: 'alice',
    password: 'pa:ss',
    source: 'docker-config',
  });
  assert.equal((await resolveCredentials('other.example', options))?.username, 'bob');
  assert.equal((await resolveCredentials('docker.io', options))?.password, 'hubpw');
  assert.equal(await resolveCredentials('empty.example', options), undefined);
  assert.equal(await resolveCredentials('127.0.0.1:5001', options), undefined);
  assert.deepEqual(secrets, ['pa:ss', 'pw', 'hubpw']);
});

test('Docker config: credHelpers per registry and credsStore via docker-credential-<name> get', async (t) => {
  const dir = await tempDir(t);
  const bin = join(dir, 'bin');
  await mkdir(bin);
  // A credential helper speaking the protocol: server URL on stdin, JSON on stdout.
  const helper = (name: string) => `#!/bin/sh
[ "$1" = get ] || exit 2
read -r server
case "$server" in
  *missing*) echo "credentials not found in native keychain"; exit 1 ;;
esac
printf '{"ServerURL":"%s","Username":"${name}","Secret":"secret-from-${name}-%s"}' "$server" "$server"
`;
  for (const name of ['store', 'special']) {
    const file = join(bin, `docker-credential-${name}`);
    await writeFile(file, helper(name));
    await chmod(file, 0o755);
  }
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({ credsStore: 'store', credHelpers: { 'special.example': 'special' }, auths: {} }),
  );
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  t.after(() => {
    process.env.PATH = path;
  });
  const options = { dockerConfigDir: dir };
  assert.deepEqual(await resolveCredentials('special.example', options), {
    username: 'special',
    password: 'secret-from-special-special.example',
    source: 'docker-config',
  });
  assert.equal(
    (await resolveCredentials('docker.io', options))?.password,
    'secret-from-store-https://index.docker.io/v1/',
  );
  assert.equal(await resolveCredentials('missing.example', options), undefined);

  await writeFile(join(dir, 'config.json'), JSON.stringify({ credsStore: 'absent' }));
  await assert.rejects(resolveCredentials('x.example', options), (error: Error) => {
    assert.ok(error instanceof ConfigurationError);
    assert.match(error.message, /docker-credential-absent is not on PATH/);
    return true;
  });
});

test('no configuration at all is anonymous', async (t) => {
  const dir = await tempDir(t);
  assert.equal(await resolveCredentials('127.0.0.1:5000', { dockerConfigDir: dir }), undefined);
});
