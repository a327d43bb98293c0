// Git's smart HTTP protocol on loopback, served by the real `git http-backend` (CGI), with
// GitHub's authentication: HTTP Basic with the token as password. Repositories are bare
// repositories under `root`, at `/<owner>/<name>.git` as on github.com.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpOptions {
  /** Folder holding `<owner>/<name>.git` bare repositories. */
  readonly root: string;
  /** The token clients must present (any user name, as GitHub accepts `x-access-token`). */
  readonly token: string;
}

export interface GitHttpRequest {
  readonly method: string;
  /** Path and query as requested: a credential in a URL would show here. */
  readonly url: string;
  readonly authorized: boolean;
}

export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`: a GITHUB_SERVER_URL for clones of `<url>/<owner>/<name>.git`. */
  readonly url: string;
  readonly requests: readonly GitHttpRequest[];
  stop(): Promise<void>;
}

function authorized(header: string | undefined, token: string): boolean {
  if (!header?.toLowerCase().startsWith('basic ')) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1) === token;
}

function serveCgi(request: IncomingMessage, response: ServerResponse, root: string): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      // A signed-in user enables receive-pack (push), as http-backend's documentation says.
      REMOTE_USER: 'x-access-token',
      REMOTE_ADDR: '127.0.0.1',
      REQUEST_METHOD: request.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      ...(request.headers['content-encoding']
        ? { HTTP_CONTENT_ENCODING: request.headers['content-encoding'] }
        : {}),
      ...(request.headers['git-protocol'] ? { GIT_PROTOCOL: String(request.headers['git-protocol']) } : {}),
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  request.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      response.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else response.setHeader(name, value);
    }
    response.writeHead(status);
    response.write(head.subarray(end + 4));
  });
  child.on('close', () => {
    if (!headersDone) response.writeHead(500);
    response.end();
  });
}

/** Starts a smart-HTTP git server over the bare repositories under `root`. */
export async function startGitHttpServer(options: GitHttpOptions): Promise<GitHttpServer> {
  const requests: GitHttpRequest[] = [];
  const server = createServer((request, response) => {
    const ok = authorized(request.headers.authorization, options.token);
    requests.push({ method: request.method ?? 'GET', url: request.url ?? '/', authorized: ok });
    if (!ok) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"', 'content-type': 'text/plain' });
      response.end(
        'Invalid username or token. Password authentication is not supported for Git operations.\n',
      );
      return;
    }
    serveCgi(request, response, options.root);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
