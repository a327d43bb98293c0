// Helm values: a dotted path (`image.tag`, `image.digest`, `image.repository`) set in every
// document under `path` that has the mapping the path leads to.
import { ConfigurationError, pinImage } from '@digestflow/core';
import { isMap, type YAMLMap } from 'yaml';
import { type ImageSpec, imageForRepository, namesRepositoryOf, writtenReference } from '../images.ts';
import { type DocumentEdit, hasMarker, pairOf, textAt } from './session.ts';

/** Which part of the image the last key holds; any other key name takes the whole reference. */
export type ValuePart = 'tag' | 'digest' | 'repository' | 'registry' | 'reference';

export interface ValuesPath {
  readonly text: string;
  readonly parent: readonly string[];
  readonly key: string;
  readonly part: ValuePart;
}

export function parseValuesPath(text: string): ValuesPath {
  const segments = text.split('.');
  if (segments.some((segment) => segment.trim() === '' || segment !== segment.trim())) {
    throw new ConfigurationError(`'${text}' is not a dotted path of keys, e.g. image.tag or image.digest`);
  }
  const key = segments.at(-1)!;
  const part: ValuePart =
    key === 'tag' || key === 'digest' || key === 'repository' || key === 'registry' ? key : 'reference';
  return { text, parent: segments.slice(0, -1), key, part };
}

function mapAt(root: unknown, keys: readonly string[]): YAMLMap | undefined {
  let node = root;
  for (const key of keys) {
    if (!isMap(node)) return undefined;
    node = pairOf(node, key)?.value;
  }
  return isMap(node) ? node : undefined;
}

/** The image a values mapping is about: the only one given, else the one its repository names. */
function imageOf(edit: DocumentEdit, map: YAMLMap, path: ValuesPath): ImageSpec | undefined {
  const images = edit.session.images;
  if (images.length === 1) return images[0];
  const registry = textAt(map, 'registry');
  const repository = textAt(map, 'repository');
  const named =
    path.part === 'reference'
      ? textAt(map, path.key)
      : repository !== undefined && registry !== undefined
        ? `${registry}/${repository}`
        : repository;
  if (named === undefined) {
    throw new ConfigurationError(
      `${edit.where(map)}: '${path.text}' with several images: the mapping has no 'repository' that tells which image it is`,
      { input: 'values-path' },
    );
  }
  return imageForRepository(images, named);
}

function valueFor(edit: DocumentEdit, map: YAMLMap, path: ValuesPath, image: ImageSpec): string {
  const { ref } = image;
  const current = textAt(map, path.key);
  const missing = (what: string) =>
    new ConfigurationError(
      `${edit.where(pairOf(map, path.key) ?? map)}: '${path.text}' needs the image's ${what}, and '${ref}' has none; give it as name:tag@digest`,
      { input: 'values-path' },
    );
  switch (path.part) {
    case 'tag':
      if (ref.tag === undefined) throw missing('tag');
      return ref.tag;
    case 'digest':
      if (ref.digest === undefined) throw missing('digest');
      return ref.digest;
    case 'registry':
      return current?.toLowerCase() === ref.registry.toLowerCase() ? current : ref.registry;
    case 'repository': {
      const registry = textAt(map, 'registry');
      if (registry !== undefined) {
        return namesRepositoryOf(`${registry}/${current}`, image) && current !== undefined
          ? current
          : ref.repository;
      }
      return namesRepositoryOf(current, image) && current !== undefined ? current : image.name;
    }
    case 'reference':
      return (
        (current === undefined ? undefined : pinImage(current, [ref], { keepSpelling: true })?.image) ??
        writtenReference(image)
      );
  }
}

export function editValues(edit: DocumentEdit, paths: readonly ValuesPath[]): void {
  for (const path of paths) {
    const map = mapAt(edit.document.contents, path.parent);
    if (map === undefined || hasMarker(pairOf(map, path.key)?.value)) continue;
    const image = imageOf(edit, map, path);
    if (image === undefined) continue;
    edit.set(map, path.key, valueFor(edit, map, path, image), path.parent, image);
  }
}
