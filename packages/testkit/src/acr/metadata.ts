import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AttributeStore,
  blocksDelete,
  parseChangeable,
  type ResourceRecord,
  type TagRecord,
} from './attributes.ts';
import type { Backend } from './backend.ts';
import { readBody, sendAcrError, sendDisallowed, sendJson } from './http.ts';

/** A request to ACR's metadata API, `/acr/v1/…`, after routing. */
export type MetadataRoute =
  | { readonly kind: 'catalog' }
  | { readonly kind: 'repository'; readonly repository: string }
  | { readonly kind: 'tags'; readonly repository: string; readonly tag?: string }
  | { readonly kind: 'manifests'; readonly repository: string; readonly digest?: string };

export function parseMetadataPath(pathname: string): MetadataRoute | undefined {
  const rest = pathname.slice('/acr/v1/'.length);
  if (rest === '_catalog') return { kind: 'catalog' };
  const sub = /^(.+?)\/(_tags|_manifests)(?:\/([^/]+))?$/.exec(rest);
  if (sub) {
    const [, repository, kind, reference] = sub;
    const ref = reference;
    return kind === '_tags'
      ? { kind: 'tags', repository: repository!, ...(ref !== undefined && { tag: ref }) }
      : { kind: 'manifests', repository: repository!, ...(ref !== undefined && { digest: ref }) };
  }
  return rest === '' ? undefined : { kind: 'repository', repository: rest };
}

interface Page<T> {
  readonly items: T[];
  readonly link?: string;
}

/** `n` and `last` paging with a `Link: <…>; rel="next"` header, as ACR and distribution page. */
function paginate<T>(items: T[], key: (item: T) => string, query: URLSearchParams, path: string): Page<T> {
  const last = query.get('last');
  const n = Number(query.get('n') ?? '0');
  let start = 0;
  if (last !== null) {
    const index = items.findIndex((item) => key(item) === last);
    start = index === -1 ? items.length : index + 1;
  }
  const end = n > 0 ? start + n : items.length;
  const page = items.slice(start, end);
  if (end >= items.length || page.length === 0) return { items: page };
  const next = new URLSearchParams(query);
  next.set('last', key(page[page.length - 1]!));
  return { items: page, link: `<${path}?${next}>; rel="next"` };
}

function order<T extends { lastUpdateTime: string }>(items: T[], orderby: string | null): T[] {
  if (orderby === 'timedesc') return items.sort((a, b) => b.lastUpdateTime.localeCompare(a.lastUpdateTime));
  if (orderby === 'timeasc') return items.sort((a, b) => a.lastUpdateTime.localeCompare(b.lastUpdateTime));
  return items;
}

/** ACR's `/acr/v1/` API over the attribute store and the backend registry's content. */
export class MetadataApi {
  readonly #store: AttributeStore;
  readonly #backend: Backend;
  readonly #registry: string;

