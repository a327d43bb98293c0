import { randomUUID, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type CertificateFiles, certificateDerBase64 } from './tls.ts';

/** One entry of a registry token's `access` claim (distribution's `ResourceActions`). */
export interface ResourceActions {
  readonly type: string;
  readonly name: string;
  readonly actions: string[];
}

export interface TokenServerOptions {
  /** The registry's `auth.token.service`; the token's audience. */
  readonly service: string;
  /** The registry's `auth.token.issuer`. */
  readonly issuer: string;
  readonly username: string;
  readonly password: string;
  /** Certificate and key the tokens are signed with; the certificate goes into the `x5c` header. */
  readonly signer: CertificateFiles;
  /** Serve over HTTPS with this certificate. */
  readonly tls?: CertificateFiles;
  readonly expiresInSeconds?: number;
}

/** A request the token server answered, for tests that check which scopes a client asked for. */
export interface TokenGrant {
  readonly subject: string;
  readonly requested: ResourceActions[];
  readonly granted: ResourceActions[];
}

export interface TokenServer {
  /** The `realm` URL: `http(s)://127.0.0.1:<port>/token`. */
  readonly realm: string;
  /** Every token handed out, in order. */
  readonly grants: TokenGrant[];
  stop(): Promise<void>;
}

/**
 * Parses a scope as the token spec writes it: `repository:team/app:pull,push`. Several scopes may
 * come space-separated in one parameter; resource types may carry a class (`repository(plugin)`).
 */
function parseScopes(scopes: readonly string[]): ResourceActions[] {
  const result: ResourceActions[] = [];
  for (const scope of scopes.flatMap((s) => s.split(' ')).filter(Boolean)) {
    const first = scope.indexOf(':');
    const last = scope.lastIndexOf(':');
    if (first <= 0 || last === first) continue;
    const type = scope.slice(0, first).replace(/\(.*\)$/, '');
    const actions = scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean);
    result.push({ type, name: scope.slice(first + 1, last), actions });
  }
  return result;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** An ES256 JWT with the signer's certificate in `x5c`, which distribution 2.8 checks against its rootcertbundle. */
function signToken(claims: object, keyPem: string, x5c: string): string {
  const header = { typ: 'JWT', alg: 'ES256', x5c: [x5c] };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(input), { key: keyPem, dsaEncoding: 'ieee-p1363' });
  return `${input}.${base64url(signature)}`;
}

/** Credentials of an HTTP Basic `Authorization` header, or undefined when there is none. */
function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/**
 * A small Docker registry token server (the Bearer flow of Docker Hub and GHCR): `GET /token`
 * with `service` and `scope` parameters and optional Basic credentials, and the OAuth2 form
 * `POST /token` with `grant_type=password`. The right credentials get every action they ask for;
 * no credentials get a token with no access (as Docker Hub answers for a private repository);
 * wrong credentials get 401.
 */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const [keyPem, x5c] = await Promise.all([
    readFile(options.signer.keyFile, 'utf8'),
    certificateDerBase64(options.signer.certFile),
  ]);
  const expiresIn = options.expiresInSeconds ?? 300;
  const grants: TokenGrant[] = [];

  const issue = (res: ServerResponse, subject: string, requested: ResourceActions[], service: string) => {
    if (service !== options.service) return reply(res, 400, { error: 'invalid_request', service });
    const granted = subject === '' ? [] : requested;
    grants.push({ subject, requested, granted });
    const now = Math.floor(Date.now() / 1000);
    const token = signToken(
      {
        iss: options.issuer,
        sub: subject,
        aud: options.service,
        exp: now + expiresIn,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access: granted,
      },
      keyPem,
      x5c,
    );
    reply(res, 200, {
      token,
      access_token: token,
      expires_in: expiresIn,
      issued_at: new Date(now * 1000).toISOString(),
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://token');
    if (url.pathname !== '/token') return reply(res, 404, { error: 'not_found' });
    if (req.method === 'GET') {
      const credentials = basicCredentials(req.headers.authorization);
      if (credentials && !matches(credentials)) return unauthorized(res);
      const scopes = parseScopes(url.searchParams.getAll('scope'));
      return issue(res, credentials?.username ?? '', scopes, url.searchParams.get('service') ?? '');
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'password') return reply(res, 400, { error: 'unsupported_grant_type' });
      const credentials = { username: form.get('username') ?? '', password: form.get('password') ?? '' };
      if (!matches(credentials)) return unauthorized(res);
      return issue(res, credentials.username, parseScopes(form.getAll('scope')), form.get('service') ?? '');
    }
    reply(res, 405, { error: 'method_not_allowed' });
  };
  const matches = (c: { username: string; password: string }) =>
    c.username === options.username && c.password === options.password;

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => reply(res, 500, { error: String(error) }));
  };
  const server: Server = options.tls
    ? createHttpsServer(
        {
          cert: await readFile(options.tls.certFile),
          key: await readFile(options.tls.keyFile),
        },
        listener,
      )
    : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    realm: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/token`,
    grants,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reply(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function unauthorized(res: ServerResponse): void {
  res.setHeader('www-authenticate', 'Basic realm="digestflow token server"');
  reply(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'incorrect username or password' }] });
}
