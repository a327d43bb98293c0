// Plain HTTP calls to the `distribution` registry behind the emulator, for what ACR's
// metadata API reports about content (tags, digests, media types, platforms).

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface ManifestContent {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  readonly json: {
    mediaType?: string;
    config?: { mediaType?: string; digest?: string; size?: number };
    layers?: { size?: number }[];
    manifests?: { digest: string; size?: number; platform?: { architecture?: string; os?: string } }[];
  };
}

export class Backend {
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  async catalog(): Promise<string[]> {
    const response = await fetch(`${this.url}/v2/_catalog?n=1000`);
    return response.ok ? (((await response.json()) as { repositories?: string[] }).repositories ?? []) : [];
  }

  async tags(repository: string): Promise<string[]> {
    const response = await fetch(`${this.url}/v2/${repository}/tags/list`);
    return response.ok ? (((await response.json()) as { tags?: string[] | null }).tags ?? []) : [];
  }

  async resolve(repository: string, reference: string): Promise<string | undefined> {
    const response = await fetch(`${this.url}/v2/${repository}/manifests/${reference}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_TYPES },
    });
    return response.ok ? (response.headers.get('docker-content-digest') ?? undefined) : undefined;
  }

  async manifest(repository: string, reference: string): Promise<ManifestContent | undefined> {
    const response = await fetch(`${this.url}/v2/${repository}/manifests/${reference}`, {
      headers: { accept: MANIFEST_TYPES },
    });
    if (!response.ok) return undefined;
    const bytes = Buffer.from(await response.arrayBuffer());
    const json = JSON.parse(bytes.toString('utf8')) as ManifestContent['json'];
    return {
      digest: response.headers.get('docker-content-digest') ?? reference,
      mediaType: json.mediaType ?? response.headers.get('content-type') ?? '',
      size: bytes.length,
      json,
    };
  }

  async blobJson(repository: string, digest: string): Promise<Record<string, unknown> | undefined> {
    const response = await fetch(`${this.url}/v2/${repository}/blobs/${digest}`);
    if (!response.ok) return undefined;
    try {
      return (await response.json()) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  async deleteManifest(repository: string, digest: string): Promise<number> {
    const response = await fetch(`${this.url}/v2/${repository}/manifests/${digest}`, { method: 'DELETE' });
    await response.body?.cancel();
    return response.status;
  }
}
