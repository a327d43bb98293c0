// Registry credentials, resolved in the order DESIGN.md gives. The first implementation
// covers explicit inputs; the registry-client work completes the chain (GHCR token,
// Docker config.json with credential helpers) and the ACR work supplies acr.ts.

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
}

export interface CredentialOptions {
  readonly username?: string;
  readonly password?: string;
  readonly githubToken?: string;
  readonly azure?: AzureOptions;
  /** Folder of Docker's config.json; default $DOCKER_CONFIG, else ~/.docker. */
  readonly dockerConfigDir?: string;
  /** Treat the registry as ACR even when its host is not *.azurecr.io (emulators, custom domains). */
  readonly acr?: boolean;
  /** Called with every secret obtained, so the caller can mask it (core.setSecret). */
  readonly onSecret?: (secret: string) => void;
}

/** Credentials for `registry` (a host, with port), or `undefined` for anonymous access. */
export async function resolveCredentials(
  _registry: string,
  options: CredentialOptions,
): Promise<RegistryCredentials | undefined> {
  if (options.username !== undefined && options.password !== undefined) {
    return { username: options.username, password: options.password, source: 'inputs' };
  }
  return undefined;
}
