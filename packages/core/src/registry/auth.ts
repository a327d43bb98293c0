// The distribution auth flow: the registry's WWW-Authenticate challenge names Basic or Bearer;
// Bearer tokens come from the realm for a set of scopes (`repository:<name>:pull,push`) and are
// cached by the scopes they grant until shortly before they expire.
import type { RegistryCredentials } from '../credentials.ts';
import { ConfigurationError } from '../errors.ts';
import { IDENTITY_TOKEN_USER } from './docker-config.ts';
import type { HttpResponse } from './transport.ts';

export interface Challenge {
  readonly scheme: 'basic' | 'bearer';
  readonly realm: string | undefined;
  readonly service: string | undefined;
  /** Scopes the registry said the refused request needs. */
  readonly scope: string | undefined;
  readonly error: string | undefined;
}

const PARAM = /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;

/** Parses a WWW-Authenticate header; Bearer wins when a registry offers both. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const starts = [...header.matchAll(/(?:^|,)\s*(Basic|Bearer)(?=\s|$)/gi)];
  const parsed = starts.map((start, i) => {
    const from = (start.index ?? 0) + start[0].length;
    const to = starts[i + 1]?.index ?? header.length;
    const params = new Map<string, string>();
    for (const [, key, quoted, bare] of header.slice(from, to).matchAll(PARAM)) {
      params.set(key!.toLowerCase(), quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? ''));
    }
    return {
      scheme: start[1]!.toLowerCase() as Challenge['scheme'],
      realm: params.get('realm'),
      service: params.get('service'),
      scope: params.get('scope'),
      error: params.get('error'),
    };
  });
  return parsed.find((c) => c.scheme === 'bearer') ?? parsed[0];
}

/** `pull` on a repository, as one scope atom. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

/** `push` and `pull` on a repository, as scope atoms. */
export function pushScopes(repository: string): string[] {
  return [`repository:${repository}:pull`, `repository:${repository}:push`];
}

