// Registry credentials, resolved in the order DESIGN.md gives: explicit inputs; ACR (Entra
// token exchanged at the registry); GHCR with the GitHub token; Docker's config.json (inline
// auths and credential helpers); else anonymous. Every secret found is handed to onSecret.
import { ConfigurationError } from './errors.ts';
import { dockerConfigDir, dockerConfigLogin } from './registry/docker-config.ts';

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
  /** Where they came from, for the log (never the secret itself). */
  readonly source:
    | 'inputs'
    | 'acr-oidc'
    | 'acr-azure-credential'
    | 'github-token'
    | 'docker-config'
    | 'anonymous';
}

export interface AzureOptions {
  readonly clientId?: string;
  readonly tenantId?: string;
  /** Fetches the GitHub OIDC token for an audience (core.getIDToken on a runner). */
  readonly getIdToken?: (audience: string) => Promise<string>;
  /** Entra authority host, e.g. https://login.microsoftonline.us; default the public cloud. */
  readonly authorityHost?: string;
  /** Called with every token obtained on the way (OIDC, Entra, refresh), so the caller can mask it. */
  readonly onSecret?: (secret: string) => void;
}

export interface CredentialOptions {
  readonly username?: string;
  readonly password?: string;
  readonly githubToken?: string;
  /** User name presented with the GitHub token at ghcr.io (the actor); default 'x-access-token'. */
  readonly githubUsername?: string;
  readonly azure?: AzureOptions;
  /** Folder of Docker's config.json; default $DOCKER_CONFIG, else ~/.docker. */
  readonly dockerConfigDir?: string;
  /** Treat the registry as ACR even when its host is not *.azurecr.io (emulators, custom domains). */
  readonly acr?: boolean;
  /** Called with every secret obtained, so the caller can mask it (core.setSecret). */
  readonly onSecret?: (secret: string) => void;
}

export function isAcrRegistry(registry: string, options: Pick<CredentialOptions, 'acr'> = {}): boolean {
  const host = registry.toLowerCase().replace(/:\d+$/, '');
  return options.acr === true || host.endsWith('.azurecr.io');
}

function isGhcr(registry: string): boolean {
  return registry.toLowerCase() === 'ghcr.io';
}

async function findCredentials(
  registry: string,
  options: CredentialOptions,
): Promise<RegistryCredentials | undefined> {
  if (options.username !== undefined && options.password !== undefined) {
    return { username: options.username, password: options.password, source: 'inputs' };
  }
  if (isAcrRegistry(registry, options)) {
    // Dynamic import: @azure/identity stays off the start path of every other registry.
    const { acrCredentials } = await import('./acr.ts');
    const acr = await acrCredentials(registry, { onSecret: options.onSecret, ...options.azure });
    // No Azure sign-in configured at all: a `docker login` to the registry may still serve.
    if (acr) return acr;
  }
  if (isGhcr(registry) && options.githubToken) {
    return {
      username: options.githubUsername ?? 'x-access-token',
      password: options.githubToken,
      source: 'github-token',
    };
  }
  const login = await dockerConfigLogin(registry, dockerConfigDir(options.dockerConfigDir));
  if (login) return { ...login, source: 'docker-config' };
  return undefined;
}

/** Credentials for `registry` (a host, with port), or `undefined` for anonymous access. */
export async function resolveCredentials(
  registry: string,
  options: CredentialOptions,
): Promise<RegistryCredentials | undefined> {
  const credentials = await findCredentials(registry, options);
  if (credentials && credentials.password !== '') options.onSecret?.(credentials.password);
  return credentials;
}

/** A Microsoft Entra authority host (sovereign clouds): an https origin. */
export function parseAuthorityHost(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`'${value}' is not a URL: expected e.g. https://login.microsoftonline.us`);
  }
  if (url.protocol !== 'https:') throw new ConfigurationError(`'${value}' must be an https URL`);
  return url.origin;
}
