// What ACR keeps beside the registry's content: creation and update times and the
// changeable attributes (the locks) of repositories, tags and manifests.

export interface ChangeableAttributes {
  deleteEnabled: boolean;
  writeEnabled: boolean;
  readEnabled: boolean;
  listEnabled: boolean;
}

export interface ResourceRecord {
  readonly createdTime: string;
  lastUpdateTime: string;
  readonly changeableAttributes: ChangeableAttributes;
}

export interface TagRecord extends ResourceRecord {
  digest: string;
}

const CHANGEABLE_KEYS = ['deleteEnabled', 'writeEnabled', 'readEnabled', 'listEnabled'] as const;

function fresh(): ResourceRecord {
  const now = new Date().toISOString();
  return {
    createdTime: now,
    lastUpdateTime: now,
    changeableAttributes: { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true },
  };
}

/** Validates a PATCH body: only the four booleans, each optional. */
export function parseChangeable(body: unknown): Partial<ChangeableAttributes> | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a JSON object';
  const update: Partial<ChangeableAttributes> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(CHANGEABLE_KEYS as readonly string[]).includes(key)) return `unknown attribute '${key}'`;
    if (typeof value !== 'boolean') return `attribute '${key}' must be true or false`;
    update[key as keyof ChangeableAttributes] = value;
  }
  return update;
}

export class AttributeStore {
  readonly repositories = new Map<string, ResourceRecord>();
  /** By repository, then tag. */
  readonly tags = new Map<string, Map<string, TagRecord>>();
  /** By repository, then digest: every manifest pushed through the emulator. */
  readonly manifests = new Map<string, Map<string, ResourceRecord>>();

  repository(name: string): ResourceRecord | undefined {
    return this.repositories.get(name);
  }

  tag(repository: string, tag: string): TagRecord | undefined {
    return this.tags.get(repository)?.get(tag);
  }

  manifest(repository: string, digest: string): ResourceRecord | undefined {
    return this.manifests.get(repository)?.get(digest);
  }

  tagsOf(repository: string, digest: string): string[] {
    return [...(this.tags.get(repository) ?? new Map<string, TagRecord>())]
      .filter(([, record]) => record.digest === digest)
      .map(([tag]) => tag)
      .sort();
  }

  /** Records a manifest the registry accepted, and the tag it was pushed to. */
  recordPush(repository: string, digest: string, tag: string | undefined): void {
    const now = new Date().toISOString();
    const repo = this.repositories.get(repository) ?? fresh();
    repo.lastUpdateTime = now;
    this.repositories.set(repository, repo);
    const manifests = this.manifests.get(repository) ?? new Map<string, ResourceRecord>();
    this.manifests.set(repository, manifests);
    const manifest = manifests.get(digest);
    if (manifest) manifest.lastUpdateTime = now;
    else manifests.set(digest, fresh());
    if (tag === undefined) return;
    const tags = this.tags.get(repository) ?? new Map<string, TagRecord>();
    this.tags.set(repository, tags);
    const existing = tags.get(tag);
    if (existing) {
      existing.digest = digest;
      existing.lastUpdateTime = now;
    } else {
      tags.set(tag, { ...fresh(), digest });
    }
  }

  /** The record of content the emulator did not see arrive (pushed to the backend directly). */
  ensureRepository(name: string): ResourceRecord {
    const record = this.repositories.get(name) ?? fresh();
    this.repositories.set(name, record);
    return record;
  }

  ensureManifest(repository: string, digest: string): ResourceRecord {
    const manifests = this.manifests.get(repository) ?? new Map<string, ResourceRecord>();
    this.manifests.set(repository, manifests);
    const record = manifests.get(digest) ?? fresh();
    manifests.set(digest, record);
    return record;
  }

  ensureTag(repository: string, tag: string, digest: string): TagRecord {
    const tags = this.tags.get(repository) ?? new Map<string, TagRecord>();
    this.tags.set(repository, tags);
    const record = tags.get(tag) ?? { ...fresh(), digest };
    record.digest = digest;
    tags.set(tag, record);
    this.ensureManifest(repository, digest);
    return record;
  }

  forgetManifest(repository: string, digest: string): void {
    this.manifests.get(repository)?.delete(digest);
    for (const tag of this.tagsOf(repository, digest)) this.tags.get(repository)?.delete(tag);
  }

  forgetTag(repository: string, tag: string): void {
    this.tags.get(repository)?.delete(tag);
  }

  static update(record: ResourceRecord, update: Partial<ChangeableAttributes>): void {
    Object.assign(record.changeableAttributes, update);
    record.lastUpdateTime = new Date().toISOString();
  }
}

/** ACR's locks: write disabled blocks overwrite and deletion; delete disabled blocks deletion. */
export function blocksWrite(record: ResourceRecord | undefined): boolean {
  return record !== undefined && !record.changeableAttributes.writeEnabled;
}

export function blocksDelete(record: ResourceRecord | undefined): boolean {
  return (
    record !== undefined &&
    (!record.changeableAttributes.deleteEnabled || !record.changeableAttributes.writeEnabled)
  );
}
