import { ImageReference } from './reference.ts';

export interface PinOptions {
  /**
   * Keep the container's own spelling of the repository (`nginx` stays `nginx`, not
   * `docker.io/library/nginx`) and change only the tag and digest: the smallest edit to a
   * file a person maintains.
   */
  readonly keepSpelling?: boolean;
}

/**
 * The image a container should run once `pins` are applied: the first pin whose
 * repository matches the container's image (registry host and port included,
 * Docker Hub shorthand expanded) replaces its tag or digest. `undefined` when no pin
 * matches, or the image is not a reference at all (e.g. a `$(VAR)` placeholder).
 */
export function pinImage(
  image: string,
  pins: readonly ImageReference[],
  options: PinOptions = {},
): { pin: ImageReference; image: string } | undefined {
  let current: ImageReference;
  try {
    current = ImageReference.parse(image);
  } catch {
    return undefined;
  }
  const pin = pins.find((candidate) => candidate.sameRepository(current));
  if (pin === undefined) return undefined;
  if (!options.keepSpelling) return { pin, image: pin.toString() };
  return { pin, image: `${writtenName(image)}${pin.toString().slice(pin.name.length)}` };
}

/**
 * The repository of a reference as written, without its tag and digest: `nginx:1.27`
 * gives `nginx`, `localhost:5000/app@sha256:…` gives `localhost:5000/app`.
 */
export function writtenName(reference: string): string {
  const parsed = ImageReference.parse(reference);
  let text = reference.trim();
  if (parsed.digest !== undefined) text = text.slice(0, -(parsed.digest.length + 1));
  if (parsed.tag !== undefined) text = text.slice(0, -(parsed.tag.length + 1));
  return text;
}
