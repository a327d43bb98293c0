// Registry credentials for the builder, in a temporary auth file the builder is pointed at
// through its environment, never on a command line. The caller removes the folder afterwards.
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RegistryCredentials } from '@digestflow/core';

interface AuthEntry {
  auth?: string;
  [key: string]: unknown;
}

interface AuthConfig {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

/** Docker keeps Docker Hub's credentials under its legacy index URL. */
function authKey(registry: string): string {
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

/** Docker's marker user name for an identity (refresh) token. */
const IDENTITY_TOKEN_USER = '<token>';

function authEntry(credentials: RegistryCredentials): AuthEntry {
  if (credentials.username === IDENTITY_TOKEN_USER) return { identitytoken: credentials.password };
  return { auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64') };
}

async function readConfig(file: string): Promise<AuthConfig> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as AuthConfig;
  } catch {
    return {};
  }
}

/**
 * A Docker config folder for `DOCKER_CONFIG`: the user's config.json with this registry's
 * credentials inline, and the user's other entries (buildx builders, CLI plugins, contexts)
 * linked in, so `docker buildx` still finds the builder that setup-buildx-action made.
 * A `credsStore` would take precedence over inline credentials, so it becomes a
 * per-registry helper for every registry the user had logged in to.
 */
export async function writeDockerConfig(
  dir: string,
  registry: string,
  credentials: RegistryCredentials,
  userDir: string = process.env.DOCKER_CONFIG || join(homedir(), '.docker'),
): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const user = await readConfig(join(userDir, 'config.json'));
  const key = authKey(registry);
  const { credsStore, ...config } = user;
  const credHelpers = { ...user.credHelpers };
  if (credsStore !== undefined) {
    for (const other of Object.keys(user.auths ?? {})) credHelpers[other] ??= credsStore;
  }
  for (const other of Object.keys(credHelpers)) {
    if (other.replace(/^https?:\/\//, '').split('/')[0] === registry || other === key)
      delete credHelpers[other];
  }
  const written: AuthConfig = {
    ...config,
    auths: { ...user.auths, [key]: authEntry(credentials) },
    ...(Object.keys(credHelpers).length > 0 ? { credHelpers } : {}),
  };
  await writeFile(join(dir, 'config.json'), JSON.stringify(written, null, 2), { mode: 0o600 });
  const entries = await readdir(userDir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (entry !== 'config.json') await symlink(join(userDir, entry), join(dir, entry));
  }
  return { DOCKER_CONFIG: dir };
}

/**
 * A containers auth.json for `REGISTRY_AUTH_FILE` (buildah): the user's own auth file's
 * entries, if one was set, with this registry's credentials over them.
 */
export async function writeContainersAuthFile(
  dir: string,
  registry: string,
  credentials: RegistryCredentials,
  userFile: string | undefined = process.env.REGISTRY_AUTH_FILE,
): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const user = userFile === undefined || userFile === '' ? {} : await readConfig(userFile);
  const file = join(dir, 'auth.json');
  const written = { auths: { ...user.auths, [registry]: authEntry(credentials) } };
  await writeFile(file, JSON.stringify(written, null, 2), { mode: 0o600 });
  return { REGISTRY_AUTH_FILE: file };
}
