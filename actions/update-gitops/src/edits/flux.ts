// Flux image-automation setter markers: a field commented `# {"$imagepolicy": "ns:name"}`
// holds the whole reference, `ns:name:tag` the tag, `ns:name:name` the repository and
// `ns:name:digest` the digest of the image that policy selects.
import { ConfigurationError, pinImage } from '@digestflow/core';
import { isScalar, type Scalar, type YAMLMap } from 'yaml';
import { type ImageSpec, imageForRepository, namesRepositoryOf, writtenReference } from '../images.ts';
import { lineComment } from '../yaml/cst.ts';
import {
  type DocumentEdit,
  type JsonPath,
  type Marker,
  parseMarker,
  scalarText,
  textAt,
  walkMaps,
} from './session.ts';

export interface MarkedField {
  readonly edit: DocumentEdit;
  readonly map: YAMLMap;
  readonly key: string;
  /** Where the field is in its document. */
  readonly path: JsonPath;
  readonly node: Scalar;
  readonly marker: Marker;
}

export function findMarkedFields(edit: DocumentEdit): MarkedField[] {
  const fields: MarkedField[] = [];
  walkMaps(edit.document.contents, [], (map, path) => {
    for (const pair of map.items) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
      const marker = parseMarker(lineComment(pair.value.srcToken));
      const key = String(pair.key.value);
      if (marker !== undefined)
        fields.push({ edit, map, key, path: [...path, key], node: pair.value, marker });
    }
  });
  return fields;
}

/** Which image a policy's fields are about: named by alias, or by a repository they hold. */
function imageOfPolicy(
  policy: string,
  fields: readonly MarkedField[],
  images: readonly ImageSpec[],
): ImageSpec | undefined {
  const aliased = images.find((image) => image.alias === policy);
  if (aliased !== undefined) return aliased;
  for (const { marker, node, map } of fields) {
    const held = marker.field === 'image' || marker.field === 'name' ? scalarText(node) : undefined;
    const beside = ['repository', 'newName', 'name', 'image'].map((key) => textAt(map, key));
    for (const text of [held, ...beside]) {
      const image = imageForRepository(images, text);
      if (image !== undefined) return image;
    }
  }
  return undefined;
}

function valueFor(field: MarkedField, image: ImageSpec): string {
  const { ref } = image;
  const current = scalarText(field.node);
  const missing = (what: string) =>
    new ConfigurationError(
      `${field.edit.where(field.node)}: the Flux marker '${field.marker.policy}:${field.marker.field}' needs the image's ${what}, and '${ref}' has none; give it as name:tag@digest`,
      { input: 'images' },
    );
  switch (field.marker.field) {
    case 'tag':
      if (ref.tag === undefined) throw missing('tag');
      return ref.tag;
    case 'digest':
      if (ref.digest === undefined) throw missing('digest');
      return ref.digest;
    case 'name':
      return current !== undefined && namesRepositoryOf(current, image) ? current : image.name;
    case 'image':
      return (
        (current === undefined ? undefined : pinImage(current, [ref], { keepSpelling: true })?.image) ??
        writtenReference(image)
      );
  }
}

/** Sets every marked field whose policy names one of the images; others are left as they are. */
export function editMarkedFields(
  fields: readonly MarkedField[],
  images: readonly ImageSpec[],
  notes: string[],
): void {
  const byPolicy = Map.groupBy(fields, (field) => field.marker.policy);
  for (const [policy, policyFields] of byPolicy) {
    const image = imageOfPolicy(policy, policyFields, images);
    if (image === undefined) {
      notes.push(
        `Flux image policy '${policy}': none of the images is its repository; its fields are left as they are`,
      );
      continue;
    }
    for (const field of policyFields) {
      field.edit.marked.add(image);
      field.edit.setNode(field.node, valueFor(field, image), field.map.flow === true, field.path, image);
    }
  }
}
