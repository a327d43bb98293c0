/**
 * Test images pushed into a {@link Registry} with the real `skopeo`.
 *
 * Each function builds an OCI image layout in a temporary folder and runs
 * `skopeo copy --preserve-digests oci:<layout>:<ref> docker://<host>/<repository>:<tag>`
 * (with the registry's credentials and CA from {@link registryClientFiles}), so what lands in
 * the registry is byte for byte what was built, and the digests returned are the registry's.
 *
 * - {@link seedImage}: one OCI image manifest with `layers` uncompressed tar layers of the given
 *   content sizes. Layer bytes come from AES-CTR keyed by `seed`, so the same options give the
 *   same digests in any registry (push it twice to test a promotion's mount or skip), and a
 *   150 MB layer takes well under a second to make.
 * - {@link seedIndex}: an OCI image index with one image per platform (default linux/amd64 and
 *   linux/arm64), each with its own layers.
 * - {@link seedReferrer}: an OCI 1.1 artifact manifest whose `subject` is an image or index.
 *   distribution 2.8 has no referrers API, so the artifact is pushed by digest and, as the
 *   distribution spec's referrers tag schema says, an image index tagged `sha256-<subject hex>`
 *   lists the referrers with their `artifactType` (merged with any already there). That index
 *   goes up over the registry API ({@link registryRequest}): skopeo 1.9 drops `artifactType`
 *   from index entries.
 *
 * Every result lists `blobs` (configs and layers) so tests can check mounts and uploads.
 *
 * @example
 * const registry = await startRegistry({ auth: 'token', tls: true });
 * t.after(() => registry.stop());
 * const image = await seedImage(registry, { repository: 'team/app', tag: 'dev-abc1234', layers: [150e6] });
 * const index = await seedIndex(registry, { repository: 'team/multi', tag: 'dev-abc1234' });
 * const sbom = await seedReferrer(registry, { repository: 'team/app', subject: image.manifest });
 * // image.digest, image.pinned (`<host>/team/app@sha256:…`), index.children[1].platform,
 * // sbom.fallbackTag (`sha256-<hex of image.digest>`), image.blobs …
 */

import { execFile } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Registry, registryClientFiles, registryRequest, skopeoFlags } from './registry.ts';

const run = promisify(execFile);

export const mediaTypes = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
  empty: 'application/vnd.oci.empty.v1+json',
} as const;

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** An OCI content descriptor. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: Platform;
  readonly artifactType?: string;
  readonly annotations?: Record<string, string>;
}

export interface ImageOptions {
  /** Repository inside the registry, e.g. `team/app`. */
  readonly repository: string;
  readonly tag?: string;
  /** Content size in bytes of each layer's one file (the tar adds 1.5 KiB or so); default one 1 KiB layer. */
  readonly layers?: readonly number[];
  /** What the bytes derive from; default `<repository>`. Equal seeds and sizes give equal digests. */
  readonly seed?: string;
  readonly labels?: Record<string, string>;
}

export interface SeededImage {
  /** `<host>/<repository>:<tag>`. */
  readonly reference: string;
  /** `<host>/<repository>@<digest>`. */
  readonly pinned: string;
  readonly digest: string;
  readonly manifest: Descriptor;
  readonly platform: Platform;
  readonly config: Descriptor;
  readonly layers: Descriptor[];
  /** The config and layers. */
  readonly blobs: Descriptor[];
}

export interface SeededIndex {
  readonly reference: string;
  readonly pinned: string;
  readonly digest: string;
  readonly index: Descriptor;
  /** One image per platform, in the index's order; their `reference` is the index's tag. */
  readonly children: SeededImage[];
  readonly blobs: Descriptor[];
}

export interface ReferrerOptions {
  readonly repository: string;
  /** The image or index the artifact refers to (e.g. `seeded.manifest` or `seeded.index`). */
  readonly subject: Descriptor;
  /** Default `application/vnd.digestflow.test+json`. */
  readonly artifactType?: string;
  /** The artifact's one blob; default a small JSON document naming the subject. */
  readonly content?: string;
  readonly annotations?: Record<string, string>;
}

export interface SeededReferrer {
  readonly pinned: string;
  readonly digest: string;
  readonly manifest: Descriptor;
  readonly artifactType: string;
  /** `sha256-<subject hex>`: the referrers tag schema's tag. */
  readonly fallbackTag: string;
  /** Digest of the index now under `fallbackTag`, listing every referrer of the subject. */
  readonly fallbackIndexDigest: string;
  readonly blobs: Descriptor[];
}

