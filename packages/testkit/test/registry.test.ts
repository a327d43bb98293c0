import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import {
  httpRequest,
  type Registry,
  type RegistryOptions,
  registryClientFiles,
  runAction,
  seedImage,
  skopeoFlags,
  startRegistry,
  waitUntil,
} from '@digestflow/testkit';

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs skopeo and returns how it ended, without throwing, so refusals can be asserted. */
function skopeo(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile('skopeo', args, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function started(t: TestContext, options: RegistryOptions): Promise<Registry> {
  const registry = await startRegistry(options);
  t.after(() => registry.stop());
  return registry;
}

/** A Docker auth file with the given credentials for `registry`, in a temp dir the test removes. */
async function authFileWith(t: TestContext, registry: Registry, username: string, password: string) {
  const dir = await mkdtemp(join(tmpdir(), 'auth-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'auth.json');
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  await writeFile(file, JSON.stringify({ auths: { [registry.host]: { auth } } }));
  return file;
}

/** How skopeo reports a registry's or token server's refusal. */
const refused =
  /unauthorized|authentication required|invalid username\/password|requested access to the resource is denied/i;

const variants: Array<[string, RegistryOptions]> = [
  ['anonymous', {}],
  ['basic', { auth: 'basic' }],
  ['token', { auth: 'token' }],
  ['TLS', { tls: true }],
  ['token + TLS', { auth: 'token', tls: true }],
  ['basic + TLS', { auth: 'basic', tls: true }],
];

describe('registry variants, checked with skopeo', () => {
  for (const [name, options] of variants) {
    it(`${name}: a push with the right credentials is served back`, async (t) => {
      const registry = await started(t, options);
      assert.equal(registry.url.startsWith('https://'), options.tls === true);
      const files = await registryClientFiles(registry);
      const image = await seedImage(registry, { repository: 'team/app', tag: '1.0.0' });

      const inspected = await skopeo([
        'inspect',
        '--raw',
        ...skopeoFlags(files),
        `docker://${image.reference}`,
      ]);
      assert.equal(inspected.code, 0, inspected.stderr);
      assert.equal(`sha256:${createHash('sha256').update(inspected.stdout).digest('hex')}`, image.digest);
      if (options.tls)
        assert.ok(files.certDir, 'a TLS registry is reached through the CA, not --tls-verify=false');
    });
  }

  for (const [name, options] of variants.filter(([, o]) => o.auth)) {
    it(`${name}: refuses a client without credentials or with a wrong password`, async (t) => {
      const registry = await started(t, options);
      const files = await registryClientFiles(registry);
      const image = await seedImage(registry, { repository: 'team/app', tag: '1.0.0' });
      const tls = files.certDir ? [`--cert-dir=${files.certDir}`] : ['--tls-verify=false'];
      const attempts = [
        await authFileWith(t, registry, registry.username!, 'wrong'),
        join(files.dockerConfig, 'missing.json'),
      ];
      for (const authFile of attempts) {
        const read = await skopeo([
          'inspect',
          '--raw',
          `--authfile=${authFile}`,
          ...tls,
          `docker://${image.reference}`,
        ]);
        assert.notEqual(read.code, 0);
        assert.match(read.stderr, refused);

        const push = await skopeo([
          'copy',
          ...skopeoFlags(files, 'src'),
          `--dest-authfile=${authFile}`,
          ...tls.map((flag) => flag.replace('--', '--dest-')),
          `docker://${image.reference}`,
          `docker://${registry.host}/team/app:stolen`,
        ]);
        assert.notEqual(push.code, 0);
        assert.match(push.stderr, refused);
      }
    });
  }

  for (const [name, options] of variants.filter(([, o]) => o.tls)) {
    it(`${name}: a client that does not trust the CA is refused`, async (t) => {
      const registry = await started(t, options);
      const files = await registryClientFiles(registry);
      const read = await skopeo([
        'inspect',
        '--raw',
        `--authfile=${files.authFile}`,
        `docker://${registry.host}/team/app:1.0.0`,
      ]);
      assert.notEqual(read.code, 0);
      assert.match(read.stderr, /certificate signed by unknown authority/);
    });
  }

  it('token: the token server signs ES256 JWTs with an x5c chain and grants what was asked', async (t) => {
    const registry = await started(t, { auth: 'token' });
    await seedImage(registry, { repository: 'team/app' });
    const server = registry.tokenServer!;
    assert.ok(
      server.grants.some(
        (g) =>
          g.subject === registry.username &&
          g.granted.some((a) => a.name === 'team/app' && a.actions.includes('push')),
      ),
      JSON.stringify(server.grants),
    );

    const basic = (password: string) =>
      `Basic ${Buffer.from(`${registry.username}:${password}`).toString('base64')}`;
    const query = 'service=digestflow-registry&scope=repository:team/app:pull';
    const good = await httpRequest(`${server.realm}?${query}`, {
      headers: { authorization: basic(registry.password!) },
    });
    assert.equal(good.status, 200);
    const body = JSON.parse(good.body) as Record<string, unknown>;
    assert.equal(body.token, body.access_token);
    assert.equal(body.expires_in, 300);
    const [header, claims] = String(body.token)
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    assert.equal(header.alg, 'ES256');
    assert.equal(header.x5c.length, 1);
    assert.equal(claims.aud, 'digestflow-registry');
    assert.deepEqual(claims.access, [{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    for (const claim of ['iss', 'sub', 'exp', 'nbf', 'iat', 'jti']) assert.ok(claims[claim], claim);

    // The registry checks the signature: the same claims re-encoded differently lose it.
    const tags = (token: string) =>
      httpRequest(`${registry.url}/v2/team/app/tags/list`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await tags(String(body.token))).status, 200);
    const [encodedHeader, , signature] = String(body.token).split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, jti: 'forged' })).toString('base64url');
    assert.equal((await tags(`${encodedHeader}.${forged}.${signature}`)).status, 401);

    const wrong = await httpRequest(`${server.realm}?${query}`, {
      headers: { authorization: basic('wrong') },
    });
    assert.equal(wrong.status, 401);
    const anonymous = await httpRequest(`${server.realm}?${query}`);
    const anonymousClaims = JSON.parse(
      Buffer.from(String(JSON.parse(anonymous.body).token).split('.')[1]!, 'base64url').toString(),
    );
    assert.deepEqual(anonymousClaims.access, [], 'no credentials, no access');

    // The OAuth2 form that docker login's refresh flow uses.
    const form = (password: string) =>
      httpRequest(server.realm, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'password',
          service: 'digestflow-registry',
          client_id: 'test',
          username: registry.username!,
          password,
          scope: 'repository:team/app:pull',
        }).toString(),
      });
    const posted = await form(registry.password!);
    assert.equal(posted.status, 200);
    assert.equal((await tags(JSON.parse(posted.body).access_token)).status, 200);
    assert.equal((await form('wrong')).status, 401);
  });
});

