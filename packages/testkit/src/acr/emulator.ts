import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { type IncomingMessage, request as proxyRequest, type ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRequest } from '../net.ts';
import { type Registry, startRegistry } from '../registry.ts';
import {
  type CertificateFiles,
  createCertificateAuthority,
  issueCertificate,
  loopbackNames,
} from '../tls.ts';
import { AttributeStore, blocksDelete, blocksWrite } from './attributes.ts';
import { Backend } from './backend.ts';
import { type EntraTokenClaims, type FederatedCredential, IdentityDoubles } from './entra.ts';
import { sendAcrError, sendDisallowed } from './http.ts';
import { MetadataApi, type MetadataRoute, parseMetadataPath } from './metadata.ts';
import { type AcrAction, allows, formatScope, type ScopeAccess } from './scopes.ts';
import { REFRESH_TOKEN_USER, TokenService } from './tokens.ts';

export interface AcrEmulatorOptions {
  /** ACR's anonymous pull: a token for `pull` without credentials. */
  readonly anonymousPull?: boolean;
  /**
   * Actions each principal (Entra object ID) holds, like Azure role assignments: AcrPull is
   * `['pull']`, AcrPush `['pull', 'push']`, a lock role adds `metadata_write`. Principals not
   * listed hold every action.
   */
  readonly roles?: Readonly<Record<string, readonly AcrAction[]>>;
  /** Entra apps that trust GitHub OIDC tokens, for the workload identity flow. */
  readonly federatedCredentials?: readonly FederatedCredential[];
}

export interface EmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export interface AcrEmulator {
  /** The login server, `127.0.0.1:<port>`: image references start with it, and it is the token `service`. */
  readonly host: string;
  /** `https://127.0.0.1:<port>`: the registry endpoint, and the Entra authority host of the Entra double. */
  readonly url: string;
  /** PEM of the CA that signed the emulator's certificate. */
  readonly caFile: string;
  /** The `distribution` registry the emulator fronts. */
  readonly backend: Registry;
  /** Every request the emulator answered, in order (paths without query strings). */
  readonly requests: readonly EmulatorRequest[];
  /** Every token it handed out (GitHub OIDC, Entra, ACR refresh and access), in order: tests check none is printed. */
  readonly tokensIssued: readonly string[];
  /** A Microsoft Entra access token the emulator accepts at `/oauth2/exchange`. */
  entraToken(claims: EntraTokenClaims): string;
  /** A GitHub Actions OIDC token with the given subject and audience. */
  githubIdToken(subject: string, audience: string): string;
  /** Values for ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN of a job with this subject. */
  githubOidc(subject: string): { requestUrl: string; requestToken: string };
  addFederatedCredential(credential: FederatedCredential): void;
  /**
   * Logs the principal in as Docker clients do with ACR: its Entra token exchanged (for real, at
   * `/oauth2/exchange`) for a refresh token, the password of user {@link REFRESH_TOKEN_USER}.
   * The result is a {@link Registry} view of the emulator for testkit's `registryClientFiles`,
   * `skopeoFlags` and `seedImage`, so skopeo pushes and pulls through the emulator.
   */
  login(claims: EntraTokenClaims): Promise<Registry>;
  stop(): Promise<void>;
}

const UNAUTHORIZED_MESSAGE =
  'authentication required, visit https://aka.ms/acr/authorization for more information.';

/** What a `/v2/` call needs: `null` for the base check (any valid token), a scope otherwise. */
function registryScope(method: string, pathname: string): ScopeAccess | null | undefined {
  if (pathname === '/v2/' || pathname === '/v2') return null;
  if (pathname === '/v2/_catalog') return { type: 'registry', name: 'catalog', actions: ['*'] };
  const match = /^\/v2\/(.+?)\/(manifests|blobs|tags)\//.exec(pathname);
  if (!match) return undefined;
  const action = method === 'GET' || method === 'HEAD' ? 'pull' : method === 'DELETE' ? 'delete' : 'push';
  return { type: 'repository', name: match[1]!, actions: [action] };
}

function metadataScope(method: string, route: MetadataRoute): ScopeAccess {
  if (route.kind === 'catalog') return { type: 'registry', name: 'catalog', actions: ['*'] };
  const action = method === 'GET' ? 'metadata_read' : method === 'DELETE' ? 'delete' : 'metadata_write';
  return { type: 'repository', name: route.repository, actions: [action] };
}

/**
 * Starts an emulator of what Azure Container Registry adds to a registry, over HTTPS on
 * loopback, in front of a fresh `distribution` registry: the token exchange, scoped access
 * on every call, the `/acr/v1/` metadata API and its locks. It also hosts doubles of the
 * Entra token endpoint (authority host = `url`) and GitHub's OIDC token service.
 */
