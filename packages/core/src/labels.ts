// OCI image labels and annotations (image-spec annotations.md) for a build of one commit.
import { ConfigurationError } from './errors.ts';
import type { GitHubContext } from './github.ts';
import type { ImageReference } from './reference.ts';

export const OCI = {
  revision: 'org.opencontainers.image.revision',
  source: 'org.opencontainers.image.source',
  created: 'org.opencontainers.image.created',
  version: 'org.opencontainers.image.version',
  title: 'org.opencontainers.image.title',
} as const;

/** Label keys: reverse-DNS style keys in practice; here anything printable without `=` or white space. */
const LABEL_KEY = /^[^\s=]+$/;

/** Parses `key=value` lines (the value may be empty or hold `=`) into an ordered map. */
export function parseLabels(lines: readonly string[]): ReadonlyMap<string, string> {
  const labels = new Map<string, string>();
  for (const line of lines) {
    const eq = line.indexOf('=');
    const key = eq === -1 ? line.trim() : line.slice(0, eq).trim();
    if (eq === -1 || !LABEL_KEY.test(key)) {
      throw new ConfigurationError(`expected key=value lines (e.g. team=payments), got '${line}'`);
    }
    labels.set(key, line.slice(eq + 1).trim());
  }
  return labels;
}

export interface ImageMetadataOptions {
  readonly image: ImageReference;
  readonly context: GitHubContext;
  /** The full commit sha the image is built from. */
  readonly sha: string;
  /** The primary tag. */
  readonly version: string;
  /** Build time, used when the payload has no commit time (which keeps rebuilds reproducible). */
  readonly now: Date;
  /** User labels, merged over the OCI ones. */
  readonly labels?: ReadonlyMap<string, string>;
}

export interface ImageMetadata {
  /** Image config labels: the OCI keys with the user's labels on top. */
  readonly labels: Readonly<Record<string, string>>;
  /** Manifest annotations: the OCI keys only (with the user's value where a label overrides one). */
  readonly annotations: Readonly<Record<string, string>>;
}

/** The OCI keys of this build, and the labels with the user's merged over them. */
export function imageMetadata(options: ImageMetadataOptions): ImageMetadata {
  const { context, image } = options;
  const oci: Record<string, string> = {
    [OCI.revision]: options.sha,
    ...(context.repositoryUrl === undefined ? {} : { [OCI.source]: context.repositoryUrl }),
    [OCI.created]: context.commitTimestamp ?? options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    [OCI.version]: options.version,
    [OCI.title]: image.repository.slice(image.repository.lastIndexOf('/') + 1),
  };
  const labels = { ...oci, ...Object.fromEntries(options.labels ?? []) };
  // A user's value for an OCI key wins in the annotations too, so the two never disagree.
  const annotations = Object.fromEntries(Object.keys(oci).map((key) => [key, labels[key]!]));
  return { labels, annotations };
}
