import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readForm, sendJson } from './http.ts';
import { nowSeconds, signJwt, verifyJwt } from './jwt.ts';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** An Entra app (or user-assigned managed identity) that trusts GitHub's OIDC tokens for one subject. */
export interface FederatedCredential {
  readonly clientId: string;
  readonly tenantId: string;
  /** e.g. `repo:octo-org/octo-app:ref:refs/tags/v1.2.3` or `repo:octo-org/octo-app:environment:production`. */
  readonly subject: string;
  /** The service principal's object ID, which role assignments name; default the client ID. */
  readonly objectId?: string;
}

export interface EntraTokenClaims {
  readonly tenant: string;
  readonly oid: string;
  /** Default `https://containerregistry.azure.net`, as for the `.default` scope the Azure SDK asks. */
  readonly audience?: string;
  readonly expiresInSeconds?: number;
}

/**
 * Doubles of the two identity providers ACR's workload identity flow crosses: GitHub's OIDC
 * token service (what `core.getIDToken` calls) and the Microsoft Entra token endpoint that
 * MSAL reaches at `<authorityHost>/<tenant>/` (its OpenID configuration and v2.0 token URL).
 */
export class IdentityDoubles {
  readonly entraSecret = randomBytes(32);
  readonly #githubSecret = randomBytes(32);
  readonly #credentials: FederatedCredential[];
  readonly #requestTokens = new Map<string, string>();
  readonly #baseUrl: () => string;

  constructor(credentials: readonly FederatedCredential[], baseUrl: () => string) {
    this.#credentials = [...credentials];
    this.#baseUrl = baseUrl;
  }

  addFederatedCredential(credential: FederatedCredential): void {
    this.#credentials.push(credential);
  }

  entraToken(claims: EntraTokenClaims): string {
    const now = nowSeconds();
    return signJwt(
      {
        aud: claims.audience ?? 'https://containerregistry.azure.net',
        iss: `https://sts.windows.net/${claims.tenant}/`,
        tid: claims.tenant,
        oid: claims.oid,
        sub: claims.oid,
        iat: now,
        nbf: now,
        exp: now + (claims.expiresInSeconds ?? 3600),
        ver: '1.0',
      },
      this.entraSecret,
    );
  }

  githubIdToken(subject: string, audience: string): string {
    const now = nowSeconds();
    return signJwt(
      { iss: GITHUB_ISSUER, sub: subject, aud: audience, iat: now, nbf: now, exp: now + 300 },
      this.#githubSecret,
    );
  }

  /** What the runner puts in ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN for a job whose subject is given. */
  githubOidc(subject: string): { requestUrl: string; requestToken: string } {
    const requestToken = randomBytes(16).toString('hex');
    this.#requestTokens.set(requestToken, subject);
    return { requestUrl: `${this.#baseUrl()}/_github/oidc/token?api-version=2.0`, requestToken };
  }

  /** GET /_github/oidc/token?audience=…, Bearer request token -> `{ value: <JWT> }`. */
  githubTokenEndpoint(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    const subject = bearer ? this.#requestTokens.get(bearer[1]!) : undefined;
    if (subject === undefined) {
      sendJson(res, 401, { message: 'Bad credentials' });
      return;
    }
    sendJson(res, 200, { value: this.githubIdToken(subject, query.get('audience') ?? GITHUB_ISSUER) });
  }

  openIdConfiguration(res: ServerResponse, tenant: string): void {
    const base = `${this.#baseUrl()}/${tenant}`;
    sendJson(res, 200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      issuer: `${base}/v2.0`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      tenant_region_scope: null,
      cloud_instance_name: 'microsoftonline.com',
    });
  }

  /** POST /<tenant>/oauth2/v2.0/token: client credentials with a federated client assertion. */
  async tokenEndpoint(req: IncomingMessage, res: ServerResponse, tenant: string): Promise<void> {
    const form = await readForm(req);
    const fail = (status: number, error: string, code: number, description: string) =>
      sendJson(res, status, {
        error,
        error_description: `AADSTS${code}: ${description}`,
        error_codes: [code],
        timestamp: new Date().toISOString(),
      });
    if (form.get('grant_type') !== 'client_credentials') {
      return fail(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
      return fail(401, 'invalid_client', 7000218, "The request body must contain 'client_assertion'.");
    }
    const clientId = form.get('client_id') ?? '';
    const assertion = verifyJwt(form.get('client_assertion') ?? '', this.#githubSecret);
    if (!assertion || assertion.iss !== GITHUB_ISSUER || assertion.aud !== FEDERATION_AUDIENCE) {
      return fail(
        401,
        'invalid_client',
        700211,
        'No matching federated identity record found for presented assertion issuer or audience.',
      );
    }
    const credential = this.#credentials.find(
      (c) => c.tenantId === tenant && c.clientId === clientId && c.subject === assertion.sub,
    );
    if (!credential) {
      return fail(
        401,
        'invalid_client',
        700213,
        `No matching federated identity record found for presented assertion subject '${String(assertion.sub)}'.`,
      );
    }
    const resource = (form.get('scope') ?? '')
      .split(' ')
      .find((scope) => scope.endsWith('/.default'))
      ?.slice(0, -'/.default'.length);
    if (!resource) return fail(400, 'invalid_scope', 1002012, 'The provided value for scope is not valid.');
    const accessToken = this.entraToken({
      tenant,
      oid: credential.objectId ?? credential.clientId,
      audience: resource,
    });
    sendJson(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    });
  }
}
