import { ConfigurationError, type ImageReference, pinImage } from '@digestflow/core';
import { containersOf, describeObject, type KubeObject } from './objects.ts';

export interface PinnedImage {
  /** `Deployment shop/web` */
  readonly object: string;
  readonly container: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Replaces the image of every container (init and ephemeral ones too) of every workload
 * whose repository matches one of `pins`. Every pin must match at least one container:
 * a typo in a repository must not leave the old image deployed.
 */
export function pinImages(objects: readonly KubeObject[], pins: readonly ImageReference[]): PinnedImage[] {
  const pinned: PinnedImage[] = [];
  const used = new Set<ImageReference>();
  const seen = new Set<string>();
  for (const object of objects) {
    for (const { container } of containersOf(object)) {
      if (typeof container?.image !== 'string') continue;
      seen.add(container.image);
      const match = pinImage(container.image, pins);
      if (match === undefined) continue;
      used.add(match.pin);
      if (match.image !== container.image) {
        pinned.push({
          object: describeObject(object),
          container: String(container.name),
          from: container.image,
          to: match.image,
        });
        container.image = match.image;
      }
    }
  }
  const unused = pins.filter((pin) => !used.has(pin));
  if (unused.length > 0) {
    const images = [...seen].sort();
    throw new ConfigurationError(
      `${unused.map((pin) => `'${pin}'`).join(', ')} ${unused.length === 1 ? 'matches' : 'match'} no container image in the manifests (${images.length > 0 ? `their images: ${images.join(', ')}` : 'they name no image'})`,
      { input: 'images' },
    );
  }
  return pinned;
}
