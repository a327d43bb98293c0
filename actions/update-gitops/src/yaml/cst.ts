// Edits on the concrete syntax tree of the `yaml` package. Each function changes the
// fewest tokens that express the edit; new tokens copy the indentation around them.
import { ConfigurationError } from '@digestflow/core';
import { CST, parse as parseYaml } from 'yaml';

type MapItem = CST.BlockMap['items'][number];
type SeqItem = CST.BlockSequence['items'][number];
type FlowScalar = CST.FlowScalar;

const SCALAR_TYPES = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar']);

export function isFlowScalar(token: CST.Token | null | undefined): token is FlowScalar {
  return token != null && SCALAR_TYPES.has(token.type);
}

/** The comment on the same line after a scalar (`image: x # comment`), without the '#'. */
export function lineComment(token: CST.Token | null | undefined): string | undefined {
  if (!isFlowScalar(token)) return undefined;
  for (const end of token.end ?? []) {
    if (end.type === 'newline') return undefined;
    if (end.type === 'comment') return end.source.slice(1);
  }
  return undefined;
}

/**
 * Sets a scalar to the string `value` in the style it has (plain stays plain, quoted stays
 * quoted), falling back to double quotes when the plain form would read back as another
 * type or text ('1.10' as a number, 'true' as a boolean).
 */
export function setScalar(token: CST.Token, value: string, inFlow = false): void {
  if (!isFlowScalar(token)) throw new Error(`expected a scalar token, found ${token.type}`);
  CST.setScalarValue(token, value, { inFlow });
  if (token.type === 'scalar' && !readsBackAs(token.source, value)) {
    CST.setScalarValue(token, value, { inFlow, type: 'QUOTE_DOUBLE' });
  }
}

function readsBackAs(source: string, value: string): boolean {
  try {
    return parseYaml(`[${source}]`)?.[0] === value && parseYaml(`k: ${source}`)?.k === value;
  } catch {
    return false;
  }
}

function space(source: string, indent: number): CST.SourceToken {
  return { type: 'space', offset: -1, indent, source };
}

function newline(indent: number): CST.SourceToken {
  return { type: 'newline', offset: -1, indent, source: '\n' };
}

function scalar(value: string, indent: number): FlowScalar {
  const token: FlowScalar = { type: 'scalar', offset: -1, indent, source: '', end: [newline(indent)] };
  setScalar(token, value);
  return token;
}

function keyValueItem(key: string, value: string, column: number, first: boolean): MapItem {
  return {
    start: first || column === 0 ? [] : [space(' '.repeat(column), 0)],
    key: { type: 'scalar', offset: -1, indent: column, source: key },
    sep: [{ type: 'map-value-ind', offset: -1, indent: column, source: ':' }, space(' ', column)],
    value: scalar(value, column),
  };
}

/** The indentation column of a block map's keys, read from its first key. */
function keyColumn(map: CST.BlockMap, columnOf: (offset: number) => number): number {
  const first = map.items.find((item) => item.key != null);
  return first?.key ? columnOf(first.key.offset) : map.indent;
}

/** Makes the text of `token` end with a line break, so that an item can follow it. */
function endWithNewline(token: CST.Token): void {
  if (CST.stringify(token).endsWith('\n')) return;
  if (token.type === 'block-map' || token.type === 'block-seq') {
    const last = token.items.at(-1);
    if (last?.value) endWithNewline(last.value);
    else last?.start.push(newline(token.indent));
    return;
  }
  if (isFlowScalar(token) || token.type === 'flow-collection') {
    token.end = [...(token.end ?? []), newline(token.indent)];
    return;
  }
  throw new Error(`cannot end a ${token.type} token with a line break`);
}

function isFlowMap(token: CST.Token): token is CST.FlowCollection {
  return token.type === 'flow-collection' && token.start.type === 'flow-map-start';
}

