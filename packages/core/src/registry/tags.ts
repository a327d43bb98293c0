// Tag listing with the `Link: <…>; rel="next"` pagination of the distribution spec.
import { pullScope } from './auth.ts';
import type { RegistryClient } from './client.ts';

const DEFAULT_PAGE_SIZE = 1000;

function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

/** Every tag of a repository, following `Link` pages; `[]` for a repository that does not exist. */
export async function listTags(
  client: RegistryClient,
  repository: string,
  pageSize = DEFAULT_PAGE_SIZE,
): Promise<string[]> {
  const tags: string[] = [];
  let path: string | undefined = `/v2/${repository}/tags/list?n=${pageSize}`;
  while (path !== undefined) {
    const response = await client.request({
      method: 'GET',
      path,
      scopes: [pullScope(repository)],
      ok: [200, 404],
      idempotent: true,
    });
    if (response.status === 404) {
      response.discard();
      return tags;
    }
    const page = await response.json<{ tags?: string[] | null }>();
    tags.push(...(page.tags ?? []));
    path = nextLink(response.header('link'));
  }
  return tags;
}
