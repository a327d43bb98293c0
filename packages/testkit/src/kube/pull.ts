import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * The simulated kubelet's image pull: resolves an image reference's manifest in a real registry
 * (HEAD with the manifest Accept list, Basic or Bearer-token challenge answered with the given
 * credentials), the way containerd resolves before it pulls. Only loopback registries are
 * reachable; anything else fails as an unresolvable host would.
 */
export interface PullOptions {
  /** PEM contents of CAs to trust for HTTPS registries. */
  readonly ca: readonly string[];
  readonly credentials: (host: string) => { username: string; password: string } | undefined;
  readonly timeoutMs?: number;
}

export interface ResolvedImage {
  /** `<repository>@sha256:…` as containerStatuses[].imageID shows it. */
  readonly imageId: string;
  readonly digest: string;
  readonly size: number;
}

/** A failed pull, with the message containerd would give and whether it was NotFound. */
export class PullError extends Error {
  readonly code: 'NotFound' | 'Unknown';
  constructor(code: 'NotFound' | 'Unknown', message: string) {
    super(message);
    this.code = code;
  }
}

const manifestAccept = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface ImageName {
  /** Registry host as it appears in the reference (`docker.io`, `127.0.0.1:5000`). */
  readonly domain: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** The fully qualified reference, as containerd prints it. */
  readonly full: string;
}

/** Normalizes `nginx`, `team/app:1`, `127.0.0.1:5000/app@sha256:…` as the container runtime does. */
export function parseImageName(image: string): ImageName {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasDomain = first.includes('.') || first.includes(':') || first === 'localhost';
  const domain = hasDomain ? first : 'docker.io';
  let repository = hasDomain ? rest.slice(slash + 1) : rest;
  if (domain === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  if (!tag && !digest) tag = 'latest';
  const full = `${domain}/${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { domain, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), full };
}

function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

export async function resolveImage(image: string, options: PullOptions): Promise<ResolvedImage> {
  const name = parseImageName(image);
  const reference = name.digest ?? name.tag ?? 'latest';
  const host = name.domain === 'docker.io' ? 'registry-1.docker.io' : name.domain;
  const path = `/v2/${name.repository}/manifests/${reference}`;
  const prefix = `failed to pull and unpack image "${name.full}": failed to resolve reference "${name.full}"`;
  if (!isLoopback(host)) {
    throw new PullError(
      'Unknown',
      `${prefix}: failed to do request: Head "https://${host}${path}": dial tcp: lookup ${host.replace(/:\d+$/, '')}: no such host`,
    );
  }
  let scheme: 'https' | 'http' = 'https';
  let response: Response;
  try {
    response = await send(scheme, host, path, 'HEAD', { Accept: manifestAccept }, options);
  } catch (error) {
    const code = String((error as NodeJS.ErrnoException).code ?? '');
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
      throw new PullError(
        'Unknown',
        `${prefix}: failed to do request: Head "https://${host}${path}": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
      );
    }
    // Loopback registries may speak plain HTTP, as containerd allows for localhost.
    scheme = 'http';
    try {
      response = await send(scheme, host, path, 'HEAD', { Accept: manifestAccept }, options);
    } catch (error) {
      throw new PullError(
        'Unknown',
        `${prefix}: failed to do request: Head "http://${host}${path}": ${(error as Error).message}`,
      );
    }
  }
  if (response.status === 401) {
    const authorization = await answerChallenge(
      host,
      name.repository,
      response.headers['www-authenticate'],
      options,
      prefix,
    );
    response = await send(
      scheme,
      host,
      path,
      'HEAD',
      { Accept: manifestAccept, Authorization: authorization },
      options,
    );
  }
  if (response.status === 404) throw new PullError('NotFound', `${prefix}: ${name.full}: not found`);
  if (response.status === 401 || response.status === 403) {
    throw new PullError(
      'Unknown',
      `${prefix}: pull access denied, repository does not exist or may require authorization: authorization failed`,
    );
  }
  if (response.status !== 200) {
    throw new PullError(
      'Unknown',
      `${prefix}: unexpected status from HEAD request to ${scheme}://${host}${path}: ${response.status}`,
    );
  }
  const digest = String(response.headers['docker-content-digest'] ?? name.digest ?? '');
  return {
    imageId: `${name.domain}/${name.repository}@${digest}`,
    digest,
    size: Number(response.headers['content-length'] ?? 0),
  };
}

interface Response {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

async function answerChallenge(
  host: string,
  repository: string,
  challenge: string | undefined,
  options: PullOptions,
  prefix: string,
): Promise<string> {
  const credentials = options.credentials(host);
  const basic = credentials
    ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
    : undefined;
  if (!challenge || /^basic/i.test(challenge)) {
    if (!basic) {
      throw new PullError(
        'Unknown',
        `${prefix}: pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials`,
      );
    }
    return basic;
  }
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (!params.realm) throw new PullError('Unknown', `${prefix}: unsupported auth challenge ${challenge}`);
  const url = new URL(params.realm);
  if (params.service) url.searchParams.set('service', params.service);
  url.searchParams.set('scope', `repository:${repository}:pull`);
  if (!isLoopback(url.host))
    throw new PullError('Unknown', `${prefix}: token realm ${url.host} is not reachable`);
  const tokenScheme = url.protocol === 'http:' ? 'http' : 'https';
  const answer = await send(
    tokenScheme,
    url.host,
    `${url.pathname}${url.search}`,
    'GET',
    basic ? { Authorization: basic } : {},
    options,
  );
  if (answer.status !== 200) {
    const what = basic ? 'failed to fetch oauth token' : 'failed to fetch anonymous token';
    throw new PullError(
      'Unknown',
      `${prefix}: failed to authorize: ${what}: unexpected status from GET request to ${url.origin}${url.pathname}: ${answer.status}`,
    );
  }
  const body = JSON.parse(answer.body) as { token?: string; access_token?: string };
  return `Bearer ${body.token ?? body.access_token ?? ''}`;
}

function send(
  scheme: 'https' | 'http',
  host: string,
  path: string,
  method: string,
  headers: Record<string, string>,
  options: PullOptions,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const [hostname, port] = splitHost(host);
    const common = { hostname, port, path, method, headers, timeout: options.timeoutMs ?? 5_000 };
    const req =
      scheme === 'https'
        ? httpsRequest({ ...common, ...(options.ca.length > 0 ? { ca: [...options.ca] } : {}) })
        : httpRequest(common);
    req.on('timeout', () => req.destroy(new Error('i/o timeout')));
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.end();
  });
}

function splitHost(host: string): [string, number | undefined] {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  const name = (match?.[1] ?? host).replace(/^\[|\]$/g, '');
  return [name, match?.[2] ? Number(match[2]) : undefined];
}
