// Promotion: the same manifest bytes, by digest, into another tag, repository or registry.
// Order is what keeps a failure harmless: the tag guard runs before anything is written;
// children before their index; blobs before their manifest; referrers after their subject;
// tags last, once the whole tree is at the target and its digest is checked.
import { ConfigurationError } from '../errors.ts';
import type { Digest } from '../reference.ts';
import { pullScope, pushScopes } from './auth.ts';
import { blobExists, mountBlob, streamBlob } from './blobs.ts';
import type { RegistryClient } from './client.ts';
import { Limiter } from './limiter.ts';
import {
  type Descriptor,
  getManifest,
  headManifest,
  type Manifest,
  parseManifest,
  putManifest,
} from './manifests.ts';
import { listReferrers, mergeFallbackIndex, referrersTag } from './referrers.ts';

export interface ImageLocation {
  readonly client: RegistryClient;
  readonly repository: string;
}

/** How the bytes travel: a tag write only, mounts within one registry, or streamed uploads. */
export type CopyMode = 'same-repository' | 'same-registry' | 'cross-registry';

export interface TransferCounts {
  skipped: number;
  mounted: number;
  uploaded: number;
}

export interface CopyStats {
  /** Blobs the target had, blobs linked from the source repository, blobs streamed. */
  readonly blobs: TransferCounts;
  /** The same, in bytes. */
  readonly bytes: TransferCounts;
  readonly manifests: { existing: number; pushed: number };
  /** Referrer manifests (signatures, SBOMs, attestations) found for the image. */
  referrers: number;
}

export type TagAction = 'create' | 'move' | 'unchanged';

export interface TargetTag {
  readonly tag: string;
  readonly action: TagAction;
  /** What the tag pointed at before, when it existed. */
  readonly previous: Digest | undefined;
}

export interface PromoteOptions {
  readonly source: ImageLocation;
  readonly target: ImageLocation;
  /** The source manifest, already fetched (its digest is what gets promoted). */
  readonly manifest: Manifest;
  readonly tags: readonly string[];
  readonly allowOverwrite?: boolean;
  readonly dryRun?: boolean;
  /** Blob transfers at once; default 4. */
  readonly concurrency?: number;
  /** Copy referrers along (default true). */
  readonly referrers?: boolean;
  readonly log?: (message: string) => void;
}

export interface PromoteResult {
  readonly digest: Digest;
  readonly mode: CopyMode;
  readonly tags: readonly TargetTag[];
  readonly stats: CopyStats;
  readonly dryRun: boolean;
}

/** Writing a tag failed after the whole image was in place; `written` tags already point at it. */
export class TagWriteError extends Error {
  readonly tag: string;
  readonly written: readonly string[];

  constructor(tag: string, written: readonly string[], cause: unknown) {
    super(
      `writing tag ${tag} failed${written.length > 0 ? ` after ${written.join(', ')} were written` : ''}: ${(cause as Error).message}`,
      { cause },
    );
    this.name = 'TagWriteError';
    this.tag = tag;
    this.written = written;
  }
}

export function copyMode(source: ImageLocation, target: ImageLocation): CopyMode {
  if (source.client.registry.toLowerCase() !== target.client.registry.toLowerCase()) return 'cross-registry';
  return source.repository === target.repository ? 'same-repository' : 'same-registry';
}

function emptyStats(): CopyStats {
  return {
    blobs: { skipped: 0, mounted: 0, uploaded: 0 },
    bytes: { skipped: 0, mounted: 0, uploaded: 0 },
    manifests: { existing: 0, pushed: 0 },
    referrers: 0,
  };
}

/**
 * What each target tag points at now, and what promotion would do to it. A tag at another
 * digest is refused unless `allowOverwrite`; that check runs before anything is written.
 */
