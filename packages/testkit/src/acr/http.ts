import type { IncomingMessage, ServerResponse } from 'node:http';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req)).toString('utf8'));
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'docker-distribution-api-version': 'registry/2.0',
    ...headers,
  });
  res.end(text);
}

/** ACR's error body (the `AcrErrors` definition): `{"errors":[{code, message, detail}]}`. */
export function sendAcrError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  detail: unknown = {},
): void {
  sendJson(res, status, { errors: [{ code, message, detail }] }, headers);
}

export const DISALLOWED_MESSAGE =
  'The operation is disallowed on this registry, repository or image. View troubleshooting steps at https://aka.ms/acr/faq/#why-does-my-pull-or-push-request-fail-with-disallowed-operation';

/** What ACR answers when a lock (writeEnabled or deleteEnabled false) refuses an operation. */
export function sendDisallowed(res: ServerResponse): void {
  sendAcrError(res, 405, 'REGISTRY_DISALLOWED_OPERATION', DISALLOWED_MESSAGE);
}