export async function startAcrEmulator(options: AcrEmulatorOptions = {}): Promise<AcrEmulator> {
  const dir = await mkdtemp(join(tmpdir(), 'acr-emulator-'));
  let backend: Registry | undefined;
  try {
    const ca = await createCertificateAuthority(dir, 'digestflow ACR emulator CA');
    const certificate = await issueCertificate(ca, dir, 'acr-emulator', { names: loopbackNames });
    backend = await startRegistry();
    return await listen(options, dir, ca.certFile, certificate, backend);
  } catch (error) {
    await backend?.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function listen(
  options: AcrEmulatorOptions,
  dir: string,
  caFile: string,
  certificate: CertificateFiles,
  registry: Registry,
): Promise<AcrEmulator> {
  const [key, cert] = await Promise.all([readFile(certificate.keyFile), readFile(certificate.certFile)]);
  let host = '';
  let url = '';
  const identities = new IdentityDoubles(options.federatedCredentials ?? [], () => url);
  const store = new AttributeStore();
  const backend = new Backend(registry.url);
  const requests: EmulatorRequest[] = [];
  let tokens: TokenService;
  let metadata: MetadataApi;

  const challenge = (res: ServerResponse, scope: ScopeAccess | null, insufficient: boolean) => {
    // Clients ask for pull with push, as registries challenge for both on writes.
    const asked = scope?.actions.includes('push') ? { ...scope, actions: ['pull', 'push'] } : scope;
    const header = [
      `Bearer realm="${url}/oauth2/token"`,
      `service="${host}"`,
      ...(asked ? [`scope="${formatScope(asked)}"`] : []),
      ...(insufficient ? ['error="insufficient_scope"'] : []),
    ].join(',');
    const detail = scope ? [{ Type: scope.type, Name: scope.name, Action: scope.actions.join(',') }] : [];
    sendAcrError(res, 401, 'UNAUTHORIZED', UNAUTHORIZED_MESSAGE, { 'www-authenticate': header }, detail);
  };

  /** True when the caller's token grants `scope`; otherwise answers with the challenge. */
  const authorized = (req: IncomingMessage, res: ServerResponse, scope: ScopeAccess | null): boolean => {
    const access = tokens.accessClaims(req.headers.authorization);
    if (access !== undefined && (scope === null || allows(access, scope))) return true;
    challenge(res, scope, access !== undefined);
    return false;
  };

  const proxy = (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    onDone?: (status: number, headers: IncomingMessage['headers']) => void,
  ) => {
    const headers = { ...req.headers, host: new URL(registry.url).host };
    delete headers.authorization;
    const upstream = proxyRequest(`${registry.url}${path}`, { method: req.method, headers }, (answer) => {
      const out = { ...answer.headers };
      if (typeof out.location === 'string' && out.location.startsWith(registry.url)) {
        out.location = `${url}${out.location.slice(registry.url.length)}`;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
      answer.on('end', () => onDone?.(answer.statusCode ?? 502, answer.headers));
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) sendAcrError(res, 502, 'UNKNOWN', `backend registry: ${error.message}`);
      else res.destroy(error);
    });
    req.pipe(upstream);
  };

  const handleRegistry = async (req: IncomingMessage, res: ServerResponse, target: URL) => {
    const method = req.method ?? 'GET';
    const scope = registryScope(method, target.pathname);
    if (scope === undefined) return sendAcrError(res, 404, 'NOT_FOUND', 'not found');
    if (!authorized(req, res, scope)) return;
    const manifest = /^\/v2\/(.+?)\/manifests\/([^/]+)$/.exec(target.pathname);
    let path = `${target.pathname}${target.search}`;
    if (!manifest) {
      // A cross-repository mount needs pull on the source; without it, fall back to an upload.
      const from = target.searchParams.get('from');
      if (method === 'POST' && from !== null) {
        const source: ScopeAccess = { type: 'repository', name: from, actions: ['pull'] };
        if (!tokens.allowsScope(req.headers.authorization, source)) {
          const query = new URLSearchParams(target.searchParams);
          query.delete('from');
          query.delete('mount');
          path = `${target.pathname}${query.size > 0 ? `?${query}` : ''}`;
        }
      }
      return proxy(req, res, path);
    }
    const repository = manifest[1]!;
    const reference = manifest[2]!;
    const isDigest = reference.includes(':');
    const repoRecord = store.repository(repository);
    if (method === 'GET' || method === 'HEAD') {
      const tag = isDigest ? undefined : store.tag(repository, reference);
      const digest = isDigest ? reference : tag?.digest;
      const denied = [repoRecord, tag, digest ? store.manifest(repository, digest) : undefined].some(
        (record) => record !== undefined && !record.changeableAttributes.readEnabled,
      );
      if (denied) return sendDisallowed(res);
      return proxy(req, res, path);
    }
    if (method === 'PUT') {
      if (blocksWrite(repoRecord)) return sendDisallowed(res);
      if (
        isDigest
          ? blocksWrite(store.manifest(repository, reference))
          : blocksWrite(await metadata.tag(repository, reference))
      ) {
        return sendDisallowed(res);
      }
      return proxy(req, res, path, (status, headers) => {
        const digest = headers['docker-content-digest'];
        if (status === 201 && typeof digest === 'string')
          store.recordPush(repository, digest, isDigest ? undefined : reference);
      });
    }
    if (method === 'DELETE') {
      if (!isDigest) {
        // distribution 2.8 refuses deletes by tag itself; a lock still answers first, as ACR's does.
        if (blocksDelete(repoRecord) || blocksDelete(store.tag(repository, reference)))
          return sendDisallowed(res);
        return proxy(req, res, path);
      }
      const tags = (await metadata.tagRecords(repository)).filter(([, tag]) => tag.digest === reference);
      if (
        blocksDelete(repoRecord) ||
        blocksDelete(store.manifest(repository, reference)) ||
        tags.some(([, tag]) => blocksDelete(tag))
      ) {
        return sendDisallowed(res);
      }
      return proxy(req, res, path, (status) => {
        if (status === 202) store.forgetManifest(repository, reference);
      });
    }
    return proxy(req, res, path);
  };

  const tokensIssued: string[] = [];
  const recordIssuedTokens = (res: ServerResponse) => {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      const [chunk] = args;
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
        try {
          const body = JSON.parse(String(chunk)) as Record<string, unknown>;
          for (const key of ['value', 'access_token', 'refresh_token', 'token']) {
            const token = body[key];
            if (typeof token === 'string') tokensIssued.push(token);
          }
        } catch {
          // Not JSON: an error page, no token in it.
        }
      }
      return end(...args);
    }) as ServerResponse['end'];
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const target = new URL(req.url ?? '/', url);
    const method = req.method ?? 'GET';
    // Clients encode the '/' of repository names (the Azure SDK sends team%2Fapp); ACR accepts both.
    target.pathname = decodeURIComponent(target.pathname);
    const { pathname } = target;
    res.on('finish', () => requests.push({ method, path: pathname, status: res.statusCode }));
    if (/oauth2|_github\/oidc/.test(pathname)) recordIssuedTokens(res);
    if (pathname === '/oauth2/exchange' && method === 'POST') return tokens.exchange(req, res);
    if (pathname === '/oauth2/token' && method === 'POST') return tokens.tokenFromForm(req, res);
    if (pathname === '/oauth2/token' && method === 'GET')
      return tokens.tokenFromLogin(req, res, target.searchParams);
    if (pathname.startsWith('/v2')) return handleRegistry(req, res, target);
    if (pathname.startsWith('/acr/v1/')) {
      const route = parseMetadataPath(pathname);
      if (!route) return sendAcrError(res, 404, 'NOT_FOUND', 'not found');
      if (!authorized(req, res, metadataScope(method, route))) return;
      return metadata.handle(req, res, route, target.searchParams);
    }
    if (pathname === '/_github/oidc/token' && method === 'GET') {
      return identities.githubTokenEndpoint(req, res, target.searchParams);
    }
    const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(pathname);
    if (openId && method === 'GET') return identities.openIdConfiguration(res, openId[1]!);
    const entraToken = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(pathname);
    if (entraToken && method === 'POST') return identities.tokenEndpoint(req, res, entraToken[1]!);
    sendAcrError(res, 404, 'NOT_FOUND', `${method} ${pathname} is not part of this emulator`);
  };

  const server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendAcrError(res, 500, 'INTERNAL_ERROR', String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('ACR emulator: no address');
  host = `127.0.0.1:${address.port}`;
  url = `https://${host}`;
  tokens = new TokenService({
    service: host,
    entraSecret: identities.entraSecret,
    registrySecret: randomBytes(32),
    roles: options.roles ?? {},
    anonymousPull: options.anonymousPull ?? false,
  });
  metadata = new MetadataApi(store, backend, host);

  return {
    host,
    url,
    caFile,
    backend: registry,
    requests,
    tokensIssued,
    entraToken: (claims) => identities.entraToken(claims),
    githubIdToken: (subject, audience) => identities.githubIdToken(subject, audience),
    githubOidc: (subject) => identities.githubOidc(subject),
    addFederatedCredential: (credential) => identities.addFederatedCredential(credential),
    login: async (claims) => {
      const response = await httpRequest(`${url}/oauth2/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'access_token',
          service: host,
          tenant: claims.tenant,
          access_token: identities.entraToken(claims),
        }).toString(),
        ca: await readFile(caFile, 'utf8'),
      });
      if (response.status !== 200) throw new Error(`exchange answered ${response.status}: ${response.body}`);
      const { refresh_token: password } = JSON.parse(response.body) as { refresh_token: string };
      const storageDir = join(await mkdtemp(join(dir, 'login-')), 'storage');
      await mkdir(storageDir);
      return {
        host,
        url,
        auth: 'token',
        username: REFRESH_TOKEN_USER,
        password,
        caFile,
        storageDir,
        stop: async () => {},
      };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await registry.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
