import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hash } from 'bcryptjs';
import { stringify } from 'yaml';
import { freePort, type HttpResponse, httpRequest, waitUntil } from './net.ts';
import { createCertificateAuthority, issueCertificate, loopbackNames } from './tls.ts';
import { startTokenServer, type TokenServer } from './token-server.ts';

export type RegistryAuth = 'none' | 'basic' | 'token';

export interface RegistryOptions {
  /** `none` (anonymous), `basic` (htpasswd, bcrypt) or `token` (Bearer tokens from a testkit token server). */
  readonly auth?: RegistryAuth;
  /** Serve HTTPS with a certificate for 127.0.0.1/localhost signed by a fresh CA (`caFile`). */
  readonly tls?: boolean;
  /** Credentials for the auth variants; default `digestflow` and a random password. */
  readonly username?: string;
  readonly password?: string;
}

/** A running `distribution` registry on loopback. */
export interface Registry {
  /** `127.0.0.1:<port>`, as it goes into an image reference. */
  readonly host: string;
  /** `http://…` or `https://…` base URL. */
  readonly url: string;
  readonly auth: RegistryAuth;
  /** Credentials a client logs in with, for the auth variants. */
  readonly username?: string;
  readonly password?: string;
  /** PEM file of the CA that signed the registry's certificate, for the TLS variant. */
  readonly caFile?: string;
  readonly storageDir: string;
  /** The token variant's token server: its realm URL and every grant it made. */
  readonly tokenServer?: TokenServer;
  stop(): Promise<void>;
}

/** The `service` and `issuer` the token variant's registry and token server agree on. */
const tokenService = 'digestflow-registry';
const tokenIssuer = 'digestflow-testkit-token-server';

/**
 * Starts the real `docker-registry` binary (distribution 2.8) on a free loopback port with a
 * temporary storage folder, in the variant asked for. `stop()` ends it (and its token server) and
 * removes every file it made, client files from {@link registryClientFiles} included.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const auth = options.auth ?? 'none';
  const dir = await mkdtemp(join(tmpdir(), 'registry-'));
  const storageDir = join(dir, 'storage');
  const credentials =
    auth === 'none'
      ? {}
      : {
          username: options.username ?? 'digestflow',
          password: options.password ?? randomBytes(12).toString('hex'),
        };
  let child: ChildProcess | undefined;
  let tokenServer: TokenServer | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await tokenServer?.stop();
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const ca = options.tls || auth === 'token' ? await createCertificateAuthority(dir) : undefined;
    const serverCert =
      options.tls && ca ? await issueCertificate(ca, dir, 'registry', { names: loopbackNames }) : undefined;
    const config: Record<string, unknown> = {
      version: 0.1,
      log: { level: 'error', accesslog: { disabled: true } },
      storage: {
        filesystem: { rootdirectory: storageDir },
        delete: { enabled: true },
        maintenance: { uploadpurging: { enabled: false } },
      },
    };
    if (auth === 'basic') {
      config.auth = { htpasswd: { realm: 'digestflow', path: await writeHtpasswd(dir, credentials) } };
    }
    if (auth === 'token' && ca) {
      tokenServer = await startTokenServer({
        service: tokenService,
        issuer: tokenIssuer,
        username: credentials.username!,
        password: credentials.password!,
        signer: await issueCertificate(ca, dir, 'token-signer', { usage: 'signing' }),
        tls: serverCert,
      });
      config.auth = {
        token: {
          realm: tokenServer.realm,
          service: tokenService,
          issuer: tokenIssuer,
          rootcertbundle: ca.certFile,
        },
      };
    }
    const caPem = ca ? await readFile(ca.certFile, 'utf8') : undefined;
    const expectedStatus = auth === 'none' ? 200 : 401;
    // The free port can be taken by another process before the registry binds it: try another.
    for (let attempt = 1; ; attempt++) {
      const host = `127.0.0.1:${await freePort()}`;
      const url = `${options.tls ? 'https' : 'http'}://${host}`;
      const http = {
        addr: host,
        secret: randomBytes(16).toString('hex'),
        ...(serverCert ? { tls: { certificate: serverCert.certFile, key: serverCert.keyFile } } : {}),
      };
      const configFile = join(dir, 'config.yml');
      await writeFile(configFile, stringify({ ...config, http }));
      child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
      try {
        await untilServing(child, host, async () => {
          const { status } = await httpRequest(`${url}/v2/`, { ca: caPem });
          return status === expectedStatus;
        });
      } catch (error) {
        if (attempt < 3 && /address already in use/.test(String(error))) continue;
        throw error;
      }
      return {
        host,
        url,
        auth,
        ...credentials,
        ...(options.tls && ca ? { caFile: ca.certFile } : {}),
        storageDir,
        ...(tokenServer ? { tokenServer } : {}),
        stop,
      };
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits until `probe` sees the registry serve, or fails with its stderr if it exits first. */
async function untilServing(child: ChildProcess, host: string, probe: () => Promise<boolean>): Promise<void> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`docker-registry exited with ${code}: ${stderr}`))),
  );
  exited.catch(() => {});
  await Promise.race([exited, waitUntil(probe, `docker-registry on ${host}`)]);
}

