// The repository the local run "pushes": a git repository holding the example app, as a
// user's repository would, with one kustomization per environment that points the app's
// image at the registry of that environment. Commits are real, so GITHUB_SHA is a real sha.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Environment = 'dev' | 'staging' | 'production';

export interface Workspace {
  readonly dir: string;
  /** Commits a change and returns its sha. */
  commit(message: string, files: Record<string, string>): string;
}

const appDir = join(import.meta.dirname, '..', '..', 'examples', 'app');
const BASE_IMAGE = 'myregistry.azurecr.io/team/example-app';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

/** Path of the kustomization the deploy of `environment` renders. */
export const overlayPath = (environment: Environment) => `local-run/${environment}`;

/** The example app's overlay for `environment`, with its image at `image` (a repository, no tag). */
export function overlayKustomization(environment: Environment, image: string): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    `  - ../../deploy/overlays/${environment}`,
    'images:',
    `  - name: ${BASE_IMAGE}`,
    `    newName: ${image}`,
    '',
  ].join('\n');
}

/** Creates the repository in `dir`; `images` maps each environment to its repository (no tag). */
export function createWorkspace(dir: string, images: Record<Environment, string>): Workspace {
  const files = ['package.json', 'src', 'deploy', 'Containerfile.scratch', 'Dockerfile', '.dockerignore'];
  for (const path of files) cpSync(join(appDir, path), join(dir, path), { recursive: true });
  for (const [environment, image] of Object.entries(images) as Array<[Environment, string]>) {
    mkdirSync(join(dir, overlayPath(environment)), { recursive: true });
    writeFileSync(
      join(dir, overlayPath(environment), 'kustomization.yaml'),
      overlayKustomization(environment, image),
    );
  }
  git(dir, 'init', '-q', '-b', 'main');
  for (const [key, value] of Object.entries({
    'user.name': 'Local Run',
    'user.email': 'local-run@example.invalid',
    'commit.gpgsign': 'false',
  })) {
    git(dir, 'config', key, value);
  }
  const commit = (message: string, files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
    git(dir, 'add', '--all');
    git(dir, 'commit', '-q', '--allow-empty', '-m', message);
    return git(dir, 'rev-parse', 'HEAD');
  };
  return { dir, commit };
}
