// Azure Container Registry authentication: a Microsoft Entra token exchanged at the registry
// for a refresh token, which Docker-style clients present as the password of the null GUID
// user (Azure/acr docs/AAD-OAuth.md). @azure/identity is loaded with import() only when an
// ACR registry is used, so it stays off every other start path.
import type { TokenCredential } from '@azure/identity';
import type { AzureOptions, RegistryCredentials } from './credentials.ts';
import { ConfigurationError } from './errors.ts';

export const ACR_REFRESH_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
/** The scope of the Entra token ACR exchanges (what @azure/container-registry asks for too). */
export const ACR_ENTRA_SCOPE = 'https://containerregistry.azure.net/.default';
/** The audience a GitHub OIDC token needs for Entra workload identity federation. */
export const AZURE_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * No Azure sign-in is configured on this machine: no IDs given, no environment credential,
 * no signed-in Azure CLI. Credential resolution moves on (to Docker's config.json); anything
 * that needs Entra itself reports it as the ConfigurationError it is.
 */
export class AzureSignInUnavailable extends ConfigurationError {}

function unavailable(error: unknown): boolean {
  const { name, errors } = error as { name?: string; errors?: unknown[] };
  if (name === 'CredentialUnavailableError') return true;
  return name === 'AggregateAuthenticationError' && (errors ?? []).every(unavailable);
}

/** Whether the options ask for workload identity federation (both IDs given). */
function federated(options: AzureOptions): options is AzureOptions & { clientId: string; tenantId: string } {
  if ((options.clientId === undefined) !== (options.tenantId === undefined)) {
    throw new ConfigurationError(
      'azure-client-id and azure-tenant-id go together: give both for OIDC workload identity federation, or neither to use the signed-in Azure CLI or environment credential',
    );
  }
  return options.clientId !== undefined;
}

/**
 * The Entra credential for ACR: with a client ID and tenant ID, workload identity federation
 * (the GitHub OIDC token as client assertion); otherwise the environment credential
 * (AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET and friends) or the signed-in Azure CLI
 * (`azure/login`). Every token it yields goes through `onSecret` first.
 */
export async function azureCredential(options: AzureOptions): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  // A custom authority host (sovereign clouds, tests) is trusted as given: no instance discovery.
  const common =
    options.authorityHost === undefined
      ? {}
      : { authorityHost: options.authorityHost, disableInstanceDiscovery: true };
  let credential: TokenCredential;
  if (federated(options)) {
    const getIdToken = options.getIdToken;
    if (getIdToken === undefined) {
      throw new ConfigurationError(
        'OIDC workload identity needs the GitHub OIDC token: give the job `permissions: id-token: write`',
      );
    }
    credential = new identity.ClientAssertionCredential(
      options.tenantId,
      options.clientId,
      async () => {
        const token = await getIdToken(AZURE_FEDERATION_AUDIENCE);
        options.onSecret?.(token);
        return token;
      },
      common,
    );
  } else {
    credential = new identity.ChainedTokenCredential(
      new identity.EnvironmentCredential(common),
      new identity.AzureCliCredential(),
    );
  }
  return {
    getToken: async (scopes, getTokenOptions) => {
      let token: Awaited<ReturnType<TokenCredential['getToken']>>;
      try {
        token = await credential.getToken(scopes, getTokenOptions);
      } catch (error) {
        const failure = signInError(options, error);
        if (options.clientId === undefined && unavailable(error)) {
          throw new AzureSignInUnavailable(failure.message, { cause: error });
        }
        throw failure;
      }
      if (token) options.onSecret?.(token.token);
      return token;
    },
  };
}

function signInError(options: AzureOptions, error: unknown): ConfigurationError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const hint =
    options.clientId !== undefined
      ? `check that app ${options.clientId} in tenant ${options.tenantId} has a federated credential whose subject matches this workflow (e.g. repo:OWNER/REPO:ref:refs/tags/v1.2.3 or repo:OWNER/REPO:environment:NAME) and audience ${AZURE_FEDERATION_AUDIENCE}`
      : 'sign in first (azure/login, or AZURE_CLIENT_ID/AZURE_TENANT_ID with a secret or federated token), or give azure-client-id and azure-tenant-id for OIDC workload identity';
  return new ConfigurationError(`Microsoft Entra sign-in failed: ${reason}; ${hint}`, { cause: error });
}

