// Docker's config.json as `docker login` writes it: inline `auths`, and credential helpers
// (`credsStore` for every registry, `credHelpers` per registry) spoken to over the
// `docker-credential-<name> get` protocol (server URL on stdin, JSON on stdout).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../errors.ts';

export interface DockerLogin {
  readonly username: string;
  readonly password: string;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Docker Hub's credentials live under its legacy index URL. */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** Docker's marker for an identity (refresh) token in place of a user name. */
export const IDENTITY_TOKEN_USER = '<token>';
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const HELPER_TIMEOUT_MS = 30_000;

export function dockerConfigDir(explicit?: string): string {
  return explicit ?? process.env.DOCKER_CONFIG ?? join(homedir(), '.docker');
}

/** The host a config key names: keys may be bare hosts or URLs (`https://host/v1/`). */
function keyHost(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '';
  return host.toLowerCase();
}

function isDockerHub(host: string): boolean {
  return DOCKER_HUB_HOSTS.has(host.toLowerCase());
}

function matches(key: string, registry: string): boolean {
  const host = keyHost(key);
  return host === registry.toLowerCase() || (isDockerHub(registry) && isDockerHub(host));
}

function fromEntry(entry: AuthEntry, file: string, key: string): DockerLogin | undefined {
  if (entry.identitytoken) return { username: IDENTITY_TOKEN_USER, password: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) {
      throw new ConfigurationError(`${file}: the 'auth' of '${key}' is not base64 of 'user:password'`);
    }
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username !== undefined && entry.password !== undefined) {
    return { username: entry.username, password: entry.password };
  }
  return undefined;
}

/** Runs `docker-credential-<helper> get`; `undefined` when the helper has nothing for the server. */
export async function credentialHelperGet(
  helper: string,
  serverUrl: string,
): Promise<DockerLogin | undefined> {
  if (!HELPER_NAME.test(helper)) {
    throw new ConfigurationError(`Docker config names an invalid credential helper '${helper}'`);
  }
  const program = `docker-credential-${helper}`;
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(program, ['get'], {
        stdio: ['pipe', 'pipe', 'pipe'],
        signal: AbortSignal.timeout(HELPER_TIMEOUT_MS),
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        err += chunk;
      });
      child.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ENOENT'
            ? new ConfigurationError(
                `Docker config names credential helper '${helper}' but ${program} is not on PATH`,
              )
            : error,
        ),
      );
      child.on('close', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
      child.stdin.end(serverUrl);
    },
  );
  if (code !== 0) {
    // The protocol's answer for "nothing stored" is this message on stdout (or stderr).
    if (/credentials not found/i.test(stdout + stderr)) return undefined;
    throw new ConfigurationError(`${program} get failed for ${serverUrl}: ${(stdout + stderr).trim()}`);
  }
  let parsed: { Username?: string; Secret?: string };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    throw new ConfigurationError(`${program} get answered something other than JSON`);
  }
  if (!parsed.Secret) return undefined;
  return { username: parsed.Username ?? '', password: parsed.Secret };
}

/** Credentials for `registry` from Docker's config.json in `dir`, or `undefined`. */
export async function dockerConfigLogin(registry: string, dir: string): Promise<DockerLogin | undefined> {
  const file = join(dir, 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let config: DockerConfig;
  try {
    config = JSON.parse(text) as DockerConfig;
  } catch (error) {
    throw new ConfigurationError(`${file} is not valid JSON`, { cause: error });
  }
  const serverUrl = isDockerHub(registry) ? DOCKER_HUB_KEY : registry;

  const helperKey = Object.keys(config.credHelpers ?? {}).find((key) => matches(key, registry));
  if (helperKey !== undefined) return credentialHelperGet(config.credHelpers![helperKey]!, serverUrl);

  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (!matches(key, registry)) continue;
    const login = fromEntry(entry, file, key);
    if (login) return login;
  }
  if (config.credsStore) return credentialHelperGet(config.credsStore, serverUrl);
  return undefined;
}
