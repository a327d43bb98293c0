// One registry host: the scheme it speaks (HTTPS; plain HTTP only on loopback, as Docker
// does, or when asked), its authorization, and every request made to it, counted.
import { Readable } from 'node:stream';
import type { RegistryCredentials } from '../credentials.ts';
import { ConfigurationError } from '../errors.ts';
import { DOCKER_HUB } from '../reference.ts';
import { Authenticator, parseChallenge } from './auth.ts';
import {
  DEFAULT_RETRY,
  NO_RETRY,
  parseRetryAfter,
  RegistryHttpError,
  RegistryNetworkError,
  type RetryPolicy,
  redactUrl,
  retrying,
} from './http.ts';
import { type HttpResponse, send } from './transport.ts';

export interface RegistryClientOptions {
  readonly credentials?: RegistryCredentials;
  /** Speak plain HTTP to this registry even when it is not on loopback. */
  readonly plainHttp?: boolean;
  /** How long a connection may sit idle (waiting for an answer, or mid-body). Default 30 s. */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Told about every HTTP request made, for logs and request counts. */
  readonly onRequest?: (event: RequestEvent) => void;
  /** Told about every retry, with why and how long until it. */
  readonly onRetry?: (message: string) => void;
  /** Called with every token obtained, so it can be masked. */
  readonly onSecret?: (secret: string) => void;
}

export interface RequestEvent {
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  /** True for the ping and token requests of the auth flow. */
  readonly auth: boolean;
}

export interface RegistryRequest {
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** A path under the registry (`/v2/…`), or an absolute URL (upload locations). */
  readonly path: string;
  /** Scope atoms the request needs (`repository:app:pull`). */
  readonly scopes: readonly string[];
  readonly headers?: Record<string, string>;
  /** A body that can be sent again on a retry or a re-authorization. */
  readonly body?: Uint8Array | string;
  /** Statuses that are a success for the caller; others become a RegistryHttpError. */
  readonly ok: readonly number[];
  /** Retry on throttling and server errors: only for idempotent requests. */
  readonly idempotent: boolean;
}

export interface StreamRequest extends Omit<RegistryRequest, 'body' | 'idempotent'> {
  /** Streamed once: a failure is for the caller's step to retry as a whole. */
  readonly body: Readable;
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** Loopback hosts may speak plain HTTP without anyone asking, as Docker treats them. */
export function isLoopback(registry: string): boolean {
  const host = registry.startsWith('[')
    ? registry.slice(0, registry.indexOf(']') + 1)
    : registry.split(':')[0]!;
  return LOOPBACK.test(host);
}

export class RegistryClient {
  /** The host, with its port, as in an image reference. */
  readonly registry: string;
  readonly credentials: RegistryCredentials | undefined;
  readonly auth: Authenticator;
  /** Requests made so far, auth flow included. */
  requests = 0;
  readonly #options: RegistryClientOptions;
  readonly #timeoutMs: number;
  #base: Promise<string> | undefined;

  constructor(registry: string, options: RegistryClientOptions = {}) {
    this.registry = registry;
    this.credentials = options.credentials;
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.auth = new Authenticator(
      registry,
      options.credentials,
      (url, init) => this.#authFetch(url, init),
      options.onSecret,
    );
  }