interface Challenge {
  readonly realm: string;
  readonly service: string;
}

/** The registry's Bearer challenge: where its token endpoints are and what it calls itself. */
async function registryChallenge(registry: string): Promise<Challenge> {
  const response = await fetch(`https://${registry}/v2/`);
  await response.body?.cancel();
  const header = response.headers.get('www-authenticate') ?? '';
  const params = Object.fromEntries(
    [...header.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key!.toLowerCase(), value!]),
  );
  if (!/^Bearer /i.test(header) || !params.realm) {
    throw new ConfigurationError(
      `${registry} does not answer like Azure Container Registry (no Bearer challenge at /v2/, status ${response.status})`,
    );
  }
  return { realm: params.realm, service: params.service ?? registry };
}

/** POST /oauth2/exchange: an Entra access token becomes an ACR refresh token. */
export async function exchangeForRefreshToken(
  registry: string,
  entraToken: string,
  tenantId?: string,
): Promise<string> {
  const { realm, service } = await registryChallenge(registry);
  // ACR's token endpoints are on the registry itself. A realm elsewhere means this is not ACR
  // (e.g. acr: true given for another registry of a promotion): the Entra token, valid for
  // every registry of the tenant, must not be handed to it.
  const endpoint = new URL('/oauth2/exchange', realm);
  if (endpoint.origin !== new URL(`https://${registry}`).origin) {
    throw new ConfigurationError(
      `${registry} sends clients to ${endpoint.origin} for tokens, so it is not Azure Container Registry: the Entra token is not sent there`,
    );
  }
  const form = new URLSearchParams({ grant_type: 'access_token', service, access_token: entraToken });
  if (tenantId !== undefined) form.set('tenant', tenantId);
  const response = await fetch(endpoint, { method: 'POST', body: form });
  const body = await response.text();
  if (!response.ok) {
    const message = acrErrorMessage(body) ?? `status ${response.status}`;
    throw new ConfigurationError(
      `${registry} refused the Entra token at /oauth2/exchange (${message}): the identity needs a role on the registry, e.g. AcrPush`,
    );
  }
  const refreshToken = (JSON.parse(body) as { refresh_token?: unknown }).refresh_token;
  if (typeof refreshToken !== 'string' || refreshToken === '') {
    throw new Error(`${registry}: /oauth2/exchange answered without a refresh_token`);
  }
  return refreshToken;
}

function acrErrorMessage(body: string): string | undefined {
  try {
    const errors = (JSON.parse(body) as { errors?: { code?: string; message?: string }[] }).errors;
    return errors?.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Docker-style credentials for an ACR registry: the Entra token (see {@link azureCredential})
 * exchanged for a refresh token, the password of {@link ACR_REFRESH_TOKEN_USER}. Registry
 * clients then trade it for scoped access tokens at the registry's token endpoint.
 * `undefined` when no Azure sign-in is configured at all (see {@link AzureSignInUnavailable}).
 */
export async function acrCredentials(
  registry: string,
  options: AzureOptions,
): Promise<RegistryCredentials | undefined> {
  const credential = await azureCredential(options);
  let entra: Awaited<ReturnType<TokenCredential['getToken']>>;
  try {
    entra = await credential.getToken(ACR_ENTRA_SCOPE);
  } catch (error) {
    if (error instanceof AzureSignInUnavailable) return undefined;
    throw error;
  }
  if (!entra) throw new ConfigurationError('Microsoft Entra sign-in returned no token');
  const refreshToken = await exchangeForRefreshToken(registry, entra.token, options.tenantId);
  options.onSecret?.(refreshToken);
  return {
    username: ACR_REFRESH_TOKEN_USER,
    password: refreshToken,
    source: options.clientId !== undefined ? 'acr-oidc' : 'acr-azure-credential',
  };
}
