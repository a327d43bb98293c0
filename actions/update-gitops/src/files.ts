// The files under `path`, resolved inside the checkout: a path that leads outside it (by
// '..', an absolute path or a symbolic link) is refused before anything is read.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ConfigurationError } from '@digestflow/core';

const YAML_FILE = /\.ya?ml$/;

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Resolves one `path` entry to a real path inside `root` (itself a real path). */
export function resolveInside(root: string, entry: string): string {
  if (isAbsolute(entry)) {
    throw new ConfigurationError(`'${entry}' must be relative to the repository root`, { input: 'path' });
  }
  const joined = join(root, entry);
  if (!inside(root, joined)) {
    throw new ConfigurationError(`'${entry}' is outside the repository checkout`, { input: 'path' });
  }
  if (!existsSync(joined)) {
    throw new ConfigurationError(`'${entry}' does not exist in the repository`, { input: 'path' });
  }
  const real = realpathSync(joined);
  if (!inside(root, real)) {
    throw new ConfigurationError(`'${entry}' leads outside the repository checkout (a symbolic link)`, {
      input: 'path',
    });
  }
  return real;
}

/**
 * YAML files under `dir`: `*.yaml`, `*.yml` and `Kustomization`, skipping hidden folders
 * and a Helm chart's `templates/` (Go templates, not YAML).
 */
async function yamlFilesUnder(root: string, dir: string, found: Set<string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const isChart = entries.some((entry) => entry.isFile() && entry.name === 'Chart.yaml');
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!(isChart && entry.name === 'templates')) await yamlFilesUnder(root, path, found);
    } else if (entry.isFile() && (YAML_FILE.test(entry.name) || entry.name === 'Kustomization')) {
      found.add(path);
    }
  }
}

/** The files `paths` name, as real paths, in a stable order. */
export async function filesUnder(root: string, paths: readonly string[]): Promise<string[]> {
  const realRoot = realpathSync(root);
  const found = new Set<string>();
  for (const entry of paths) {
    const path = resolveInside(realRoot, entry);
    if (statSync(path).isDirectory()) await yamlFilesUnder(realRoot, path, found);
    else found.add(path);
  }
  return [...found].sort();
}

/** A real path inside the checkout as a repository path with '/' separators. */
export function repositoryPath(root: string, path: string): string {
  return relative(realpathSync(root), path).split(sep).join('/');
}