/** Appends `key: value` to a map: a new line at the indentation of its keys, or `, key: value` in `{…}`. */
export function appendMapEntry(
  map: CST.Token,
  key: string,
  value: string,
  columnOf: (offset: number) => number,
  where: string,
): void {
  if (isFlowMap(map)) {
    const item = keyValueItem(key, value, map.indent, true);
    (item.value as FlowScalar).end = [];
    setScalar(item.value!, value, true);
    if (map.items.length > 0) {
      item.start = [{ type: 'comma', offset: -1, indent: map.indent, source: ',' }, space(' ', map.indent)];
    }
    map.items.push(item);
    return;
  }
  if (map.type !== 'block-map')
    throw new ConfigurationError(`${where}: expected a mapping to add '${key}' to`);
  const last = map.items.at(-1);
  if (last?.value) endWithNewline(last.value);
  map.items.push(keyValueItem(key, value, keyColumn(map, columnOf), false));
}

/** Removes a key, its value and the comment lines right above it from a map. */
export function removeMapEntry(map: CST.Token, item: CST.CollectionItem, where: string): void {
  if (map.type !== 'block-map' && !isFlowMap(map)) {
    throw new ConfigurationError(`${where}: expected a mapping to remove a key from`);
  }
  const index = map.items.indexOf(item as MapItem);
  if (index === -1) throw new Error('the item is not in this map');
  map.items.splice(index, 1);
  // The first key of a map shares its line with what precedes it ("- name: …", the parent's
  // indentation, or "{"): the next key takes over that place, without its indentation or comma.
  const next = map.items[index];
  if (index === 0 && next !== undefined) next.start = item.start;
}

/** Appends `- k1: v1\n  k2: v2` to a block sequence, at the indentation of its other items. */
export function appendSeqMap(
  seq: CST.Token,
  entries: ReadonlyArray<readonly [string, string]>,
  columnOf: (offset: number) => number,
  where: string,
): void {
  if (seq.type !== 'block-seq') {
    throw new ConfigurationError(
      `${where}: cannot add an item to a flow sequence ([...]); write it in block style`,
    );
  }
  const first = seq.items[0]?.start.find((token) => token.type === 'seq-item-ind');
  const column = first ? columnOf(first.offset) : seq.indent;
  const last = seq.items.at(-1);
  if (last?.value) endWithNewline(last.value);
  seq.items.push(seqMapItem(entries, column));
}

function seqMapItem(entries: ReadonlyArray<readonly [string, string]>, column: number): SeqItem {
  const mapColumn = column + 2;
  return {
    start: [
      ...(column > 0 ? [space(' '.repeat(column), 0)] : []),
      { type: 'seq-item-ind', offset: -1, indent: column, source: '-' },
      space(' ', column + 1),
    ],
    value: {
      type: 'block-map',
      offset: -1,
      indent: mapColumn,
      items: entries.map(([key, value], index) => keyValueItem(key, value, mapColumn, index === 0)),
    },
  };
}

/**
 * Adds `key:` with a block sequence of one-map items to a block map. The sequence is
 * indented under the key as the file's other sequences are (`key:\n- a` or `key:\n  - a`).
 */
export function appendMapSeq(
  map: CST.Token,
  key: string,
  items: ReadonlyArray<ReadonlyArray<readonly [string, string]>>,
  seqIndent: number,
  columnOf: (offset: number) => number,
  where: string,
): void {
  if (map.type !== 'block-map') {
    throw new ConfigurationError(
      `${where}: cannot add '${key}' to a flow mapping ({...}); write it in block style`,
    );
  }
  const last = map.items.at(-1);
  if (last?.value) endWithNewline(last.value);
  const column = keyColumn(map, columnOf);
  const seqColumn = column + seqIndent;
  map.items.push({
    start: column > 0 ? [space(' '.repeat(column), 0)] : [],
    key: { type: 'scalar', offset: -1, indent: column, source: key },
    sep: [{ type: 'map-value-ind', offset: -1, indent: column, source: ':' }, newline(column)],
    value: {
      type: 'block-seq',
      offset: -1,
      indent: seqColumn,
      items: items.map((entries) => seqMapItem(entries, seqColumn)),
    },
  });
}
