// Referrers (signatures, SBOMs, attestations): the OCI 1.1 referrers API, and where a registry
// has none (distribution 2.8) the fallback index kept under the tag `sha256-<hex>`.
import type { Digest } from '../reference.ts';
import { pullScope } from './auth.ts';
import type { RegistryClient } from './client.ts';
import {
  type Descriptor,
  getManifest,
  type Manifest,
  MediaTypes,
  parseManifest,
  sha256Digest,
} from './manifests.ts';

/** The tag the referrers tag schema keeps the referrers of `digest` under. */
export function referrersTag(digest: Digest): string {
  return digest.replace(':', '-');
}

export interface Referrers {
  readonly descriptors: readonly Descriptor[];
  /** The registry answered the referrers API (else the list came from the tag schema). */
  readonly api: boolean;
  /** The fallback index as stored, when the tag schema supplied the list. */
  readonly fallbackIndex: Manifest | undefined;
}

/** The referrers of `digest`, by the API where the registry has it, else by the tag schema. */
export async function listReferrers(
  client: RegistryClient,
  repository: string,
  digest: Digest,
): Promise<Referrers> {
  const response = await client.request({
    method: 'GET',
    path: `/v2/${repository}/referrers/${digest}`,
    scopes: [pullScope(repository)],
    headers: { accept: MediaTypes.ociIndex },
    ok: [200, 404],
    idempotent: true,
  });
  const type = response.header('content-type')?.split(';')[0]?.trim();
  if (response.status === 200 && type === MediaTypes.ociIndex) {
    const bytes = await response.bytes();
    const content = parseManifest({ bytes, mediaType: type, digest: sha256Digest(bytes) });
    return { descriptors: content.manifests, api: true, fallbackIndex: undefined };
  }
  response.discard();
  const fallbackIndex = await getManifest(client, repository, referrersTag(digest));
  return {
    descriptors: fallbackIndex === undefined ? [] : parseManifest(fallbackIndex).manifests,
    api: false,
    fallbackIndex,
  };
}

/**
 * The fallback index for the target: the source's own bytes when the target had none (so it
 * stays byte-identical), else the target's entries with the new ones added.
 */
export function mergeFallbackIndex(existing: Manifest | undefined, source: Referrers): Manifest | undefined {
  const existingEntries = existing === undefined ? [] : parseManifest(existing).manifests;
  const known = new Set(existingEntries.map((d) => d.digest));
  const added = source.descriptors.filter((d) => !known.has(d.digest));
  if (added.length === 0) return undefined;
  if (existing === undefined && source.fallbackIndex !== undefined) return source.fallbackIndex;
  const json = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociIndex,
    manifests: [...existingEntries, ...added],
  };
  const bytes = new TextEncoder().encode(JSON.stringify(json));
  return { bytes, mediaType: MediaTypes.ociIndex, digest: sha256Digest(bytes) };
}