const defaultPlatforms: readonly Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
];

/** Pushes a single-platform image (linux/amd64 unless `platform` says otherwise). */
export async function seedImage(
  registry: Registry,
  options: ImageOptions & { readonly platform?: Platform },
): Promise<SeededImage> {
  const tag = options.tag ?? 'latest';
  return await withLayout(async (layout) => {
    const image = await buildImage(layout, options, options.platform ?? defaultPlatforms[0]!, registry, tag);
    layout.ref('image', image.manifest);
    await layout.push(registry, 'image', `${options.repository}:${tag}`);
    return image;
  });
}

/** Pushes an image index with one image per platform (default linux/amd64 and linux/arm64). */
export async function seedIndex(
  registry: Registry,
  options: ImageOptions & { readonly platforms?: readonly Platform[] },
): Promise<SeededIndex> {
  const tag = options.tag ?? 'latest';
  return await withLayout(async (layout) => {
    const children: SeededImage[] = [];
    for (const platform of options.platforms ?? defaultPlatforms) {
      children.push(await buildImage(layout, options, platform, registry, tag));
    }
    const index = await layout.json(mediaTypes.index, {
      schemaVersion: 2,
      mediaType: mediaTypes.index,
      manifests: children.map((child) => ({ ...child.manifest, platform: child.platform })),
    });
    layout.ref('index', index);
    await layout.push(registry, 'index', `${options.repository}:${tag}`, { all: true });
    const name = `${registry.host}/${options.repository}`;
    return {
      reference: `${name}:${tag}`,
      pinned: `${name}@${index.digest}`,
      digest: index.digest,
      index,
      children,
      blobs: children.flatMap((child) => child.blobs),
    };
  });
}

/** Pushes an artifact whose `subject` is `options.subject`, and the `sha256-<hex>` referrers index. */
export async function seedReferrer(registry: Registry, options: ReferrerOptions): Promise<SeededReferrer> {
  const artifactType = options.artifactType ?? 'application/vnd.digestflow.test+json';
  const fallbackTag = options.subject.digest.replace(':', '-');
  return await withLayout(async (layout) => {
    const empty = await layout.blob(mediaTypes.empty, Buffer.from('{}'));
    const content = options.content ?? JSON.stringify({ subject: options.subject.digest });
    const blob = await layout.blob('application/json', Buffer.from(content));
    const annotations = {
      'org.opencontainers.image.created': '1970-01-01T00:00:00Z',
      ...options.annotations,
    };
    const manifest = await layout.json(mediaTypes.manifest, {
      schemaVersion: 2,
      mediaType: mediaTypes.manifest,
      artifactType,
      config: empty,
      layers: [blob],
      subject: {
        mediaType: options.subject.mediaType,
        digest: options.subject.digest,
        size: options.subject.size,
      },
      annotations,
    });
    layout.ref('referrer', manifest);
    await layout.push(registry, 'referrer', `${options.repository}@${manifest.digest}`);

    // skopeo 1.9 drops `artifactType` from index entries, which the referrers index needs, so
    // this one manifest goes up over the registry API as built.
    const path = `/v2/${options.repository}/manifests/${fallbackTag}`;
    const existing = await registryRequest(registry, path, { headers: { accept: mediaTypes.index } });
    if (existing.status !== 200 && existing.status !== 404) {
      throw new Error(`reading ${fallbackTag}: ${existing.status} ${existing.body}`);
    }
    const listed =
      existing.status === 200 ? (JSON.parse(existing.body) as { manifests: Descriptor[] }).manifests : [];
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: mediaTypes.index,
        manifests: [
          ...listed.filter((d) => d.digest !== manifest.digest),
          { ...manifest, artifactType, annotations },
        ],
      }),
    );
    const put = await registryRequest(registry, path, {
      method: 'PUT',
      headers: { 'content-type': mediaTypes.index },
      body: index.toString(),
    });
    if (put.status !== 201) throw new Error(`pushing ${fallbackTag}: ${put.status} ${put.body}`);
    return {
      pinned: `${registry.host}/${options.repository}@${manifest.digest}`,
      digest: manifest.digest,
      manifest,
      artifactType,
      fallbackTag,
      fallbackIndexDigest: `sha256:${createHash('sha256').update(index).digest('hex')}`,
      blobs: [empty, blob],
    };
  });
}