/** An htpasswd file with one bcrypt entry (the only hash distribution accepts). */
async function writeHtpasswd(
  dir: string,
  credentials: { username?: string; password?: string },
): Promise<string> {
  const file = join(dir, 'htpasswd');
  // Cost 4, the minimum: the registry checks the hash on every request.
  await writeFile(file, `${credentials.username}:${await hash(credentials.password!, 4)}\n`);
  return file;
}

/** Files a registry client (skopeo, buildah, an action) needs to reach a {@link Registry}. */
export interface RegistryClientFiles {
  /** Docker `config.json` with the registry's credentials (an empty `auths` when anonymous). */
  readonly authFile: string;
  /** Folder holding `authFile` as `config.json`: the action's `DOCKER_CONFIG`. */
  readonly dockerConfig: string;
  /** `--cert-dir` folder with the CA as `ca.crt`, for the TLS variant. */
  readonly certDir?: string;
  /** Environment for a process that talks to the registry: `DOCKER_CONFIG`, `REGISTRY_AUTH_FILE`, and `NODE_EXTRA_CA_CERTS` with TLS. */
  readonly env: Record<string, string>;
}

/**
 * Writes a Docker-style auth file and a cert dir for `registry`, beside its storage so that
 * `registry.stop()` removes them. Pair with {@link skopeoFlags} for the command line.
 */
export function registryClientFiles(registry: Registry): Promise<RegistryClientFiles> {
  // Written once per registry: a rewrite while skopeo reads the file would race.
  let files = clientFiles.get(registry);
  if (!files) {
    files = writeClientFiles(registry);
    clientFiles.set(registry, files);
  }
  return files;
}

const clientFiles = new WeakMap<Registry, Promise<RegistryClientFiles>>();

async function writeClientFiles(registry: Registry): Promise<RegistryClientFiles> {
  const base = join(dirname(registry.storageDir), 'client');
  const dockerConfig = join(base, 'docker');
  const authFile = join(dockerConfig, 'config.json');
  await mkdir(dockerConfig, { recursive: true });
  const auths =
    registry.username !== undefined
      ? {
          [registry.host]: {
            auth: Buffer.from(`${registry.username}:${registry.password ?? ''}`).toString('base64'),
          },
        }
      : {};
  await writeFile(authFile, JSON.stringify({ auths }, null, 2), { mode: 0o600 });
  const env: Record<string, string> = { DOCKER_CONFIG: dockerConfig, REGISTRY_AUTH_FILE: authFile };
  if (!registry.caFile) return { authFile, dockerConfig, env };
  const certDir = join(base, 'certs');
  await mkdir(certDir, { recursive: true });
  await writeFile(join(certDir, 'ca.crt'), await readFile(registry.caFile));
  return { authFile, dockerConfig, certDir, env: { ...env, NODE_EXTRA_CA_CERTS: registry.caFile } };
}

/**
 * skopeo options to reach the registry with `files`: `--authfile`, and `--cert-dir` for TLS or
 * `--tls-verify=false` for plain HTTP. `side` picks `--src-…`/`--dest-…` for `skopeo copy`.
 */
export function skopeoFlags(files: RegistryClientFiles, side?: 'src' | 'dest'): string[] {
  const prefix = side ? `--${side}-` : '--';
  return [
    `${prefix}authfile=${files.authFile}`,
    files.certDir ? `${prefix}cert-dir=${files.certDir}` : `${prefix}tls-verify=false`,
  ];
}

/**
 * One request to the registry's HTTP API as a logged-in client: Basic credentials, or for the
 * token variant a Bearer token for `scope` (default pull and push on the repository in `path`),
 * trusting the CA for TLS. For fixtures and checks that skopeo cannot express, such as pushing a
 * manifest whose exact bytes matter; never a stand-in for the code under test.
 */
export async function registryRequest(
  registry: Registry,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; scope?: string } = {},
): Promise<HttpResponse> {
  const ca = registry.caFile ? await readFile(registry.caFile, 'utf8') : undefined;
  const headers = { ...options.headers };
  const basic = `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`;
  if (registry.auth === 'basic') headers.authorization = basic;
  if (registry.auth === 'token' && registry.tokenServer) {
    const repository = /^\/v2\/(.+?)\/(?:manifests|blobs|tags)\//.exec(path)?.[1];
    const scope = options.scope ?? `repository:${repository}:pull,push`;
    const query = new URLSearchParams({ service: tokenService, scope });
    const response = await httpRequest(`${registry.tokenServer.realm}?${query}`, {
      headers: { authorization: basic },
      ca,
    });
    if (response.status !== 200)
      throw new Error(`token server answered ${response.status}: ${response.body}`);
    headers.authorization = `Bearer ${(JSON.parse(response.body) as { token: string }).token}`;
  }
  return await httpRequest(`${registry.url}${path}`, {
    method: options.method,
    headers,
    body: options.body,
    ca,
  });
}