/** Atoms (`type:name:action`) grouped into the scope strings a token request carries. */
export function scopeParams(atoms: Iterable<string>): string[] {
  const byResource = new Map<string, Set<string>>();
  for (const atom of atoms) {
    const cut = atom.lastIndexOf(':');
    const resource = atom.slice(0, cut);
    const actions = byResource.get(resource) ?? new Set<string>();
    for (const action of atom.slice(cut + 1).split(',')) actions.add(action);
    byResource.set(resource, actions);
  }
  return [...byResource].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`);
}

function atomsOf(scope: string): string[] {
  const cut = scope.lastIndexOf(':');
  return scope
    .slice(cut + 1)
    .split(',')
    .map((action) => `${scope.slice(0, cut)}:${action}`);
}

interface CachedToken {
  readonly atoms: ReadonlySet<string>;
  readonly token: string;
  readonly expiresAt: number;
}

/** Fetches a token from the realm: the caller supplies the HTTP (with its retries and counting). */
export type TokenFetcher = (
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
) => Promise<HttpResponse>;

const TOKEN_MARGIN_MS = 10_000;
const DEFAULT_TOKEN_SECONDS = 60;

/** Authorization for one registry: its challenge, the credentials, and the token cache. */
export class Authenticator {
  readonly #registry: string;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #fetchToken: TokenFetcher;
  readonly #onSecret: ((secret: string) => void) | undefined;
  #challenge: Challenge | undefined;
  #tokens: CachedToken[] = [];
  #pending: { readonly atoms: ReadonlySet<string>; readonly token: Promise<string> }[] = [];
  /** Scopes asked for along with any others, so one token serves a whole copy. */
  readonly #wanted = new Set<string>();

  constructor(
    registry: string,
    credentials: RegistryCredentials | undefined,
    fetchToken: TokenFetcher,
    onSecret?: (secret: string) => void,
  ) {
    this.#registry = registry;
    this.#credentials = credentials;
    this.#fetchToken = fetchToken;
    this.#onSecret = onSecret;
  }

  get challenge(): Challenge | undefined {
    return this.#challenge;
  }

  setChallenge(challenge: Challenge | undefined): void {
    this.#challenge = challenge;
  }

  /** Widens every later token request by these scope atoms (e.g. the source and target of a copy). */
  want(atoms: Iterable<string>): void {
    for (const atom of atoms) for (const a of atomsOf(atom)) this.#wanted.add(a);
  }

  /** Forgets the token used for a refused request so the next authorization asks anew. */
  invalidate(header: string | undefined): void {
    if (header === undefined) return;
    this.#tokens = this.#tokens.filter((t) => `Bearer ${t.token}` !== header);
  }

  /** The Authorization header for a request needing `atoms`, or `undefined` when none is needed. */
  async authorization(atoms: readonly string[]): Promise<string | undefined> {
    const challenge = this.#challenge;
    if (challenge === undefined) return undefined;
    if (challenge.scheme === 'basic') {
      const credentials = this.#requireCredentials('Basic');
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    const needed = atoms.flatMap(atomsOf);
    const now = Date.now();
    this.#tokens = this.#tokens.filter((t) => t.expiresAt > now);
    const covers = (atoms: ReadonlySet<string>) => needed.every((atom) => atoms.has(atom));
    const cached = this.#tokens.find((t) => covers(t.atoms));
    if (cached) return `Bearer ${cached.token}`;
    // Requests made at once share one token request instead of each asking for its own.
    let pending = this.#pending.find((p) => covers(p.atoms));
    if (pending === undefined) {
      const atoms = new Set([...needed, ...this.#wanted]);
      pending = { atoms, token: this.#requestToken(challenge, atoms) };
      this.#pending.push(pending);
      const settled = pending;
      settled.token
        .finally(() => {
          this.#pending = this.#pending.filter((p) => p !== settled);
        })
        .catch(() => {});
    }
    return `Bearer ${await pending.token}`;
  }

  #requireCredentials(scheme: string): RegistryCredentials {
    if (this.#credentials === undefined) {
      throw new ConfigurationError(
        `${this.#registry} requires ${scheme} authentication and no credentials were found: give registry-username and registry-password, or run docker login`,
      );
    }
    return this.#credentials;
  }

  async #requestToken(challenge: Challenge, atoms: ReadonlySet<string>): Promise<string> {
    if (!challenge.realm) {
      throw new ConfigurationError(`${this.#registry} sent a Bearer challenge without a realm`);
    }
    const url = new URL(challenge.realm);
    const scopes = scopeParams(atoms);
    const credentials = this.#credentials;
    let response: HttpResponse;
    if (credentials?.username === IDENTITY_TOKEN_USER) {
      // Docker's identity token is an OAuth2 refresh token, exchanged by POST.
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credentials.password,
        client_id: 'digestflow',
      });
      if (challenge.service) form.set('service', challenge.service);
      if (scopes.length > 0) form.set('scope', scopes.join(' '));
      response = await this.#fetchToken(url.toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    } else {
      if (challenge.service) url.searchParams.set('service', challenge.service);
      for (const scope of scopes) url.searchParams.append('scope', scope);
      const headers: Record<string, string> = {};
      if (credentials) {
        url.searchParams.set('account', credentials.username);
        headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
      }
      response = await this.#fetchToken(url.toString(), { method: 'GET', headers });
    }
    if (response.status === 401 || response.status === 403) {
      response.discard();
      throw new ConfigurationError(
        credentials
          ? `${this.#registry}: the token service ${url.origin} refused the credentials from ${credentials.source} (HTTP ${response.status})`
          : `${this.#registry}: the token service ${url.origin} refused anonymous access (HTTP ${response.status}); give registry credentials`,
      );
    }
    const text = await response.text();
    if (!response.ok)
      throw new Error(`token service ${url.origin}: HTTP ${response.status}: ${text.slice(0, 200)}`);
    const body = JSON.parse(text) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`token service ${url.origin} answered without a token`);
    this.#onSecret?.(token);
    const seconds =
      typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
    this.#tokens.push({
      atoms,
      token,
      expiresAt: Date.now() + Math.max(seconds * 1000 - TOKEN_MARGIN_MS, seconds * 500),
    });
    return token;
  }
}