async function buildImage(
  layout: OciLayout,
  options: ImageOptions,
  platform: Platform,
  registry: Registry,
  tag: string,
): Promise<SeededImage> {
  const seed = options.seed ?? options.repository;
  const platformName = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
  const layers: Descriptor[] = [];
  for (const [i, size] of (options.layers ?? [1024]).entries()) {
    layers.push(await layout.layer(`${seed}|${platformName}|${i}`, `layer-${i}.bin`, size));
  }
  const config = await layout.json(mediaTypes.config, {
    created: '1970-01-01T00:00:00Z',
    ...platform,
    config: options.labels ? { Labels: options.labels } : {},
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
  });
  const manifest = await layout.json(mediaTypes.manifest, {
    schemaVersion: 2,
    mediaType: mediaTypes.manifest,
    config,
    layers,
  });
  const name = `${registry.host}/${options.repository}`;
  return {
    reference: `${name}:${tag}`,
    pinned: `${name}@${manifest.digest}`,
    digest: manifest.digest,
    manifest,
    platform,
    config,
    layers,
    blobs: [config, ...layers],
  };
}

async function withLayout<T>(body: (layout: OciLayout) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'seed-'));
  try {
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
    return await body(new OciLayout(dir));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An OCI image layout being filled: blobs by digest, and named refs for skopeo's `oci:` transport. */
class OciLayout {
  readonly dir: string;
  private readonly refs: Descriptor[] = [];
  private temps = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  async blob(mediaType: string, bytes: Buffer): Promise<Descriptor> {
    const hex = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(this.dir, 'blobs', 'sha256', hex), bytes);
    return { mediaType, digest: `sha256:${hex}`, size: bytes.length };
  }

  async json(mediaType: string, document: object): Promise<Descriptor> {
    return await this.blob(mediaType, Buffer.from(JSON.stringify(document)));
  }

  /** An uncompressed tar holding one file of `size` bytes of AES-CTR keystream keyed by `seed`. */
  async layer(seed: string, fileName: string, size: number): Promise<Descriptor> {
    const temp = join(this.dir, `layer-${this.temps++}.tmp`);
    const out = createWriteStream(temp);
    const hash = createHash('sha256');
    let written = 0;
    const write = async (chunk: Buffer) => {
      hash.update(chunk);
      written += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    };
    await write(tarHeader(fileName, size));
    const key = createHash('sha256').update(seed).digest();
    const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
    const zeros = Buffer.alloc(1 << 20);
    for (let left = size; left > 0; left -= zeros.length) {
      await write(cipher.update(left >= zeros.length ? zeros : zeros.subarray(0, left)));
    }
    // Pad the file to a 512-byte block, then the two zero blocks that end an archive.
    await write(Buffer.alloc(((512 - (size % 512)) % 512) + 1024));
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    const hex = hash.digest('hex');
    await rename(temp, join(this.dir, 'blobs', 'sha256', hex));
    return { mediaType: mediaTypes.layer, digest: `sha256:${hex}`, size: written };
  }

  ref(name: string, descriptor: Descriptor): void {
    this.refs.push({ ...descriptor, annotations: { 'org.opencontainers.image.ref.name': name } });
  }

  /** Writes `index.json` and pushes the ref `name` to `<registry>/<target>`. */
  async push(
    registry: Registry,
    name: string,
    target: string,
    options: { all?: boolean } = {},
  ): Promise<void> {
    await writeFile(join(this.dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await writeFile(
      join(this.dir, 'index.json'),
      JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.index, manifests: this.refs }),
    );
    const files = await registryClientFiles(registry);
    await run('skopeo', [
      'copy',
      '--quiet',
      '--preserve-digests',
      ...(options.all ? ['--all'] : []),
      ...skopeoFlags(files, 'dest'),
      `oci:${this.dir}:${name}`,
      `docker://${registry.host}/${target}`,
    ]);
  }
}

/** A POSIX ustar header for a regular file with fixed owner, mode and time, so the bytes are stable. */
function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) =>
    header.write(value, offset, length, 'ascii');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
  field(0, 100, name);
  field(100, 8, octal(0o644, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(size, 12));
  field(136, 12, octal(0, 12));
  field(148, 8, ' '.repeat(8));
  field(156, 1, '0');
  field(257, 6, 'ustar');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${octal(sum, 7)}\0`);
  return header;
}
