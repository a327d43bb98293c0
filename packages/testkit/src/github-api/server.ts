// A GitHub REST API double on loopback: the repository and pulls endpoints Octokit calls
// to find, open and update a pull request, with GitHub's status codes and validation
// messages, so that a client written against GitHub works against it unchanged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PullRequestRecord, renderPullRequest } from './pulls.ts';

export interface GitHubApiOptions {
  /** The token requests must carry (`Authorization: token …` or `Bearer …`); unset accepts any. */
  readonly token?: string;
  /** Repositories the API knows, `owner/name` to default branch; others answer 404. */
  readonly repositories: Readonly<Record<string, string>>;
  /** The sha of a branch, `undefined` when it does not exist: ties the double to a real git remote. */
  readonly branchSha?: (repository: string, branch: string) => Promise<string | undefined>;
  /** Web root for `html_url`; default https://github.com. */
  readonly htmlUrl?: string;
  /** Login of the token's user, as `user.login` of what it creates. */
  readonly user?: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly authorization: string | undefined;
}

export interface GitHubApi {
  /** `http://127.0.0.1:<port>`: pass as Octokit's `baseUrl` or GITHUB_API_URL. */
  readonly url: string;
  readonly pulls: readonly PullRequestRecord[];
  readonly requests: readonly RecordedRequest[];
  stop(): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  readonly body: object;

  constructor(status: number, body: object) {
    super(String((body as { message?: string }).message));
    this.status = status;
    this.body = body;
  }
}

const DOCS = 'https://docs.github.com/rest/pulls/pulls';

