import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);

// packages/core/src/errors.ts
var ConfigurationError = class extends Error {
  /** The action input the mistake is about, when there is one. */
  input;
  constructor(message, options = {}) {
    super(options.input ? `Input '${options.input}': ${message}` : message, { cause: options.cause });
    this.name = "ConfigurationError";
    this.input = options.input;
  }
};
function inInput(input, parse) {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ConfigurationError && error.input === void 0) {
      throw new ConfigurationError(error.message, { input, cause: error });
    }
    throw error;
  }
}

// packages/core/src/acr.ts
var ACR_REFRESH_TOKEN_USER = "00000000-0000-0000-0000-000000000000";
var ACR_ENTRA_SCOPE = "https://containerregistry.azure.net/.default";
var AZURE_FEDERATION_AUDIENCE = "api://AzureADTokenExchange";
var AzureSignInUnavailable = class extends ConfigurationError {
};
function unavailable(error) {
  const { name, errors } = error;
  if (name === "CredentialUnavailableError") return true;
  return name === "AggregateAuthenticationError" && (errors ?? []).every(unavailable);
}
function federated(options) {
  if (options.clientId === void 0 !== (options.tenantId === void 0)) {
    throw new ConfigurationError(
      "azure-client-id and azure-tenant-id go together: give both for OIDC workload identity federation, or neither to use the signed-in Azure CLI or environment credential"
    );
  }
  return options.clientId !== void 0;
}
async function azureCredential(options) {
  const identity = await import("./esm-TRBM6WLV.js");
  const common = options.authorityHost === void 0 ? {} : { authorityHost: options.authorityHost, disableInstanceDiscovery: true };
  let credential;
  if (federated(options)) {
    const getIdToken = options.getIdToken;
    if (getIdToken === void 0) {
      throw new ConfigurationError(
        "OIDC workload identity needs the GitHub OIDC token: give the job `permissions: id-token: write`"
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
      common
    );
  } else {
    credential = new identity.ChainedTokenCredential(
      new identity.EnvironmentCredential(common),
      new identity.AzureCliCredential()
    );
  }
  return {
    getToken: async (scopes, getTokenOptions) => {
      let token;
      try {
        token = await credential.getToken(scopes, getTokenOptions);
      } catch (error) {
        const failure = signInError(options, error);
        if (options.clientId === void 0 && unavailable(error)) {
          throw new AzureSignInUnavailable(failure.message, { cause: error });
        }
        throw failure;
      }
      if (token) options.onSecret?.(token.token);
      return token;
    }
  };
}
function signInError(options, error) {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  const hint = options.clientId !== void 0 ? `check that app ${options.clientId} in tenant ${options.tenantId} has a federated credential whose subject matches this workflow (e.g. repo:OWNER/REPO:ref:refs/tags/v1.2.3 or repo:OWNER/REPO:environment:NAME) and audience ${AZURE_FEDERATION_AUDIENCE}` : "sign in first (azure/login, or AZURE_CLIENT_ID/AZURE_TENANT_ID with a secret or federated token), or give azure-client-id and azure-tenant-id for OIDC workload identity";
  return new ConfigurationError(`Microsoft Entra sign-in failed: ${reason}; ${hint}`, { cause: error });
}
async function registryChallenge(registry) {
  const response = await fetch(`https://${registry}/v2/`);
  await response.body?.cancel();
  const header = response.headers.get("www-authenticate") ?? "";
  const params = Object.fromEntries(
    [...header.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key.toLowerCase(), value])
  );
  if (!/^Bearer /i.test(header) || !params.realm) {
    throw new ConfigurationError(
      `${registry} does not answer like Azure Container Registry (no Bearer challenge at /v2/, status ${response.status})`
    );
  }
  return { realm: params.realm, service: params.service ?? registry };
}
async function exchangeForRefreshToken(registry, entraToken, tenantId) {
  const { realm, service } = await registryChallenge(registry);
  const form = new URLSearchParams({ grant_type: "access_token", service, access_token: entraToken });
  if (tenantId !== void 0) form.set("tenant", tenantId);
  const response = await fetch(new URL("/oauth2/exchange", realm), { method: "POST", body: form });
  const body = await response.text();
  if (!response.ok) {
    const message = acrErrorMessage(body) ?? `status ${response.status}`;
    throw new ConfigurationError(
      `${registry} refused the Entra token at /oauth2/exchange (${message}): the identity needs a role on the registry, e.g. AcrPush`
    );
  }
  const refreshToken = JSON.parse(body).refresh_token;
  if (typeof refreshToken !== "string" || refreshToken === "") {
    throw new Error(`${registry}: /oauth2/exchange answered without a refresh_token`);
  }
  return refreshToken;
}
function acrErrorMessage(body) {
  try {
    const errors = JSON.parse(body).errors;
    return errors?.map((e) => [e.code, e.message].filter(Boolean).join(": ")).join("; ") || void 0;
  } catch {
    return void 0;
  }
}
async function acrCredentials(registry, options) {
  const credential = await azureCredential(options);
  let entra;
  try {
    entra = await credential.getToken(ACR_ENTRA_SCOPE);
  } catch (error) {
    if (error instanceof AzureSignInUnavailable) return void 0;
    throw error;
  }
  if (!entra) throw new ConfigurationError("Microsoft Entra sign-in returned no token");
  const refreshToken = await exchangeForRefreshToken(registry, entra.token, options.tenantId);
  options.onSecret?.(refreshToken);
  return {
    username: ACR_REFRESH_TOKEN_USER,
    password: refreshToken,
    source: options.clientId !== void 0 ? "acr-oidc" : "acr-azure-credential"
  };
}

export {
  ConfigurationError,
  inInput,
  ACR_REFRESH_TOKEN_USER,
  ACR_ENTRA_SCOPE,
  AZURE_FEDERATION_AUDIENCE,
  AzureSignInUnavailable,
  azureCredential,
  exchangeForRefreshToken,
  acrCredentials
};
//# sourceMappingURL=chunk-62BAO2SJ.js.map
