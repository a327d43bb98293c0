import { ImageReference } from './reference.ts';

/**
 * The image a container should run once `pins` are applied: the first pin whose
 * repository matches the container's image (registry host and port included,
 * Docker Hub shorthand expanded) replaces its tag or digest. `undefined` when no pin
 * matches, or the image is not a reference at all (e.g. a `$(VAR)` placeholder).
 */
export function pinImage(
  image: string,
  pins: readonly ImageReference[],
): { pin: ImageReference; image: string } | undefined {
  let current: ImageReference;
  try {
    current = ImageReference.parse(image);
  } catch {
    return undefined;
  }
  const pin = pins.find((candidate) => candidate.sameRepository(current));
  return pin === undefined ? undefined : { pin, image: pin.toString() };
}
