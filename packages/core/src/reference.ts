import { isIPv6 } from 'node:net';
import { ConfigurationError } from './errors.ts';

export type DigestAlgorithm = 'sha256' | 'sha512';
/** A content digest, `sha256:<64 hex>` or `sha512:<128 hex>`, checked on parse. */
export type Digest = `${DigestAlgorithm}:${string}`;

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

// Grammar from distribution's reference package (reference/regexp.go).
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const DIGEST_HEX: Record<DigestAlgorithm, RegExp> = {
  sha256: /^[a-f0-9]{64}$/,
  sha512: /^[a-f0-9]{128}$/,
};
const MAX_NAME_LENGTH = 255;

function invalid(input: string, why: string): ConfigurationError {
  return new ConfigurationError(`'${input}' is not a valid image reference: ${why}`);
}

export function isTag(value: string): boolean {
  return TAG.test(value);
}

export function parseTag(value: string): string {
  if (!TAG.test(value)) {
    throw new ConfigurationError(
      `'${value}' is not a valid tag: a tag is 1 to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'`,
    );
  }
  return value;
}

export function isDigest(value: string): value is Digest {
  const [algorithm, hex, ...rest] = value.split(':');
  if (rest.length > 0 || hex === undefined) return false;
  const pattern = DIGEST_HEX[algorithm as DigestAlgorithm];
  return pattern?.test(hex) === true;
}

export function parseDigest(value: string): Digest {
  if (!isDigest(value)) {
    throw new ConfigurationError(
      `'${value}' is not a valid digest: expected sha256:<64 lowercase hex> or sha512:<128 lowercase hex>`,
    );
  }
  return value;
}

function isValidHost(host: string): boolean {
  const colon = host.startsWith('[') ? host.indexOf(':', host.indexOf(']')) : host.lastIndexOf(':');
  const name = colon === -1 ? host : host.slice(0, colon);
  const port = colon === -1 ? undefined : host.slice(colon + 1);
  if (port !== undefined && !(/^[0-9]{1,5}$/.test(port) && Number(port) <= 65535)) return false;
  // distribution accepts a bracketed IPv6 address of hex digits and colons (no zone).
  if (name.startsWith('[')) return /^\[[0-9A-Fa-f:]+\]$/.test(name) && isIPv6(name.slice(1, -1));
  return name.split('.').every((part) => DOMAIN_COMPONENT.test(part));
}

/**
 * Docker's rule: the first component names a registry when it has a '.' or ':' or is localhost.
 * (Docker also takes an uppercase one for a host; here it is refused as a repository, the likelier mistake.)
 */
function looksLikeRegistry(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/**
 * An image reference parsed once: `registry/repository[:tag][@digest]`.
 * Docker Hub shorthand is expanded (`nginx` is `docker.io/library/nginx`).
 */
export class ImageReference {
  /** Registry host with its port when given: `ghcr.io`, `localhost:5000`, `[::1]:5000`. */
  readonly registry: string;
  /** Repository path within the registry: `library/nginx`, `team/app`. */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: Digest | undefined;

  private constructor(registry: string, repository: string, tag?: string, digest?: Digest) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  static parse(input: string): ImageReference {
    const text = input.trim();
    if (text === '') throw invalid(input, 'it is empty');
    if (/\s/.test(text)) throw invalid(input, 'it contains white space');

    let rest = text;
    let digest: Digest | undefined;
    const at = rest.indexOf('@');
    if (at !== -1) {
      const digestText = rest.slice(at + 1);
      if (!isDigest(digestText)) {
        throw invalid(input, `'${digestText}' is not a digest (sha256:<64 hex> or sha512:<128 hex>)`);
      }
      digest = digestText;
      rest = rest.slice(0, at);
    }

    if (!rest.includes('/') && /^(?:localhost|\[.*|[^:]*\..*)$/.test(rest.replace(/:[^:\]]*$/, ''))) {
      // Docker would read `ghcr.io` as docker.io/library/ghcr.io: never what was meant.
      throw invalid(input, 'it names a registry but no repository');
    }

    let tag: string | undefined;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
      if (!TAG.test(tag)) {
        throw invalid(
          input,
          `tag '${tag}' must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`,
        );
      }
    }

    const slash = rest.indexOf('/');
    let registry = DOCKER_HUB;
    let repository = rest;
    if (slash !== -1 && looksLikeRegistry(rest.slice(0, slash))) {
      registry = rest.slice(0, slash);
      repository = rest.slice(slash + 1);
      if (!isValidHost(registry)) throw invalid(input, `'${registry}' is not a valid registry host`);
    }
    if (DOCKER_HUB_ALIASES.has(registry.toLowerCase())) {
      registry = DOCKER_HUB;
      if (!repository.includes('/')) repository = `library/${repository}`;
    }

    if (repository === '') throw invalid(input, 'the repository is empty');
    for (const component of repository.split('/')) {
      if (!PATH_COMPONENT.test(component)) {
        throw invalid(
          input,
          `repository component '${component}' must be lowercase letters and digits, separated by '.', '_', '__' or '-'`,
        );
      }
    }
    if (registry.length + 1 + repository.length > MAX_NAME_LENGTH) {
      throw invalid(input, `the name is longer than ${MAX_NAME_LENGTH} characters`);
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  /** Parses a repository alone (`ghcr.io/owner/app`), refusing a tag or digest. */
  static parseRepository(input: string): ImageReference {
    const ref = ImageReference.parse(input);
    if (ref.tag !== undefined || ref.digest !== undefined) {
      throw new ConfigurationError(
        `'${input}' must be a repository without a tag or digest, e.g. '${ref.name}'`,
      );
    }
    return ref;
  }

  /** `registry/repository`, without tag or digest. */
  get name(): string {
    return `${this.registry}/${this.repository}`;
  }

  withTag(tag: string): ImageReference {
    return new ImageReference(this.registry, this.repository, parseTag(tag), undefined);
  }

  withDigest(digest: Digest): ImageReference {
    return new ImageReference(this.registry, this.repository, undefined, parseDigest(digest));
  }

  /** Same registry (case-insensitive host) and repository; tag and digest are ignored. */
  sameRepository(other: ImageReference): boolean {
    return (
      this.registry.toLowerCase() === other.registry.toLowerCase() && this.repository === other.repository
    );
  }

  toString(): string {
    return `${this.name}${this.tag !== undefined ? `:${this.tag}` : ''}${this.digest !== undefined ? `@${this.digest}` : ''}`;
  }
}
