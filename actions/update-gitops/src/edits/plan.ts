// Plans the edits of one run: every file under `path` read and parsed, the editors applied
// through the CST, and the result read back to prove that exactly the intended values
// changed and nothing else. Pure apart from reading files: nothing is written here.
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { ConfigurationError } from '@digestflow/core';
import { parseAllDocuments } from 'yaml';
import { filesUnder, repositoryPath } from '../files.ts';
import { describeImage, type ImageSpec } from '../images.ts';
import { YamlFile } from '../yaml/file.ts';
import { editContainerImages, isKubernetesObject } from './containers.ts';
import { editMarkedFields, findMarkedFields } from './flux.ts';
import { editKustomization, isKustomizationFile } from './kustomization.ts';
import { type Change, DocumentEdit, EditSession, type JsonPath } from './session.ts';
import { editValues, type ValuesPath } from './values.ts';

export interface FileEdit {
  /** Repository path. */
  readonly path: string;
  /** Absolute path in the checkout. */
  readonly absolutePath: string;
  readonly before: string;
  readonly after: string;
}

export interface EditPlan {
  readonly files: FileEdit[];
  readonly changes: Change[];
  readonly notes: string[];
}

export interface PlanOptions {
  readonly root: string;
  readonly paths: readonly string[];
  readonly images: readonly ImageSpec[];
  readonly valuesPaths: readonly ValuesPath[];
}

export async function planEdits(options: PlanOptions): Promise<EditPlan> {
  const session = new EditSession(realpathSync(options.root), options.images);
  const absolutePaths = await filesUnder(options.root, options.paths);
  const files = await Promise.all(
    absolutePaths.map(async (absolutePath) => ({
      absolutePath,
      yaml: YamlFile.parse(repositoryPath(options.root, absolutePath), await readFile(absolutePath, 'utf8')),
    })),
  );
  const edits = files.flatMap(({ yaml }) =>
    yaml.documents.map((document, index) => new DocumentEdit(session, yaml, document, index)),
  );

  // Marked fields first: a field with a Flux marker is set by its marker alone.
  editMarkedFields(edits.flatMap(findMarkedFields), session.images, session.notes);
  for (const edit of edits) {
    if (isKustomizationFile(edit.file.path)) {
      editKustomization(edit);
      continue;
    }
    if (isKubernetesObject(edit)) editContainerImages(edit);
    if (options.valuesPaths.length > 0) editValues(edit, options.valuesPaths);
  }

  const unmatched = session.images.filter((image) => !session.matched.has(image));
  if (unmatched.length > 0) {
    throw new ConfigurationError(
      `${unmatched.map((image) => `'${describeImage(image)}'`).join(', ')} ${unmatched.length === 1 ? 'matches' : 'match'} nothing in ${options.paths.join(', ')} (${files.length} YAML file${files.length === 1 ? '' : 's'}): no kustomization, container image, values path or Flux marker names ${unmatched.length === 1 ? 'it' : 'them'}`,
      { input: 'images' },
    );
  }

  const changed: FileEdit[] = [];
  for (const { absolutePath, yaml } of files) {
    const after = yaml.toString();
    if (after === yaml.original) continue;
    verify(
      yaml,
      after,
      session.changes.filter((change) => change.file === yaml.path),
    );
    changed.push({ path: yaml.path, absolutePath, before: yaml.original, after });
  }
  return { files: changed, changes: session.changes, notes: session.notes };
}

/**
 * Reads the edited text back and checks it equals the original with exactly the recorded
 * changes applied: a wrong token edit can never slip into a commit.
 */
function verify(file: YamlFile, after: string, changes: readonly Change[]): void {
  const before = file.documents.map((document) => document.toJS());
  const reread = parseAllDocuments(after);
  if (!Array.isArray(reread) || reread.some((document) => document.errors.length > 0)) {
    throw new Error(`${file.path}: the edited text is not valid YAML`);
  }
  const expected = structuredClone(before);
  for (const change of changes)
    expected[change.document] = applyChange(expected[change.document], change.path, change.to);
  const actual = reread.map((document) => document.toJS());
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(`${file.path}: the edited text does not read back as the intended change`);
  }
}

function applyChange(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string | number, ...JsonPath];
  const container = (root ?? (typeof key === 'number' ? [] : {})) as Record<string | number, unknown>;
  const next = applyChange(container[key], rest, value);
  if (next === undefined && rest.length === 0) delete container[key];
  else container[key] = next;
  return container;
}
