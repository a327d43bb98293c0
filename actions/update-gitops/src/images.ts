import { ConfigurationError, ImageReference, writtenName } from '@digestflow/core';

/**
 * One line of the `images` input: a reference, or `alias=reference` where the alias is the
 * name a kustomization's `images` entry or a Flux image policy (`namespace:name`) uses.
 */
export interface ImageSpec {
  readonly ref: ImageReference;
  /** The repository as the user wrote it, for new text (`nginx` stays `nginx`). */
  readonly name: string;
  readonly alias: string | undefined;
}

export function parseImageSpec(line: string): ImageSpec {
  const eq = line.indexOf('=');
  const alias = eq === -1 ? undefined : line.slice(0, eq).trim();
  const text = (eq === -1 ? line : line.slice(eq + 1)).trim();
  if (alias === '') throw new ConfigurationError(`'${line}': the name before '=' is empty`);
  const ref = ImageReference.parse(text);
  if (ref.tag === undefined && ref.digest === undefined) {
    throw new ConfigurationError(
      `'${text}' has neither a tag nor a digest: give the image to deploy, e.g. '${text}@sha256:…'`,
    );
  }
  return { ref, name: writtenName(text), alias };
}

/** The reference with the repository spelled as the user wrote it: `nginx:1.27@sha256:…`. */
export function writtenReference(image: ImageSpec): string {
  return `${image.name}${image.ref.toString().slice(image.ref.name.length)}`;
}

/**
 * The repository an alias names, when it is one (`ghcr.io/acme/web=registry.example.com/web@…`
 * moves containers of ghcr.io/acme/web); `undefined` for a kustomize name with a tag or a
 * Flux policy (`flux-system:web`).
 */
export function aliasRepository(image: ImageSpec): ImageReference | undefined {
  if (image.alias === undefined) return undefined;
  try {
    return ImageReference.parseRepository(image.alias);
  } catch {
    return undefined;
  }
}

/** How an image shows in messages: `app=ghcr.io/o/app@sha256:…`. */
export function describeImage(image: ImageSpec): string {
  return `${image.alias === undefined ? '' : `${image.alias}=`}${image.ref}`;
}

/** The image whose repository `text` names, if `text` is an image reference at all. */
export function imageForRepository(
  images: readonly ImageSpec[],
  text: string | undefined,
): ImageSpec | undefined {
  if (text === undefined) return undefined;
  let ref: ImageReference;
  try {
    ref = ImageReference.parse(text);
  } catch {
    return undefined;
  }
  return images.find((image) => image.ref.sameRepository(ref));
}

/** Whether `text` names the same repository as `image` (tag and digest ignored). */
export function namesRepositoryOf(text: string | undefined, image: ImageSpec): boolean {
  return imageForRepository([image], text) !== undefined;
}
