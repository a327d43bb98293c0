// `images:` of a kustomization, set as `kustomize edit set image` sets it: the entry for an
// image is replaced by what the reference says (newName, newTag, digest; a part the reference
// lacks is removed), and an image without an entry gets one appended.
import { dirname, join } from 'node:path';
import { ConfigurationError, pinImage } from '@digestflow/core';
import { isMap, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import { aliasRepository, type ImageSpec, namesRepositoryOf } from '../images.ts';
import { appendMapSeq, appendSeqMap } from '../yaml/cst.ts';
import { type ResourceImages, resourceImages } from './kustomize-resources.ts';
import { type DocumentEdit, hasMarker, pairOf, textAt } from './session.ts';

const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function isKustomizationFile(path: string): boolean {
  return KUSTOMIZATION_FILES.has(path.slice(path.lastIndexOf('/') + 1));
}

/** Whether the entry `{name, newName}` is the one `image` sets. */
function entryMatches(entry: YAMLMap, image: ImageSpec): boolean {
  const name = textAt(entry, 'name');
  if (name === undefined) return false;
  if (image.alias !== undefined) return image.alias === name;
  const newName = textAt(entry, 'newName');
  return newName !== undefined ? namesRepositoryOf(newName, image) : namesRepositoryOf(name, image);
}

function setEntry(
  edit: DocumentEdit,
  entry: YAMLMap,
  path: readonly (string | number)[],
  image: ImageSpec,
): void {
  const name = textAt(entry, 'name');
  const newName = textAt(entry, 'newName');
  if (namesRepositoryOf(name, image)) {
    if (newName !== undefined && !namesRepositoryOf(newName, image))
      edit.remove(entry, 'newName', path, image);
  } else if (!namesRepositoryOf(newName, image)) {
    edit.set(entry, 'newName', image.name, path, image);
  }
  const { tag, digest } = image.ref;
  if (tag !== undefined) edit.set(entry, 'newTag', tag, path, image);
  else edit.remove(entry, 'newTag', path, image);
  if (digest !== undefined) edit.set(entry, 'digest', digest, path, image);
  else edit.remove(entry, 'digest', path, image);
  edit.session.matched.add(image);
}

function newEntry(image: ImageSpec): Array<[string, string]> {
  const entry: Array<[string, string]> = [['name', image.alias ?? image.name]];
  if (image.alias !== undefined) entry.push(['newName', image.name]);
  if (image.ref.tag !== undefined) entry.push(['newTag', image.ref.tag]);
  if (image.ref.digest !== undefined) entry.push(['digest', image.ref.digest]);
  return entry;
}

/** How far the file indents a sequence under its key: 0 (`key:\n- a`) or 2 (`key:\n  - a`). */
function sequenceIndent(edit: DocumentEdit, root: YAMLMap): number {
  for (const pair of root.items) {
    const value = pair.value;
    if (isSeq(value) && !value.flow && value.range && pair.key && isMap(root)) {
      const keyOffset = (pair.key as { range?: [number, number, number] }).range?.[0];
      if (keyOffset !== undefined) return edit.column(value.range[0]) - edit.column(keyOffset);
    }
  }
  return 2;
}

/**
 * Whether to add an entry for `image`: when the build's local resources use its repository.
 * A resource this cannot read (remote, outside the checkout) leaves it to kustomize's rule,
 * adding the entry, with a note.
 */
function shouldAdd(edit: DocumentEdit, image: ImageSpec, resources: ResourceImages): boolean {
  if (edit.marked.has(image)) return false;
  const from = aliasRepository(image);
  const uses = (used: string) =>
    namesRepositoryOf(used, image) || (from !== undefined && pinImage(used, [from]) !== undefined);
  if (resources.images.some(uses)) return true;
  if (!resources.complete) {
    edit.session.notes.push(
      `${edit.file.path}: added '${image.name}' to images; some resources are remote or outside the checkout, so whether the build uses it was not checked`,
    );
  }
  return !resources.complete;
}

export function editKustomization(edit: DocumentEdit): void {
  const root = edit.document.contents;
  if (!isMap(root)) return;
  const kind = textAt(root, 'kind');
  if (kind !== undefined && kind !== 'Kustomization') return;
  let resources: ResourceImages | undefined;
  const add = (image: ImageSpec) => {
    resources ??= resourceImages(edit.session.root, dirname(join(edit.session.root, edit.file.path)));
    return shouldAdd(edit, image, resources);
  };
  const columnOf = (offset: number) => edit.column(offset);

  const pair = pairOf(root, 'images');
  if (pair === undefined) {
    const added = edit.session.images.filter(add);
    if (added.length === 0) return;
    appendMapSeq(
      root.srcToken!,
      'images',
      added.map(newEntry),
      sequenceIndent(edit, root),
      columnOf,
      edit.where(root),
    );
    added.forEach((image, index) => {
      edit.added(root, ['images', index], Object.fromEntries(newEntry(image)), image);
    });
    return;
  }
  const list = pair.value;
  if (!isSeq(list)) {
    throw new ConfigurationError(`${edit.where(pair)}: 'images' of a kustomization must be a list`, {
      input: 'path',
    });
  }
  let appended = 0;
  for (const image of edit.session.images) {
    const entries = matchingEntries(list, image);
    for (const { entry, index } of entries) {
      if (entry.items.some((p) => hasMarker(p.value))) continue; // Flux markers own this entry
      setEntry(edit, entry, ['images', index], image);
    }
    if (entries.length === 0 && add(image)) {
      appendSeqMap(list.srcToken!, newEntry(image), columnOf, edit.where(list));
      edit.added(
        list,
        ['images', list.items.length + appended++],
        Object.fromEntries(newEntry(image)),
        image,
      );
    }
  }
}

function matchingEntries(list: YAMLSeq, image: ImageSpec): Array<{ entry: YAMLMap; index: number }> {
  const found: Array<{ entry: YAMLMap; index: number }> = [];
  list.items.forEach((entry, index) => {
    if (isMap(entry) && entryMatches(entry, image)) found.push({ entry, index });
  });
  return found;
}