function notFound(): HttpError {
  return new HttpError(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
}

function validationFailed(errors: object[], message = 'Validation Failed'): HttpError {
  return new HttpError(422, { message, errors, documentation_url: DOCS, status: '422' });
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function readJson(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {}
  throw new HttpError(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
}

function stringField(body: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (required) throw validationFailed([{ resource: 'PullRequest', field: name, code: 'missing_field' }]);
    return undefined;
  }
  if (typeof value !== 'string') {
    throw validationFailed([{ resource: 'PullRequest', field: name, code: 'invalid' }]);
  }
  return value;
}

export async function startGitHubApi(options: GitHubApiOptions): Promise<GitHubApi> {
  const pulls: PullRequestRecord[] = [];
  const requests: RecordedRequest[] = [];
  const htmlUrl = options.htmlUrl ?? 'https://github.com';
  const user = options.user ?? 'github-actions[bot]';
  let url = '';

  const render = (pr: PullRequestRecord) => renderPullRequest(pr, url, htmlUrl, user);
  const branchSha = async (repository: string, branch: string) =>
    options.branchSha === undefined ? 'f'.repeat(40) : await options.branchSha(repository, branch);

  async function pullsRoute(
    method: string,
    repository: string,
    rest: string[],
    text: string,
    query: URLSearchParams,
  ) {
    const [owner] = repository.split('/') as [string];
    if (rest.length === 0 && method === 'GET') {
      const state = query.get('state') ?? 'open';
      if (!['open', 'closed', 'all'].includes(state))
        throw validationFailed([{ field: 'state', code: 'invalid' }]);
      const head = query.get('head');
      const base = query.get('base');
      // `head` is `user:ref`; GitHub matches the branch of that user's (here: the owner's) repository.
      const [headOwner, headRef] = head?.includes(':')
        ? (head.split(':', 2) as [string, string])
        : [head, undefined];
      const perPage = Math.min(Number(query.get('per_page') ?? 30) || 30, 100);
      const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
      const matching = pulls
        .filter((pr) => pr.repository === repository)
        .filter((pr) => state === 'all' || pr.state === state)
        .filter(
          (pr) => head == null || (headOwner === owner && (headRef === undefined || pr.head === headRef)),
        )
        .filter((pr) => base == null || pr.base === base)
        .sort((a, b) => b.number - a.number);
      return { status: 200, body: matching.slice((page - 1) * perPage, page * perPage).map(render) };
    }
    if (rest.length === 0 && method === 'POST') {
      const body = readJson(text);
      const title = stringField(body, 'title', true)!;
      const headText = stringField(body, 'head', true)!;
      const base = stringField(body, 'base', true)!;
      const head = headText.includes(':') ? headText.slice(headText.indexOf(':') + 1) : headText;
      const headSha = await branchSha(repository, head);
      if (headSha === undefined)
        throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
      if ((await branchSha(repository, base)) === undefined) {
        throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
      }
      if (
        pulls.some(
          (pr) => pr.repository === repository && pr.state === 'open' && pr.head === head && pr.base === base,
        )
      ) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `A pull request already exists for ${owner}:${head}.`,
          },
        ]);
      }
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const pr: PullRequestRecord = {
        repository,
        number: pulls.filter((p) => p.repository === repository).length + 1,
        title,
        body: stringField(body, 'body', false) ?? null,
        state: 'open',
        head,
        headSha,
        base,
        draft: body.draft === true,
        createdAt: now,
        updatedAt: now,
      };
      pulls.push(pr);
      return { status: 201, body: render(pr) };
    }
    const number = Number(rest[0]);
    const pr = pulls.find((p) => p.repository === repository && p.number === number);
    if (rest.length !== 1 || !Number.isInteger(number) || pr === undefined) throw notFound();
    if (method === 'GET') {
      pr.headSha = await branchSha(repository, pr.head);
      return { status: 200, body: render(pr) };
    }
    if (method === 'PATCH') {
      const body = readJson(text);
      const state = stringField(body, 'state', false);
      if (state !== undefined && state !== 'open' && state !== 'closed') {
        throw validationFailed([{ resource: 'PullRequest', field: 'state', code: 'invalid' }]);
      }
      pr.title = stringField(body, 'title', false) ?? pr.title;
      if ('body' in body) pr.body = stringField(body, 'body', false) ?? null;
      pr.base = stringField(body, 'base', false) ?? pr.base;
      pr.state = state ?? pr.state;
      pr.headSha = await branchSha(repository, pr.head);
      pr.updatedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      return { status: 200, body: render(pr) };
    }
    throw notFound();
  }

  async function route(request: IncomingMessage, text: string): Promise<{ status: number; body: unknown }> {
    const requestUrl = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const authorization = request.headers.authorization;
    const token = authorization?.replace(/^(?:token|bearer)\s+/i, '');
    if (options.token !== undefined && token !== options.token) {
      throw new HttpError(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    }
    const [root, owner, name, collection, ...rest] = requestUrl.pathname.split('/').filter(Boolean);
    const repository = `${owner}/${name}`;
    if (root !== 'repos' || owner === undefined || name === undefined) throw notFound();
    const defaultBranch = options.repositories[repository];
    if (defaultBranch === undefined) throw notFound();
    if (collection === undefined && method === 'GET') {
      return {
        status: 200,
        body: {
          id: 1,
          name,
          full_name: repository,
          owner: { login: owner },
          private: true,
          default_branch: defaultBranch,
          html_url: `${htmlUrl}/${repository}`,
          url: `${url}/repos/${repository}`,
        },
      };
    }
    if (collection === 'pulls')
      return await pullsRoute(method, repository, rest, text, requestUrl.searchParams);
    throw notFound();
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const requestUrl = new URL(request.url ?? '/', 'http://localhost');
    readText(request)
      .then(async (text) => {
        requests.push({
          method: request.method ?? 'GET',
          path: requestUrl.pathname,
          query: Object.fromEntries(requestUrl.searchParams),
          body: text === '' ? undefined : (JSON.parse(text) as unknown),
          authorization: request.headers.authorization,
        });
        return await route(request, text);
      })
      .catch((error: unknown) => {
        if (error instanceof HttpError) return { status: error.status, body: error.body as unknown };
        if (error instanceof SyntaxError)
          return { status: 400, body: { message: 'Problems parsing JSON' } as unknown };
        return { status: 500, body: { message: String(error) } as unknown };
      })
      .then(({ status, body }) => {
        response.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'x-github-api-version-selected': '2022-11-28',
        });
        response.end(JSON.stringify(body));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    pulls,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