export async function checkTargetTags(
  target: ImageLocation,
  tags: readonly string[],
  digest: Digest,
  allowOverwrite: boolean,
): Promise<TargetTag[]> {
  const limiter = new Limiter(4);
  const plans = await Promise.all(
    [...new Set(tags)].map((tag) =>
      limiter.run(async (): Promise<TargetTag> => {
        const previous = await headManifest(target.client, target.repository, tag);
        const action = previous === undefined ? 'create' : previous === digest ? 'unchanged' : 'move';
        return { tag, action, previous };
      }),
    ),
  );
  const conflicts = plans.filter((plan) => plan.action === 'move');
  if (conflicts.length > 0 && !allowOverwrite) {
    const list = conflicts.map((c) => `${c.tag} (now ${c.previous})`).join(', ');
    throw new ConfigurationError(
      `target tag already points at another image: ${list}; promoting ${digest} would move it. Set allow-overwrite: true to move it`,
    );
  }
  return plans;
}

class TreeCopy {
  readonly stats = emptyStats();
  readonly #source: ImageLocation;
  readonly #target: ImageLocation;
  readonly #dryRun: boolean;
  readonly #mount: boolean;
  readonly #blobs = new Map<Digest, Promise<void>>();
  readonly #manifests = new Map<Digest, Promise<void>>();
  readonly #referrersSeen = new Set<Digest>();
  readonly #transfers: Limiter;
  readonly #requests = new Limiter(8);
  readonly #log: (message: string) => void;

  constructor(source: ImageLocation, target: ImageLocation, options: PromoteOptions) {
    this.#source = source;
    this.#target = target;
    this.#dryRun = options.dryRun === true;
    this.#mount = copyMode(source, target) === 'same-registry';
    this.#transfers = new Limiter(options.concurrency ?? 4);
    this.#log = options.log ?? (() => {});
  }

