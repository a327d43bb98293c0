// HTTP(S) for the registry client over node:http/node:https with keep-alive agents. Not global
// fetch: its web-stream bodies buffered 165-220 MB of a 150 MB cross-registry copy (Node
// streams: under 50 MB) and loading undici adds ~30 ms and ~16 MB to every start (measured
// side by side while choosing). TLS trusts NODE_EXTRA_CA_CERTS like fetch.
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

// An ESM import of node:http builds its export facade, whose WebSocket getter loads undici
// (~17 ms at start); require() does not.
const load = createRequire(import.meta.url);
const { Agent: HttpAgent, request: httpRequest } = load('node:http') as typeof import('node:http');
const { Agent: HttpsAgent, request: httpsRequest } = load('node:https') as typeof import('node:https');

const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 16 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 16 }),
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export interface SendOptions {
  readonly method: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A body in memory, or a stream sent once (piped with backpressure). */
  readonly body?: Uint8Array | string | Readable;
  /** Fails the request when its socket is idle this long: waiting for headers or mid-body. */
  readonly idleTimeoutMs: number;
}

/** The parts of an answer the client reads; the body is a Node stream, read once. */
export class HttpResponse {
  readonly status: number;
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly body: IncomingMessage;

  constructor(url: string, message: IncomingMessage) {
    this.url = url;
    this.status = message.statusCode ?? 0;
    this.body = message;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  header(name: string): string | null {
    const value = this.body.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** Reads the whole body; fails past `limit` bytes (manifests and JSON only, never blobs). */
  async bytes(limit = 16 * 1024 * 1024): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of this.body as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > limit) {
        this.body.destroy();
        throw new Error(`${this.url}: the answer is over ${limit} bytes`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, length);
  }

  async text(): Promise<string> {
    return Buffer.from(await this.bytes()).toString('utf8');
  }

  async json<T>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }

  /** Drops an unread body; reading it to the end keeps the connection for the next request. */
  discard(): void {
    this.body.resume();
  }
}

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no data for ${ms} ms`), { code: 'ETIMEDOUT' });
}

function sendOnce(url: URL, options: SendOptions): Promise<IncomingMessage> {
  const secure = url.protocol === 'https:';
  const request = secure ? httpsRequest : httpRequest;
  const body = options.body;
  const headers: Record<string, string> = { ...options.headers };
  if (typeof body === 'string' || body instanceof Uint8Array) {
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(url, {
      method: options.method,
      headers,
      agent: secure ? agents.https : agents.http,
    });
    req.setTimeout(options.idleTimeoutMs, () => req.destroy(timeoutError(options.idleTimeoutMs)));
    req.on('error', reject);
    // The socket's idle timeout stays on while the caller reads the body.
    req.on('response', resolve);
    if (body instanceof Readable) {
      pipeline(body, req).catch((error: unknown) => {
        req.destroy(error as Error);
        reject(error);
      });
    } else {
      req.end(body);
    }
  });
}

/**
 * Sends one request. GET and HEAD follow redirects (blob downloads often go to a CDN),
 * dropping the Authorization header when the redirect leaves the registry's origin.
 */
export async function send(url: string, options: SendOptions): Promise<HttpResponse> {
  let current = new URL(url);
  let headers = { ...options.headers };
  for (let hop = 0; ; hop++) {
    const response = await sendOnce(current, { ...options, headers });
    const location = response.headers.location;
    const follow =
      (options.method === 'GET' || options.method === 'HEAD') &&
      REDIRECTS.has(response.statusCode ?? 0) &&
      location !== undefined &&
      hop < MAX_REDIRECTS;
    // A body-less answer must still be read to its end, or its socket never returns to the pool.
    if (options.method === 'HEAD') response.resume();
    if (!follow) return new HttpResponse(current.toString(), response);
    response.resume();
    const next = new URL(location, current);
    if (next.origin !== current.origin) {
      headers = Object.fromEntries(
        Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'),
      );
    }
    current = next;
  }
}
