// Retries and errors of the registry client: bounded retries with exponential backoff and
// jitter that honour Retry-After, and errors that say what failed. Only callers of idempotent
// steps ask for retries.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  readonly budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  budgetMs: 60_000,
};
export const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, budgetMs: 0 };

/** Statuses worth another try: throttling and a server or gateway in trouble. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** An answer the registry gave that the caller did not expect. */
export class RegistryHttpError extends Error {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  /** The first OCI error code of the body (`MANIFEST_UNKNOWN`, `DENIED`, …), when there is one. */
  readonly code: string | undefined;
  /** Seconds from Retry-After, when the registry sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(method: string, url: string, status: number, body: string, retryAfterMs?: number) {
    const code = errorCode(body);
    const detail = code ?? body.trim().slice(0, 200);
    super(`${method} ${redactUrl(url)}: HTTP ${status}${detail ? ` (${detail})` : ''}`);
    this.name = 'RegistryHttpError';
    this.status = status;
    this.method = method;
    this.url = url;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  get retryable(): boolean {
    return RETRYABLE_STATUS.has(this.status);
  }
}

/** A request that never got an answer: refused, reset, timed out, TLS failure. */
export class RegistryNetworkError extends Error {
  readonly method: string;
  readonly url: string;
  /** The system or TLS error code (`ECONNREFUSED`, `ECONNRESET`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, …). */
  readonly code: string | undefined;

  constructor(method: string, url: string, cause: unknown) {
    const code = networkErrorCode(cause);
    super(`${method} ${redactUrl(url)}: ${describeNetworkError(cause)}`, { cause });
    this.name = 'RegistryNetworkError';
    this.method = method;
    this.url = url;
    this.code = code;
  }

  /** Certificate problems do not heal by trying again. */
  get retryable(): boolean {
    return !isCertificateError(this.code);
  }

  get certificateProblem(): boolean {
    return isCertificateError(this.code);
  }
}

function errorCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: unknown; message?: unknown }[] };
    const first = parsed.errors?.[0];
    if (typeof first?.code !== 'string') return undefined;
    return typeof first.message === 'string' && first.message !== ''
      ? `${first.code}: ${first.message}`
      : first.code;
  } catch {
    return undefined;
  }
}

/** Upload locations can carry state tokens in their query: keep them out of messages. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?…`;
}

function networkErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code;
  }
  return undefined;
}

function describeNetworkError(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.message && !messages.includes(e.message)) messages.push(e.message);
  }
  return messages.join(': ') || String(error);
}

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME/;

function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && CERTIFICATE_CODES.test(code);
}

/** Parses Retry-After: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function isRetryable(error: unknown): boolean {
  return (
    (error instanceof RegistryHttpError && error.retryable) ||
    (error instanceof RegistryNetworkError && error.retryable)
  );
}

/** Full jitter on an exponential backoff; a Retry-After is a floor, not a suggestion. */
function backoffDelay(policy: RetryPolicy, attempt: number, error: unknown): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  const retryAfter = error instanceof RegistryHttpError ? error.retryAfterMs : undefined;
  return retryAfter === undefined ? jittered : Math.max(retryAfter, jittered);
}

/**
 * Runs `step` until it succeeds, fails with an error that is not worth retrying, or the
 * policy's attempts or time budget run out. `step` must be idempotent as a whole.
 */
export async function retrying<T>(
  policy: RetryPolicy,
  step: (attempt: number) => Promise<T>,
  onRetry?: (error: unknown, delayMs: number, attempt: number) => void,
): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await step(attempt);
    } catch (error) {
      if (!isRetryable(error) || attempt >= policy.attempts) throw error;
      const delay = backoffDelay(policy, attempt, error);
      if (Date.now() - started + delay > policy.budgetMs) throw error;
      onRetry?.(error, delay, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