  async #fetchSource(digest: Digest): Promise<Manifest> {
    const manifest = await this.#requests.run(() =>
      getManifest(this.#source.client, this.#source.repository, digest),
    );
    if (manifest === undefined) {
      throw new Error(
        `${this.#source.client.registry}/${this.#source.repository}@${digest} is referenced but missing`,
      );
    }
    return manifest;
  }

  /** Copies a manifest and everything it refers to, each digest once. */
  manifest(manifest: Manifest): Promise<void> {
    let copy = this.#manifests.get(manifest.digest);
    if (copy === undefined) {
      copy = this.#copyManifest(manifest);
      this.#manifests.set(manifest.digest, copy);
    }
    return copy;
  }

  async #copyManifest(manifest: Manifest): Promise<void> {
    const { client, repository } = this.#target;
    const present = await this.#requests.run(() => headManifest(client, repository, manifest.digest));
    // A registry accepts a manifest only once all it refers to is there: nothing below is missing.
    if (present === manifest.digest) {
      this.stats.manifests.existing++;
      return;
    }
    const content = parseManifest(manifest);
    await Promise.all([
      ...content.manifests.map(async (child) => this.manifest(await this.#fetchSource(child.digest))),
      ...content.blobs.map((blob) => this.#blob(blob)),
    ]);
    if (!this.#dryRun)
      await this.#requests.run(() => putManifest(client, repository, manifest.digest, manifest));
    this.stats.manifests.pushed++;
  }

  #blob(blob: Descriptor): Promise<void> {
    let copy = this.#blobs.get(blob.digest);
    if (copy === undefined) {
      copy = this.#transfers.run(() => this.#copyBlob(blob));
      this.#blobs.set(blob.digest, copy);
    }
    return copy;
  }

  #count(kind: keyof TransferCounts, blob: Descriptor): void {
    this.stats.blobs[kind]++;
    this.stats.bytes[kind] += blob.size;
  }

  async #copyBlob(blob: Descriptor): Promise<void> {
    const source = this.#source;
    const target = this.#target;
    if (await blobExists(target.client, target.repository, blob.digest)) return this.#count('skipped', blob);
    if (this.#dryRun) return this.#count(this.#mount ? 'mounted' : 'uploaded', blob);
    // The whole transfer is the unit of retry: a fresh GET and a fresh upload session each time.
    await target.client.step(async () => {
      if (this.#mount) {
        const mount = await mountBlob(target.client, target.repository, blob.digest, source.repository);
        if (mount.mounted) return this.#count('mounted', blob);
        await streamBlob(source, { ...target, uploadUrl: mount.uploadUrl }, blob);
      } else {
        await streamBlob(source, target, blob);
      }
      this.#count('uploaded', blob);
    });
  }

  /** Copies the referrers of `subject` (and theirs), and keeps the target's fallback tag current. */
  async referrers(subject: Digest): Promise<void> {
    if (this.#referrersSeen.has(subject)) return;
    this.#referrersSeen.add(subject);
    const found = await this.#requests.run(() =>
      listReferrers(this.#source.client, this.#source.repository, subject),
    );
    if (found.descriptors.length === 0) return;
    this.stats.referrers += found.descriptors.length;
    await Promise.all(
      found.descriptors.map(async (d) => {
        await this.manifest(await this.#fetchSource(d.digest));
        await this.referrers(d.digest);
      }),
    );
    const { client, repository } = this.#target;
    const atTarget = await listReferrers(client, repository, subject);
    if (atTarget.api) return; // the registry indexed them from their subject field
    const index = mergeFallbackIndex(atTarget.fallbackIndex, found);
    if (index === undefined) return;
    this.#log(`referrers of ${subject}: ${found.descriptors.length} under tag ${referrersTag(subject)}`);
    if (!this.#dryRun) await putManifest(client, repository, referrersTag(subject), index);
  }
}

/**
 * Widens the token requests of both registries to everything a promotion needs, so one token
 * serves the whole copy where the registry is shared (source pull with target push). Call it
 * before the first request to spare a token request; promoteImage calls it too.
 */
export function wantPromotionScopes(source: ImageLocation, target: ImageLocation, dryRun: boolean): void {
  source.client.auth.want([pullScope(source.repository)]);
  target.client.auth.want(dryRun ? [pullScope(target.repository)] : pushScopes(target.repository));
  if (copyMode(source, target) !== 'cross-registry') target.client.auth.want([pullScope(source.repository)]);
}

/**
 * Promotes `manifest` from `source` to `target` under `tags`. Nothing is written when the
 * guard refuses, in a dry run, or before the whole tree is at the target.
 */
export async function promoteImage(options: PromoteOptions): Promise<PromoteResult> {
  const { source, target, manifest } = options;
  const dryRun = options.dryRun === true;
  const mode = copyMode(source, target);
  wantPromotionScopes(source, target, dryRun);

  const tags = await checkTargetTags(target, options.tags, manifest.digest, options.allowOverwrite === true);
  const copy = new TreeCopy(source, target, options);
  if (mode !== 'same-repository') {
    await copy.manifest(manifest);
    if (options.referrers !== false) {
      // Referrers attach to the index or to one platform's image.
      const subjects = [manifest.digest, ...parseManifest(manifest).manifests.map((d) => d.digest)];
      await Promise.all(subjects.map((digest) => copy.referrers(digest)));
    }
    if (!dryRun) {
      const stored = await headManifest(target.client, target.repository, manifest.digest);
      if (stored !== manifest.digest) {
        throw new Error(
          `${target.client.registry}/${target.repository}@${manifest.digest} is not readable after the copy`,
        );
      }
    }
  }
  if (!dryRun) {
    const written: string[] = [];
    for (const plan of tags) {
      if (plan.action === 'unchanged') continue;
      try {
        await putManifest(target.client, target.repository, plan.tag, manifest);
      } catch (error) {
        throw new TagWriteError(plan.tag, written, error);
      }
      written.push(plan.tag);
    }
  }
  return { digest: manifest.digest, mode, tags, stats: copy.stats, dryRun };
}
