import { execFile } from 'node:child_process';
import { glob, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigurationError } from '@digestflow/core';
import { parseAllDocuments } from 'yaml';
import type { KubeObject, SourcedObject } from './objects.ts';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export interface LoadOptions {
  /** Root that every manifest must be inside (`GITHUB_WORKSPACE`). */
  readonly workspace: string;
  /** Files, folders (recursive) or globs, relative to the workspace. */
  readonly manifests: readonly string[];
  /** A kustomization folder, rendered with `kubectl kustomize`. */
  readonly kustomize?: string;
}

/** Every object of the manifests and the rendered kustomization, in the order given. */
export async function loadManifests(options: LoadOptions): Promise<SourcedObject[]> {
  const workspace = await realpath(options.workspace);
  const objects: SourcedObject[] = [];
  for (const file of await manifestFiles(workspace, options.manifests)) {
    objects.push(...parseManifest(await readFile(file, 'utf8'), relative(workspace, file)));
  }
  if (options.kustomize !== undefined) {
    const dir = await insideWorkspace(workspace, options.kustomize, 'kustomize');
    const rendered = await renderKustomization(dir);
    objects.push(...parseManifest(rendered, `kustomize ${relative(workspace, dir) || '.'}`));
  }
  return objects;
}

async function manifestFiles(workspace: string, patterns: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    const found = /[*?[{]/.test(pattern)
      ? await globFiles(workspace, pattern)
      : await pathFiles(workspace, pattern);
    if (found.length === 0) {
      throw new ConfigurationError(`'${pattern}' matches no .yaml, .yml or .json file`, {
        input: 'manifests',
      });
    }
    for (const file of found) if (!files.includes(file)) files.push(file);
  }
  return files;
}

async function globFiles(workspace: string, pattern: string): Promise<string[]> {
  const matches: string[] = [];
  for await (const match of glob(pattern, { cwd: workspace })) matches.push(match);
  const files: string[] = [];
  for (const match of matches.sort()) {
    files.push(...(await pathFiles(workspace, match)));
  }
  return files;
}

async function pathFiles(workspace: string, path: string): Promise<string[]> {
  const real = await insideWorkspace(workspace, path, 'manifests');
  if ((await stat(real)).isFile()) return [real];
  const entries = await readdir(real, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && MANIFEST_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const inside: string[] = [];
  for (const file of files) inside.push(await insideWorkspace(workspace, file, 'manifests'));
  return inside;
}

/** The real path of `path`, refusing one that leaves the workspace (also through a symlink). */
async function insideWorkspace(workspace: string, path: string, input: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(isAbsolute(path) ? path : resolve(workspace, path));
  } catch {
    throw new ConfigurationError(`'${path}' does not exist in the workspace`, { input });
  }
  const rel = relative(workspace, real);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new ConfigurationError(`'${path}' is outside the workspace (${workspace})`, { input });
  }
  return real;
}

async function renderKustomization(dir: string): Promise<string> {
  return await new Promise((done, fail) => {
    execFile('kubectl', ['kustomize', dir], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) return done(stdout);
      const why =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'kubectl is not on PATH (it renders the kustomization)'
          : stderr.trim() || error.message;
      fail(new ConfigurationError(`kubectl kustomize failed: ${why}`, { input: 'kustomize' }));
    });
  });
}

/**
 * The objects of one multi-document YAML (or JSON) text. A `List` is unpacked into its items.
 * Each object must name its apiVersion, kind and metadata.name; an error names the file and
 * the document (counted from 1).
 */
export function parseManifest(text: string, file: string): SourcedObject[] {
  const objects: SourcedObject[] = [];
  parseAllDocuments(text).forEach((document, index) => {
    const source = { file, document: index + 1 };
    const where = `${file} (document ${source.document})`;
    if (document.errors.length > 0) {
      throw new ConfigurationError(`${where}: invalid YAML: ${document.errors[0]!.message}`);
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return;
    const items = isList(value) ? value.items : [value];
    items.forEach((item, itemIndex) => {
      const label = isList(value) ? `${where}, item ${itemIndex + 1}` : where;
      objects.push({ object: checkObject(item, label), source });
    });
  });
  return objects;
}

function isList(value: unknown): value is { items: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'List' &&
    Array.isArray((value as { items?: unknown }).items)
  );
}

function checkObject(value: unknown, where: string): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigurationError(`${where}: expected a Kubernetes object (a mapping), got ${typeof value}`);
  }
  const object = value as Partial<KubeObject>;
  const missing = [
    typeof object.apiVersion === 'string' && object.apiVersion !== '' ? undefined : 'apiVersion',
    typeof object.kind === 'string' && object.kind !== '' ? undefined : 'kind',
    typeof object.metadata?.name === 'string' && object.metadata.name !== '' ? undefined : 'metadata.name',
  ].filter((field) => field !== undefined);
  if (missing.length > 0) {
    throw new ConfigurationError(`${where}: the object has no ${missing.join(', ')}`);
  }
  return object as KubeObject;
}