describe('pnpm registry', () => {
  it('prints the address and credentials, serves until SIGTERM, then removes its files', async (t) => {
    const cli = spawn(
      process.execPath,
      [join(import.meta.dirname, '..', 'src', 'cli', 'registry.ts'), '--auth', 'basic'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let printed = '';
    cli.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk;
    });
    const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
    // SIGTERM, not SIGKILL: the command must stop its registry and remove its files.
    t.after(async () => {
      if (cli.exitCode === null) cli.kill('SIGTERM');
      await exited;
    });
    await waitUntil(async () => printed.includes('Ctrl-C'), 'the registry command to print its address');
    const url = /^registry\s+(\S+)/m.exec(printed)?.[1];
    const username = /^username\s+(\S+)/m.exec(printed)?.[1];
    const password = /^password\s+(\S+)/m.exec(printed)?.[1];
    const storage = /^storage\s+(\S+)/m.exec(printed)?.[1];
    assert.ok(url && username && password && storage, printed);
    const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    assert.equal((await httpRequest(`${url}/v2/`, { headers: { authorization } })).status, 200);
    await stat(join(dirname(storage), 'config.yml'));

    cli.kill('SIGTERM');
    assert.equal(await exited, 0);
    await assert.rejects(stat(dirname(storage)), { code: 'ENOENT' });
    await assert.rejects(httpRequest(`${url}/v2/`), { code: 'ECONNREFUSED' });
  });
});

/** An action whose dist calls the registry's `/v2/` with what DOCKER_CONFIG holds for it. */
const probeAction = `
import { appendFileSync, readFileSync } from 'node:fs';
const url = process.env.INPUT_REGISTRY;
const config = process.env.DOCKER_CONFIG
  ? JSON.parse(readFileSync(process.env.DOCKER_CONFIG + '/config.json', 'utf8'))
  : {};
const auth = config.auths?.[new URL(url).host]?.auth;
let status;
try {
  status = (await fetch(url + '/v2/', { headers: auth ? { authorization: 'Basic ' + auth } : {} })).status;
} catch (error) {
  status = 'failed: ' + (error.cause?.code ?? error.message);
}
appendFileSync(process.env.GITHUB_OUTPUT, 'status=' + status + '\\n');
`;

describe('a registry through the runner harness', () => {
  it("an action's dist reaches a basic + TLS registry with the client files' env, and not without", async (t) => {
    const registry = await started(t, { auth: 'basic', tls: true });
    const files = await registryClientFiles(registry);
    const action = await mkdtemp(join(tmpdir(), 'probe-action-'));
    t.after(() => rm(action, { recursive: true, force: true }));
    await mkdir(join(action, 'dist'));
    await writeFile(join(action, 'dist', 'index.mjs'), probeAction);
    await writeFile(
      join(action, 'action.yml'),
      'name: probe\ninputs:\n  registry:\n    required: true\nruns:\n  using: node24\n  main: dist/index.mjs\n',
    );

    const withEnv = await runAction(action, { inputs: { registry: registry.url }, env: files.env });
    assert.equal(withEnv.exitCode, 0, withEnv.stderr);
    assert.equal(withEnv.outputs.status, '200');

    const withoutCa = await runAction(action, {
      inputs: { registry: registry.url },
      env: { DOCKER_CONFIG: files.dockerConfig },
    });
    assert.match(withoutCa.outputs.status ?? '', /^failed: .*(CERT|SELF_SIGNED|UNABLE_TO_VERIFY)/);

    const withoutCredentials = await runAction(action, {
      inputs: { registry: registry.url },
      env: { NODE_EXTRA_CA_CERTS: files.env.NODE_EXTRA_CA_CERTS! },
    });
    assert.equal(withoutCredentials.outputs.status, '401');
  });
});