  constructor(store: AttributeStore, backend: Backend, registry: string) {
    this.#store = store;
    this.#backend = backend;
    this.#registry = registry;
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    route: MetadataRoute,
    query: URLSearchParams,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    if (route.kind === 'catalog' && method === 'GET') return this.#catalog(res, query);
    if (route.kind === 'repository') {
      if (!(await this.#repositoryExists(route.repository))) return this.#nameUnknown(res);
      const record = this.#store.ensureRepository(route.repository);
      if (method === 'GET') return sendJson(res, 200, await this.#repositoryBody(route.repository, record));
      if (method === 'PATCH') {
        return this.#patch(req, res, record, async () => this.#repositoryBody(route.repository, record));
      }
      if (method === 'DELETE') return this.#deleteRepository(res, route.repository, record);
    }
    if (route.kind === 'tags') {
      if (!(await this.#repositoryExists(route.repository))) return this.#nameUnknown(res);
      if (route.tag === undefined) {
        if (method === 'GET') return this.#listTags(res, route.repository, query);
      } else {
        const record = await this.tag(route.repository, route.tag);
        if (!record) return sendAcrError(res, 404, 'TAG_UNKNOWN', 'the specified tag does not exist');
        const body = () => this.#tagBody(route.repository, route.tag!, record);
        if (method === 'GET') return sendJson(res, 200, body());
        if (method === 'PATCH') return this.#patch(req, res, record, async () => body());
        if (method === 'DELETE') return this.#deleteTag(res, route.repository, route.tag, record);
      }
    }
    if (route.kind === 'manifests') {
      if (!(await this.#repositoryExists(route.repository))) return this.#nameUnknown(res);
      if (route.digest === undefined) {
        if (method === 'GET') return this.#listManifests(res, route.repository, query);
      } else {
        const content = await this.#backend.manifest(route.repository, route.digest);
        if (!content) return sendAcrError(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
        const record = this.#store.ensureManifest(route.repository, content.digest);
        const body = async () => ({
          registry: this.#registry,
          imageName: route.repository,
          manifest: await this.#manifestBase(route.repository, content.digest, record),
        });
        if (method === 'GET') return sendJson(res, 200, await body());
        if (method === 'PATCH') return this.#patch(req, res, record, body);
      }
    }
    sendAcrError(res, 405, 'UNSUPPORTED', `${method} is not supported on ${req.url}`);
  }

  #nameUnknown(res: ServerResponse): void {
    sendAcrError(res, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
  }

  async #repositoryExists(repository: string): Promise<boolean> {
    return (await this.#backend.catalog()).includes(repository);
  }

  async #catalog(res: ServerResponse, query: URLSearchParams): Promise<void> {
    const names = (await this.#backend.catalog())
      .filter((name) => this.#store.repository(name)?.changeableAttributes.listEnabled !== false)
      .sort();
    const page = paginate(names, (name) => name, query, '/acr/v1/_catalog');
    sendJson(res, 200, { repositories: page.items }, page.link ? { link: page.link } : {});
  }

  /** The tags the registry holds, with their records (made for tags the emulator has not seen). */
  async tagRecords(repository: string): Promise<[string, TagRecord][]> {
    const result: [string, TagRecord][] = [];
    for (const tag of (await this.#backend.tags(repository)).sort()) {
      const record = await this.tag(repository, tag);
      if (record) result.push([tag, record]);
    }
    return result;
  }

  async tag(repository: string, tag: string): Promise<TagRecord | undefined> {
    const known = this.#store.tag(repository, tag);
    const digest = await this.#backend.resolve(repository, tag);
    if (digest === undefined) return undefined;
    return known?.digest === digest ? known : this.#store.ensureTag(repository, tag, digest);
  }

  #tagBody(repository: string, tag: string, record: TagRecord) {
    return { registry: this.#registry, imageName: repository, tag: this.#tagBase(tag, record) };
  }

  #tagBase(tag: string, record: TagRecord) {
    return {
      name: tag,
      digest: record.digest,
      createdTime: record.createdTime,
      lastUpdateTime: record.lastUpdateTime,
      signed: false,
      changeableAttributes: { ...record.changeableAttributes },
    };
  }

  async #listTags(res: ServerResponse, repository: string, query: URLSearchParams): Promise<void> {
    const digest = query.get('digest');
    const records = (await this.tagRecords(repository))
      .filter(([, record]) => record.changeableAttributes.listEnabled)
      .filter(([, record]) => digest === null || record.digest === digest)
      .map(([tag, record]) => ({ ...this.#tagBase(tag, record) }));
    const page = paginate(
      order(records, query.get('orderby')),
      (t) => t.name,
      query,
      `/acr/v1/${repository}/_tags`,
    );
    sendJson(
      res,
      200,
      { registry: this.#registry, imageName: repository, tags: page.items },
      page.link ? { link: page.link } : {},
    );
  }

  async #manifestBase(repository: string, digest: string, record: ResourceRecord) {
    const content = await this.#backend.manifest(repository, digest);
    const json = content?.json ?? {};
    let architecture: string | null = null;
    let os: string | null = null;
    if (json.config?.digest) {
      const config = await this.#backend.blobJson(repository, json.config.digest);
      if (typeof config?.architecture === 'string') architecture = config.architecture;
      if (typeof config?.os === 'string') os = config.os;
    }
    const layerBytes = (json.layers ?? []).reduce((sum, layer) => sum + (layer.size ?? 0), 0);
    return {
      digest,
      imageSize: (content?.size ?? 0) + (json.config?.size ?? 0) + layerBytes,
      createdTime: record.createdTime,
      lastUpdateTime: record.lastUpdateTime,
      architecture,
      os,
      mediaType: content?.mediaType,
      ...(json.config?.mediaType !== undefined && { configMediaType: json.config.mediaType }),
      ...(json.manifests && {
        references: json.manifests.map((m) => ({
          digest: m.digest,
          architecture: m.platform?.architecture,
          os: m.platform?.os,
        })),
      }),
      tags: this.#store.tagsOf(repository, digest),
      changeableAttributes: { ...record.changeableAttributes },
    };
  }

  async #listManifests(res: ServerResponse, repository: string, query: URLSearchParams): Promise<void> {
    await this.tagRecords(repository); // tags pushed around the emulator still count
    const manifests = [];
    for (const [digest, record] of this.#store.manifests.get(repository) ?? []) {
      if (!record.changeableAttributes.listEnabled) continue;
      if ((await this.#backend.resolve(repository, digest)) === undefined) continue;
      manifests.push(await this.#manifestBase(repository, digest, record));
    }
    manifests.sort((a, b) => a.digest.localeCompare(b.digest));
    const page = paginate(
      order(manifests, query.get('orderby')),
      (m) => m.digest,
      query,
      `/acr/v1/${repository}/_manifests`,
    );
    sendJson(
      res,
      200,
      { registry: this.#registry, imageName: repository, manifests: page.items },
      page.link ? { link: page.link } : {},
    );
  }

  async #repositoryBody(repository: string, record: ResourceRecord) {
    const tags = await this.tagRecords(repository);
    const digests = new Set([...(this.#store.manifests.get(repository)?.keys() ?? [])]);
    return {
      registry: this.#registry,
      imageName: repository,
      createdTime: record.createdTime,
      lastUpdateTime: record.lastUpdateTime,
      manifestCount: digests.size,
      tagCount: tags.length,
      changeableAttributes: { ...record.changeableAttributes },
    };
  }

  async #patch(
    req: IncomingMessage,
    res: ServerResponse,
    record: ResourceRecord,
    body: () => Promise<unknown>,
  ): Promise<void> {
    let parsed: unknown;
    try {
      const text = (await readBody(req)).toString('utf8');
      parsed = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return sendAcrError(res, 400, 'INVALID_REQUEST', 'the request body is not valid JSON');
    }
    const update = parseChangeable(parsed);
    if (typeof update === 'string') return sendAcrError(res, 400, 'INVALID_REQUEST', update);
    AttributeStore.update(record, update);
    sendJson(res, 200, await body());
  }

  async #deleteTag(res: ServerResponse, repository: string, tag: string, record: TagRecord): Promise<void> {
    if (blocksDelete(this.#store.repository(repository)) || blocksDelete(record)) return sendDisallowed(res);
    // distribution 2.8 cannot untag alone; deleting by tag is refused there, so say so plainly.
    const status = await this.#backend.deleteManifest(repository, tag);
    if (status !== 202) {
      return sendAcrError(
        res,
        501,
        'UNSUPPORTED',
        'the backend registry cannot delete a tag without its manifest',
      );
    }
    this.#store.forgetTag(repository, tag);
    res.writeHead(202).end();
  }

  async #deleteRepository(res: ServerResponse, repository: string, record: ResourceRecord): Promise<void> {
    const tags = await this.tagRecords(repository);
    const manifests = [...(this.#store.manifests.get(repository) ?? [])];
    if (
      blocksDelete(record) ||
      tags.some(([, tag]) => blocksDelete(tag)) ||
      manifests.some(([, manifest]) => blocksDelete(manifest))
    ) {
      return sendDisallowed(res);
    }
    const deleted: string[] = [];
    for (const [digest] of manifests) {
      if ((await this.#backend.deleteManifest(repository, digest)) === 202) deleted.push(digest);
      this.#store.forgetManifest(repository, digest);
    }
    this.#store.repositories.delete(repository);
    sendJson(res, 202, { manifestsDeleted: deleted, tagsDeleted: tags.map(([tag]) => tag) });
  }
}
