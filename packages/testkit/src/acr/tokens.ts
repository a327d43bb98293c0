import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readForm, sendAcrError, sendJson } from './http.ts';
import { type JwtPayload, nowSeconds, signJwt, verifyJwt } from './jwt.ts';
import { ACR_ACTIONS, type AcrAction, allows, parseScopes, type ScopeAccess } from './scopes.ts';

/** The user name Docker clients pair with an ACR refresh token. */
export const REFRESH_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
/** Audiences ACR accepts in an exchanged Entra token: its own, and Azure Resource Manager's. */
export const ACR_AUDIENCES = [
  'https://containerregistry.azure.net',
  'https://management.azure.com',
  'https://management.azure.com/',
  'https://management.core.windows.net/',
];
const REFRESH_TOKEN_SECONDS = 3 * 60 * 60;
const ACCESS_TOKEN_SECONDS = 75 * 60;

export interface Principal {
  readonly oid: string;
  readonly tenant: string;
}

export interface TokenServiceOptions {
  /** The registry's login server, `127.0.0.1:<port>`: the `service` of every token. */
  readonly service: string;
  /** Verifies Entra access tokens (issued by `entraToken` or the emulator's Entra double). */
  readonly entraSecret: Buffer;
  readonly registrySecret: Buffer;
  /** Actions per principal object ID, like role assignments; a principal not listed gets all. */
  readonly roles: Readonly<Record<string, readonly AcrAction[]>>;
  readonly anonymousPull: boolean;
}

/** ACR's token endpoints: `/oauth2/exchange` and `/oauth2/token` (POST and GET with Basic auth). */
export class TokenService {
  readonly #options: TokenServiceOptions;

  constructor(options: TokenServiceOptions) {
    this.#options = options;
  }

  /** The claims of a valid access token for this registry, or undefined. */
  accessClaims(authorization: string | undefined): readonly ScopeAccess[] | undefined {
    const match = /^Bearer (.+)$/i.exec(authorization ?? '');
    if (!match) return undefined;
    const claims = verifyJwt(match[1]!, this.#options.registrySecret);
    if (claims?.grant_type !== 'access_token' || claims.aud !== this.#options.service) return undefined;
    return (claims.access as ScopeAccess[] | undefined) ?? [];
  }

  allowsScope(authorization: string | undefined, required: ScopeAccess): boolean {
    const access = this.accessClaims(authorization);
    return access !== undefined && allows(access, required);
  }

  /** POST /oauth2/exchange: an Entra access token becomes an ACR refresh token. */
  async exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const grantType = form.get('grant_type');
    const service = form.get('service');
    if (grantType !== 'access_token') {
      return sendAcrError(
        res,
        400,
        'UNSUPPORTED_GRANT_TYPE',
        `grant_type '${grantType ?? ''}' is not supported here: use access_token`,
      );
    }
    if (service !== this.#options.service) {
      return sendAcrError(res, 400, 'INVALID_SERVICE', `service must be '${this.#options.service}'`);
    }
    const entra = verifyJwt(form.get('access_token') ?? '', this.#options.entraSecret);
    if (!entra || !ACR_AUDIENCES.includes(String(entra.aud)) || typeof entra.oid !== 'string') {
      return sendAcrError(
        res,
        401,
        'UNAUTHORIZED',
        'the access token is not a valid Microsoft Entra token for this registry',
      );
    }
    const tenant = form.get('tenant');
    if (tenant && tenant !== entra.tid) {
      return sendAcrError(res, 401, 'UNAUTHORIZED', `the access token was not issued by tenant '${tenant}'`);
    }
    const now = nowSeconds();
    const refreshToken = signJwt(
      {
        jti: randomUUID(),
        sub: entra.oid,
        tenant: entra.tid,
        nbf: now,
        iat: now,
        exp: now + REFRESH_TOKEN_SECONDS,
        iss: 'Azure Container Registry',
        aud: this.#options.service,
        version: '1.0',
        grant_type: 'refresh_token',
      },
      this.#options.registrySecret,
    );
    sendJson(res, 200, { refresh_token: refreshToken });
  }

  /** POST /oauth2/token: refresh token + scopes -> access token (also the SDK's anonymous grant). */
  async tokenFromForm(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await readForm(req);
    const grantType = form.get('grant_type');
    let principal: Principal | 'anonymous' | undefined;
    if (grantType === 'refresh_token') principal = this.#refreshPrincipal(form.get('refresh_token') ?? '');
    else if (grantType === 'password' && !form.get('refresh_token')) principal = this.#anonymous();
    else
      return sendAcrError(
        res,
        400,
        'UNSUPPORTED_GRANT_TYPE',
        `grant_type '${grantType ?? ''}' is not supported`,
      );
    this.#issue(res, principal, form.get('service'), form.getAll('scope'));
  }

  /** GET /oauth2/token: how docker, skopeo and buildah log in (Basic auth, null GUID user + refresh token). */
  tokenFromLogin(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    let principal: Principal | 'anonymous' | undefined;
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = decoded.slice(0, colon);
      principal = user === REFRESH_TOKEN_USER ? this.#refreshPrincipal(decoded.slice(colon + 1)) : undefined;
    } else {
      principal = this.#anonymous();
    }
    this.#issue(res, principal, query.get('service'), query.getAll('scope'));
  }

  #anonymous(): 'anonymous' | undefined {
    return this.#options.anonymousPull ? 'anonymous' : undefined;
  }

  #refreshPrincipal(token: string): Principal | undefined {
    const claims: JwtPayload | undefined = verifyJwt(token, this.#options.registrySecret);
    if (claims?.grant_type !== 'refresh_token' || claims.aud !== this.#options.service) return undefined;
    return { oid: String(claims.sub), tenant: String(claims.tenant) };
  }

  #issue(
    res: ServerResponse,
    principal: Principal | 'anonymous' | undefined,
    service: string | null,
    scopeFields: string[],
  ): void {
    if (service !== this.#options.service) {
      sendAcrError(res, 400, 'INVALID_SERVICE', `service must be '${this.#options.service}'`);
      return;
    }
    if (principal === undefined) {
      sendAcrError(
        res,
        401,
        'UNAUTHORIZED',
        'authentication required, visit https://aka.ms/acr/authorization for more information.',
      );
      return;
    }
    const allowed: readonly string[] =
      principal === 'anonymous' ? ['pull'] : (this.#options.roles[principal.oid] ?? ACR_ACTIONS);
    // Like ACR, grant the subset of what was asked that the principal holds, never an error.
    const access = parseScopes(scopeFields.join(' ')).map((scope) => {
      if (scope.type === 'registry') {
        return { ...scope, actions: principal === 'anonymous' ? [] : scope.actions.filter((a) => a === '*') };
      }
      const asked = scope.actions.includes('*') ? [...ACR_ACTIONS] : scope.actions;
      return { ...scope, actions: asked.filter((action) => allowed.includes(action)) };
    });
    const now = nowSeconds();
    const accessToken = signJwt(
      {
        jti: randomUUID(),
        sub: principal === 'anonymous' ? '' : principal.oid,
        nbf: now,
        iat: now,
        exp: now + ACCESS_TOKEN_SECONDS,
        iss: 'Azure Container Registry',
        aud: this.#options.service,
        version: '1.0',
        grant_type: 'access_token',
        access,
      },
      this.#options.registrySecret,
    );
    sendJson(res, 200, { access_token: accessToken });
  }
}