  /** Where the registry's API answers: Docker Hub's is not at docker.io itself. */
  get endpoint(): string {
    return this.registry === DOCKER_HUB ? 'registry-1.docker.io' : this.registry;
  }

  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  /** `https://host` or `http://host`, learned by the first request (the `/v2/` ping). */
  baseUrl(): Promise<string> {
    this.#base ??= this.#ping();
    this.#base.catch(() => {
      this.#base = undefined;
    });
    return this.#base;
  }

  #note(method: string, url: string, status: number | undefined, auth: boolean): void {
    this.requests++;
    this.#options.onRequest?.({ method, url, status, auth });
  }

  /** One request, counted; a failure to get an answer becomes a RegistryNetworkError. */
  async #fetch(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: Uint8Array | string | Readable },
    auth: boolean,
  ): Promise<HttpResponse> {
    let response: HttpResponse;
    try {
      response = await send(url, { ...init, idleTimeoutMs: this.#timeoutMs });
    } catch (error) {
      this.#note(init.method, url, undefined, auth);
      throw new RegistryNetworkError(init.method, url, error);
    }
    this.#note(init.method, url, response.status, auth);
    return response;
  }

  async #authFetch(
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string },
  ): Promise<HttpResponse> {
    return retrying(
      this.#options.retry ?? DEFAULT_RETRY,
      async () => {
        const response = await this.#fetch(url, init, true);
        if (response.status >= 500 || response.status === 429)
          throw await this.#httpError(response, init.method, url);
        return response;
      },
      (error, delay) => this.#retryNote(error, delay),
    );
  }

  #retryNote(error: unknown, delayMs: number): void {
    this.#options.onRetry?.(`${(error as Error).message}; retrying in ${(delayMs / 1000).toFixed(1)} s`);
  }

  async #httpError(response: HttpResponse, method: string, url: string): Promise<RegistryHttpError> {
    const body = method === 'HEAD' ? '' : await response.text().catch(() => '');
    return new RegistryHttpError(
      method,
      url,
      response.status,
      body,
      parseRetryAfter(response.header('retry-after')),
    );
  }

  async #ping(): Promise<string> {
    // Loopback registries may speak plain HTTP, as Docker allows. Asking them in plain HTTP first
    // spares a TLS handshake (and loading the CA store, ~20 ms); a TLS registry answers 400.
    const host = this.endpoint;
    const candidates = this.#options.plainHttp ? ['http'] : isLoopback(host) ? ['http', 'https'] : ['https'];
    let firstError: unknown;
    for (const [i, scheme] of candidates.entries()) {
      const base = `${scheme}://${host}`;
      const last = i === candidates.length - 1;
      try {
        const response = await retrying(
          this.#options.retry ?? DEFAULT_RETRY,
          async () => {
            const r = await this.#fetch(`${base}/v2/`, { method: 'GET' }, true).catch((error: unknown) => {
              // Not this scheme: no retries before trying the next one.
              if (!last && error instanceof RegistryNetworkError) return undefined;
              throw error;
            });
            if (r && (r.status >= 500 || r.status === 429))
              throw await this.#httpError(r, 'GET', `${base}/v2/`);
            return r;
          },
          (error, delay) => this.#retryNote(error, delay),
        );
        if (response === undefined) continue;
        response.discard();
        if (response.status === 401) {
          this.auth.setChallenge(parseChallenge(response.header('www-authenticate')));
          return base;
        }
        if (response.ok) return base;
        if (!last && response.status === 400) continue;
        throw new ConfigurationError(
          `${base}/v2/ answered HTTP ${response.status}: ${this.registry} does not look like an OCI registry`,
        );
      } catch (error) {
        if (error instanceof RegistryNetworkError && error.certificateProblem) {
          throw new ConfigurationError(
            `${this.registry}: the TLS certificate is not trusted (${error.code}); add its CA with NODE_EXTRA_CA_CERTS`,
            { cause: error },
          );
        }
        if (!(error instanceof RegistryNetworkError)) throw error;
        firstError ??= error;
      }
    }
    throw new ConfigurationError(
      `registry ${this.registry} is unreachable: ${(firstError as Error).message}`,
      {
        cause: firstError,
      },
    );
  }

  async #url(path: string): Promise<string> {
    const base = await this.baseUrl();
    return new URL(path, base).toString();
  }

  async #send(
    request: Omit<RegistryRequest, 'body' | 'idempotent'>,
    body: Uint8Array | string | Readable | undefined,
    reauthorize: boolean,
  ): Promise<HttpResponse> {
    const url = await this.#url(request.path);
    const authorization = await this.auth.authorization(request.scopes);
    const headers: Record<string, string> = { ...request.headers };
    if (authorization) headers.authorization = authorization;
    const streamed = body instanceof Readable;
    const response = await this.#fetch(url, { method: request.method, headers, body }, false);
    if (response.status === 401 && reauthorize && !streamed) {
      // An expired token, or the registry wants other scopes: ask once more.
      response.discard();
      const challenge = parseChallenge(response.header('www-authenticate'));
      if (challenge) this.auth.setChallenge(challenge);
      this.auth.invalidate(authorization);
      return this.#send(request, body, false);
    }
    if (!request.ok.includes(response.status)) {
      const error = await this.#httpError(response, request.method, url);
      if (response.status === 401 || response.status === 403) {
        throw new ConfigurationError(
          `${this.registry} refused ${request.method} ${redactUrl(new URL(url).pathname)} (HTTP ${response.status}${error.code ? `, ${error.code}` : ''}): check the credentials${this.credentials ? ` from ${this.credentials.source}` : ' (none were found)'} and their permissions`,
          { cause: error },
        );
      }
      throw error;
    }
    return response;
  }

  /** A request whose body (if any) can be replayed; retried when idempotent. */
  async request(request: RegistryRequest): Promise<HttpResponse> {
    return retrying(
      request.idempotent ? (this.#options.retry ?? DEFAULT_RETRY) : NO_RETRY,
      () => this.#send(request, request.body, true),
      (error, delay) => this.#retryNote(error, delay),
    );
  }

  /** A request with a streamed body, sent once. */
  async stream(request: StreamRequest): Promise<HttpResponse> {
    return this.#send(request, request.body, false);
  }

  /** Runs a whole multi-request step with this client's retry policy (it must be idempotent as a whole). */
  async step<T>(run: () => Promise<T>): Promise<T> {
    return retrying(this.#options.retry ?? DEFAULT_RETRY, run, (error, delay) =>
      this.#retryNote(error, delay),
    );
  }
}
