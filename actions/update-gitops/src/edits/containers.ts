// Container images in Kubernetes manifests, matched as deploy-manifest matches them
// (core's pinImage: same registry and repository), keeping the file's spelling of the name.
import { pinImage } from '@digestflow/core';
import { isMap, isScalar } from 'yaml';
import { aliasRepository, writtenReference } from '../images.ts';
import { type DocumentEdit, hasMarker, pairOf, scalarText, textAt, walkMaps } from './session.ts';

/** Whether a document is a Kubernetes object (apiVersion and kind) other than a Kustomization. */
export function isKubernetesObject(edit: DocumentEdit): boolean {
  const root = edit.document.contents;
  if (!isMap(root)) return false;
  const kind = textAt(root, 'kind');
  return textAt(root, 'apiVersion') !== undefined && kind !== undefined && kind !== 'Kustomization';
}

/**
 * Every `image:` string of the object: containers, init and ephemeral containers of any
 * workload, and the image fields of custom resources that use the same key.
 */
export function editContainerImages(edit: DocumentEdit): void {
  const pins = edit.session.images.map((image) => image.ref);
  walkMaps(edit.document.contents, [], (map, path) => {
    const node = pairOf(map, 'image')?.value;
    if (!isScalar(node) || hasMarker(node)) return;
    const current = scalarText(node);
    if (current === undefined) return;
    // `old-repository=new-reference` moves a container to another repository (a promotion into
    // another registry); otherwise the image of the same repository is pinned.
    const moved = edit.session.images.find((image) => {
      const from = aliasRepository(image);
      return from !== undefined && pinImage(current, [from]) !== undefined;
    });
    if (moved !== undefined) {
      edit.setNode(node, writtenReference(moved), map.flow === true, [...path, 'image'], moved);
      return;
    }
    const match = pinImage(current, pins, { keepSpelling: true });
    if (match === undefined) return;
    const image = edit.session.images.find((candidate) => candidate.ref === match.pin)!;
    edit.setNode(node, match.image, map.flow === true, [...path, 'image'], image);
  });
}
