// What an edit run records: the changes made, the images that found a place, notes for the
// log. Helpers here set and remove values through the CST so the file keeps its form.
import { ConfigurationError } from '@digestflow/core';
import { type Document, isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ImageSpec } from '../images.ts';
import { appendMapEntry, lineComment, removeMapEntry, setScalar } from '../yaml/cst.ts';
import type { YamlFile } from '../yaml/file.ts';

export type JsonPath = ReadonlyArray<string | number>;

export interface Change {
  readonly file: string;
  readonly line: number;
  /** Index of the YAML document within the file. */
  readonly document: number;
  /** Where in the document, as keys and indexes: what a re-read of the file must show changed. */
  readonly path: JsonPath;
  /** The value written (`undefined` when a key was removed). */
  readonly to: unknown;
  readonly from: string | undefined;
  readonly image: ImageSpec;
}

export class EditSession {
  readonly images: readonly ImageSpec[];
  readonly changes: Change[] = [];
  readonly matched = new Set<ImageSpec>();
  readonly notes: string[] = [];
  /** The checkout's real path. */
  readonly root: string;

  constructor(root: string, images: readonly ImageSpec[]) {
    this.root = root;
    this.images = images;
  }
}

/** One document of one file being edited. */
export class DocumentEdit {
  readonly session: EditSession;
  readonly file: YamlFile;
  readonly document: Document.Parsed;
  readonly index: number;
  /** Images a Flux marker in this document already places: no kustomize entry is added for them. */
  readonly marked = new Set<ImageSpec>();

  constructor(session: EditSession, file: YamlFile, document: Document.Parsed, index: number) {
    this.session = session;
    this.file = file;
    this.document = document;
    this.index = index;
  }

  where(node: Node | Pair | undefined): string {
    const offset = rangeStart(node);
    return offset === undefined ? this.file.path : `${this.file.path}:${this.file.line(offset)}`;
  }

  private record(
    node: Node | Pair | undefined,
    path: JsonPath,
    from: string | undefined,
    to: unknown,
    image: ImageSpec,
  ): void {
    const offset = rangeStart(node) ?? 0;
    this.session.changes.push({
      file: this.file.path,
      line: this.file.line(offset),
      document: this.index,
      path,
      from,
      to,
      image,
    });
  }

  /** Sets `map[key]` to `value`, adding the key when missing. */
  set(map: YAMLMap, key: string, value: string, path: JsonPath, image: ImageSpec): void {
    this.session.matched.add(image);
    const pair = pairOf(map, key);
    const keyPath = [...path, key];
    if (pair === undefined) {
      appendMapEntry(map.srcToken!, key, value, (offset) => this.column(offset), this.where(map));
      this.record(map, keyPath, undefined, value, image);
      return;
    }
    const node = pair.value;
    if (!isScalar(node) || node.srcToken === undefined || node.source === undefined) {
      throw new ConfigurationError(`${this.where(pair)}: '${keyPath.join('.')}' is not a single value`, {
        input: 'path',
      });
    }
    const current = scalarText(node);
    if (current === value) return;
    setScalar(node.srcToken, value, map.flow === true);
    this.record(node, keyPath, current, value, image);
  }

  /** Removes `map[key]` when present. */
  remove(map: YAMLMap, key: string, path: JsonPath, image: ImageSpec): void {
    const pair = pairOf(map, key);
    if (pair === undefined) return;
    removeMapEntry(map.srcToken!, pair.srcToken!, this.where(pair));
    this.record(
      pair,
      [...path, key],
      isScalar(pair.value) ? scalarText(pair.value) : undefined,
      undefined,
      image,
    );
  }

  /** Sets a scalar already found (a container's `image`, a marked field). */
  setNode(node: Scalar, value: string, inFlow: boolean, path: JsonPath, image: ImageSpec): void {
    this.session.matched.add(image);
    const current = scalarText(node);
    if (current === value) return;
    setScalar(node.srcToken!, value, inFlow);
    this.record(node, path, current, value, image);
  }

  /** Records an addition made through the CST directly (a new entry of a list). */
  added(node: Node, path: JsonPath, value: unknown, image: ImageSpec): void {
    this.session.matched.add(image);
    this.record(node, path, undefined, value, image);
  }

  column(offset: number): number {
    return this.file.column(offset);
  }
}

function rangeStart(node: Node | Pair | undefined): number | undefined {
  if (node === undefined) return undefined;
  if ('range' in node && node.range) return node.range[0];
  if ('key' in node) return rangeStart((node.key ?? undefined) as Node | undefined);
  return undefined;
}

export function pairOf(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair | undefined;
}

/** A scalar's value as text: strings as they are, numbers and booleans as written. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
}

/** The string at `map[key]`, when it is one. */
export function textAt(map: YAMLMap, key: string): string | undefined {
  return scalarText(pairOf(map, key)?.value);
}

/** Whether a scalar carries a Flux image-policy marker: those fields belong to the marker. */
export function hasMarker(node: unknown): boolean {
  return isScalar(node) && parseMarker(lineComment(node.srcToken)) !== undefined;
}

export interface Marker {
  /** `namespace:name` of the ImagePolicy. */
  readonly policy: string;
  /** `image` for the whole reference; else the part the field holds. */
  readonly field: 'image' | 'tag' | 'name' | 'digest';
}

/** Reads `{"$imagepolicy": "ns:name[:tag|:name|:digest]"}` from a comment's text. */
export function parseMarker(comment: string | undefined): Marker | undefined {
  const text = comment?.trim();
  if (text === undefined || !text.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = (JSON.parse(text) as Record<string, unknown>).$imagepolicy;
  } catch {
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const [namespace, name, field, ...rest] = value.split(':');
  if (!namespace || !name || rest.length > 0) return undefined;
  if (field === undefined) return { policy: `${namespace}:${name}`, field: 'image' };
  if (field === 'tag' || field === 'name' || field === 'digest')
    return { policy: `${namespace}:${name}`, field };
  return undefined;
}

/** Calls `visit` for every mapping in a node tree with its path from the document root. */
export function walkMaps(node: unknown, path: JsonPath, visit: (map: YAMLMap, path: JsonPath) => void): void {
  if (isMap(node)) {
    visit(node, path);
    for (const pair of node.items) {
      if (isScalar(pair.key)) walkMaps(pair.value, [...path, String(pair.key.value)], visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      walkMaps(item, [...path, index], visit);
    });
  }
}
