// Blobs: HEAD to skip what the target has, a cross-repository mount within one registry, and
// otherwise a streamed GET -> PUT that never holds a layer in memory. The target registry
// checks the digest of what it receives (`?digest=`), so the bytes are verified on arrival.
import type { Digest } from '../reference.ts';
import { pullScope, pushScopes } from './auth.ts';
import type { RegistryClient } from './client.ts';
import type { Descriptor } from './manifests.ts';
import { noteStreamed } from './memory.ts';
import type { HttpResponse } from './transport.ts';

export async function blobExists(
  client: RegistryClient,
  repository: string,
  digest: Digest,
): Promise<boolean> {
  const response = await client.request({
    method: 'HEAD',
    path: `/v2/${repository}/blobs/${digest}`,
    scopes: [pullScope(repository)],
    ok: [200, 404],
    idempotent: true,
  });
  return response.status === 200;
}

export type MountResult =
  | { readonly mounted: true }
  | { readonly mounted: false; readonly uploadUrl: string };

/**
 * Asks the registry to link a blob from another repository. When it cannot (202), the answer
 * is an upload session to stream the blob into instead.
 */
export async function mountBlob(
  client: RegistryClient,
  repository: string,
  digest: Digest,
  fromRepository: string,
): Promise<MountResult> {
  const query = new URLSearchParams({ mount: digest, from: fromRepository });
  const response = await client.request({
    method: 'POST',
    path: `/v2/${repository}/blobs/uploads/?${query}`,
    scopes: [...pushScopes(repository), pullScope(fromRepository)],
    ok: [201, 202],
    idempotent: true,
  });
  response.discard();
  if (response.status === 201) return { mounted: true };
  return { mounted: false, uploadUrl: uploadLocation(client, response) };
}

function uploadLocation(client: RegistryClient, response: HttpResponse): string {
  const location = response.header('location');
  if (!location) throw new Error(`${client.registry}: an upload session without a Location`);
  return location;
}

export async function startUpload(client: RegistryClient, repository: string): Promise<string> {
  const response = await client.request({
    method: 'POST',
    path: `/v2/${repository}/blobs/uploads/`,
    scopes: pushScopes(repository),
    ok: [202],
    idempotent: true,
  });
  response.discard();
  return uploadLocation(client, response);
}

/**
 * Streams one blob from `source` into `target` in a single monolithic PUT. Not retried here:
 * the caller retries the whole copy (a new GET and a new upload session) as one step.
 */
export async function streamBlob(
  source: { client: RegistryClient; repository: string },
  target: { client: RegistryClient; repository: string; uploadUrl?: string },
  blob: Descriptor,
): Promise<void> {
  const uploadUrl = target.uploadUrl ?? (await startUpload(target.client, target.repository));
  const response = await source.client.request({
    method: 'GET',
    path: `/v2/${source.repository}/blobs/${blob.digest}`,
    scopes: [pullScope(source.repository)],
    ok: [200],
    idempotent: true,
  });
  // Paused first: a 'data' listener alone would start the flow before the upload is piped.
  response.body.pause();
  response.body.on('data', (chunk: Buffer) => noteStreamed(chunk.length));
  const url = new URL(uploadUrl, await target.client.baseUrl());
  url.searchParams.set('digest', blob.digest);
  try {
    const put = await target.client.stream({
      method: 'PUT',
      path: url.toString(),
      scopes: pushScopes(target.repository),
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
      body: response.body,
      ok: [201, 204],
    });
    put.discard();
  } finally {
    if (!response.body.readableEnded) response.body.destroy();
  }
}
