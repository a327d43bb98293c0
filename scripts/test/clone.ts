// Temporary clones of this repository for the tests of its scripts: HEAD's history, with the
// scripts under test copied from this working tree.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

export function commitFile(repo: string, path: string, content: string, message: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), content);
  git(repo, 'add', path);
  git(repo, 'commit', '-q', '-m', message);
}

/** A clone of HEAD (in a temporary folder of its own: remove `join(repo, '..')`), `scripts` copied in. */
export function cloneWithScripts(scripts: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'clone-'));
  const repo = join(dir, 'repo');
  git(dir, 'clone', '-q', '--no-hardlinks', root, repo);
  git(repo, 'config', 'user.name', 'Script Test');
  git(repo, 'config', 'user.email', 'script-test@example.invalid');
  git(repo, 'config', 'commit.gpgsign', 'false');
  git(repo, 'config', 'tag.gpgsign', 'false');
  for (const path of scripts) cpSync(join(root, path), join(repo, path), { recursive: true });
  return repo;
}

/**
 * Not installed but borrowed: the root node_modules linked, and each package's node_modules
 * copied as the tree of relative symlinks pnpm made, so workspace packages resolve to the
 * clone's own sources and everything else to this checkout's store. A symlink is no folder to
 * .gitignore's `node_modules/`: exclude it.
 */
export function borrowNodeModules(repo: string, packages: readonly string[]): void {
  writeFileSync(join(repo, '.git', 'info', 'exclude'), 'node_modules\n');
  symlinkSync(join(root, 'node_modules'), join(repo, 'node_modules'));
  for (const dir of packages) {
    const modules = join(root, dir, 'node_modules');
    if (existsSync(modules))
      cpSync(modules, join(repo, dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }
}
