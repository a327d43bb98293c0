// Manifests kept byte-exact: fetched with the full Accept list, their digest computed over the
// bytes received and checked against what was asked for, pushed back with their own media type.
import { createHash } from 'node:crypto';
import type { Digest } from '../reference.ts';
import { isDigest } from '../reference.ts';
import { pullScope, pushScopes } from './auth.ts';
import type { RegistryClient } from './client.ts';
import type { HttpResponse } from './transport.ts';

export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

const INDEX_TYPES: ReadonlySet<string> = new Set([MediaTypes.ociIndex, MediaTypes.dockerManifestList]);
const MANIFEST_TYPES: ReadonlySet<string> = new Set([
  MediaTypes.ociManifest,
  MediaTypes.dockerManifest,
  ...INDEX_TYPES,
]);
export const MANIFEST_ACCEPT = [...MANIFEST_TYPES].join(', ');
/** The size a registry must accept for a manifest (OCI distribution spec); larger is refused. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly urls?: readonly string[];
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: unknown;
}

/** A manifest as the registry holds it: the exact bytes, their media type and digest. */
export interface Manifest {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
  readonly digest: Digest;
}

/** What a manifest refers to, read from its JSON. */
export interface ManifestContent {
  /** An index's children. */
  readonly manifests: readonly Descriptor[];
  /** An image's config and layers (and an artifact's blobs). */
  readonly blobs: readonly Descriptor[];
  readonly subject: Descriptor | undefined;
  readonly artifactType: string | undefined;
}

export function sha256Digest(bytes: Uint8Array): Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function digestOf(bytes: Uint8Array, algorithm: string): Digest {
  return `${algorithm as 'sha256' | 'sha512'}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

function descriptor(value: unknown, where: string): Descriptor {
  const d = value as Partial<Descriptor> | null;
  if (typeof d !== 'object' || d === null || typeof d.digest !== 'string' || !isDigest(d.digest)) {
    throw new Error(`${where}: a descriptor without a valid digest`);
  }
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw new Error(`${where}: descriptor ${d.digest} has no valid size`);
  }
  return d as Descriptor;
}

/** Blobs that live elsewhere (Windows foreign layers) are referenced, never copied. */
function isForeign(d: Descriptor): boolean {
  return (d.urls?.length ?? 0) > 0 && d.mediaType.includes('foreign');
}

export function parseManifest(manifest: Manifest): ManifestContent {
  const where = `manifest ${manifest.digest}`;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new Error(`${where} is not JSON`);
  }
  const list = (key: string) => (Array.isArray(json[key]) ? (json[key] as unknown[]) : []);
  const manifests = list('manifests').map((d) => descriptor(d, where));
  const blobs = [
    ...(json.config === undefined ? [] : [descriptor(json.config, where)]),
    ...list('layers').map((d) => descriptor(d, where)),
    ...list('blobs').map((d) => descriptor(d, where)),
  ].filter((d) => !isForeign(d));
  return {
    manifests,
    blobs,
    subject: json.subject === undefined ? undefined : descriptor(json.subject, where),
    artifactType: typeof json.artifactType === 'string' ? json.artifactType : undefined,
  };
}

function contentType(response: HttpResponse, bytes: Uint8Array): string {
  const header = response.header('content-type')?.split(';')[0]?.trim();
  if (header && MANIFEST_TYPES.has(header)) return header;
  // Some registries answer a generic type; the manifest's own field says what it is.
  try {
    const field = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { mediaType?: unknown }).mediaType;
    if (typeof field === 'string' && MANIFEST_TYPES.has(field)) return field;
  } catch {}
  throw new Error(`unsupported manifest media type '${header ?? 'none'}' (Docker schema 1 is not supported)`);
}

async function readBounded(response: HttpResponse, what: string): Promise<Uint8Array> {
  const length = Number(response.header('content-length') ?? '0');
  if (length > MAX_MANIFEST_BYTES) {
    response.body.destroy();
    throw new Error(`${what} is ${length} bytes, over the ${MAX_MANIFEST_BYTES}-byte manifest limit`);
  }
  return response.bytes(MAX_MANIFEST_BYTES);
}

/** `tag` or `digest` in a manifests URL. */
function manifestPath(repository: string, reference: string): string {
  return `/v2/${repository}/manifests/${reference}`;
}

/**
 * GETs a manifest by tag or digest, or `undefined` when the registry has none. By digest, the
 * bytes must hash to it; by tag, they must hash to the digest the registry states (if it does).
 */
export async function getManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<Manifest | undefined> {
  const what = `${client.registry}/${repository}:${reference}`;
  return client.step(async () => {
    const response = await client.request({
      method: 'GET',
      path: manifestPath(repository, reference),
      scopes: [pullScope(repository)],
      headers: { accept: MANIFEST_ACCEPT },
      ok: [200, 404],
      idempotent: true,
    });
    if (response.status === 404) {
      response.discard();
      return undefined;
    }
    const bytes = await readBounded(response, what);
    const mediaType = contentType(response, bytes);
    const stated = response.header('docker-content-digest');
    const expected = isDigest(reference)
      ? reference
      : stated !== null && isDigest(stated)
        ? stated
        : undefined;
    const algorithm = expected?.split(':')[0] ?? 'sha256';
    const digest = digestOf(bytes, algorithm);
    if (expected !== undefined && digest !== expected) {
      throw new Error(`${what}: the manifest bytes hash to ${digest}, not ${expected}`);
    }
    return { bytes, mediaType, digest };
  });
}

/** The digest a tag or digest points at (HEAD), or `undefined` when there is none. */
export async function headManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<Digest | undefined> {
  const response = await client.request({
    method: 'HEAD',
    path: manifestPath(repository, reference),
    scopes: [pullScope(repository)],
    headers: { accept: MANIFEST_ACCEPT },
    ok: [200, 404],
    idempotent: true,
  });
  if (response.status === 404) return undefined;
  const stated = response.header('docker-content-digest');
  if (stated !== null && isDigest(stated)) return stated;
  // Without the header the only way to know is to read the bytes.
  return (await getManifest(client, repository, reference))?.digest;
}

export interface PutManifestResult {
  readonly digest: Digest;
  /** The registry processed the manifest's subject (it serves the referrers API). */
  readonly subjectAccepted: boolean;
}

/**
 * PUTs the exact bytes under a tag or their digest and checks the digest the registry states
 * equals the bytes' own. Idempotent: the same bytes under the same reference.
 */
export async function putManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  manifest: Manifest,
): Promise<PutManifestResult> {
  const response = await client.request({
    method: 'PUT',
    path: manifestPath(repository, reference),
    scopes: pushScopes(repository),
    headers: { 'content-type': manifest.mediaType },
    body: manifest.bytes,
    ok: [200, 201, 202],
    idempotent: true,
  });
  response.discard();
  const stated = response.header('docker-content-digest');
  if (stated !== null && stated !== manifest.digest) {
    throw new Error(
      `${client.registry}/${repository}:${reference}: the registry stored digest ${stated}, expected ${manifest.digest}`,
    );
  }
  return { digest: manifest.digest, subjectAccepted: response.header('oci-subject') !== null };
}
