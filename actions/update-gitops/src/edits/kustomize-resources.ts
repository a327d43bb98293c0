// The container images a kustomization's local resources use, found by following its
// `resources`, `bases`, `components` and patches inside the checkout (what `kustomize
// build` would read). Lets an `images` entry be added only for an image the build contains.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { pairOf, scalarText, walkMaps } from './session.ts';

export interface ResourceImages {
  readonly images: string[];
  /** False when a resource is remote or outside the checkout: the list may miss images. */
  readonly complete: boolean;
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=/i;

function documentsOf(path: string) {
  try {
    return parseAllDocuments(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}

/** The images used by the kustomization in `dir`, within `root`. */
export function resourceImages(root: string, dir: string): ResourceImages {
  const images: string[] = [];
  const seen = new Set<string>();
  let complete = true;

  const inside = (path: string) => {
    const rel = relative(root, path);
    return !rel.startsWith('..') && !isAbsolute(rel);
  };

  const readFile = (path: string) => {
    for (const document of documentsOf(path)) {
      walkMaps(document.contents, [], (map) => {
        const image = scalarText(pairOf(map, 'image')?.value);
        if (image !== undefined) images.push(image);
      });
    }
  };

  const readKustomization = (folder: string): void => {
    if (seen.has(folder)) return;
    seen.add(folder);
    const name = KUSTOMIZATION_NAMES.find((candidate) => existsSync(join(folder, candidate)));
    if (name === undefined) {
      complete = false;
      return;
    }
    for (const document of documentsOf(join(folder, name))) {
      const kustomization = document.contents;
      if (!isMap(kustomization)) continue;
      for (const key of ['resources', 'bases', 'components', 'patchesStrategicMerge', 'patches']) {
        const list = pairOf(kustomization, key)?.value;
        if (!isSeq(list)) continue;
        for (const item of list.items) {
          const entry = isScalar(item)
            ? scalarText(item)
            : isMap(item)
              ? scalarText(pairOf(item, 'path')?.value)
              : undefined;
          if (entry !== undefined) follow(folder, entry);
        }
      }
    }
  };

  const follow = (folder: string, entry: string) => {
    if (REMOTE.test(entry)) {
      complete = false;
      return;
    }
    const path = resolve(folder, entry);
    if (!inside(path) || !existsSync(path)) {
      complete = false;
      return;
    }
    if (statSync(path).isDirectory()) readKustomization(path);
    else readFile(path);
  };

  readKustomization(dir);
  return { images, complete };
}
