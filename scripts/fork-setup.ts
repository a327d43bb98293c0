// Makes a fork call its own actions and reusable workflows: rewrites every reference to this
// repository (workflows, examples, READMEs, action metadata and sources, package.json's
// repository, changelog links) to the fork's name, rebuilds the dist of the actions whose
// sources changed, and names the upstream once, in the README.
// Idempotent; run it again after merging from upstream. Usage: pnpm fork-setup <owner>/<repo>
// [--dry-run]. See the README, "Pinning and forking".
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renameRepository, upstreamOf, withAttribution } from './release/fork.ts';
import {
  formatRepositoryName,
  parseRepositoryName,
  type RepositoryName,
  repositoryOfPackage,
  sameRepository,
} from './release/repository.ts';

const root = join(import.meta.dirname, '..');
const usage = 'usage: pnpm fork-setup <owner>/<repo> [--dry-run]';

function refuse(message: string): never {
  console.error(`fork-setup refused: ${message}`);
  process.exit(1);
}

const options = { 'dry-run': { type: 'boolean', default: false } } as const;
let parsed: { values: { 'dry-run': boolean }; positionals: string[] };
try {
  parsed = parseArgs({ allowPositionals: true, options });
} catch (error) {
  refuse(`${(error as Error).message}; ${usage}`);
}
const [name, ...extra] = parsed.positionals;
if (name === undefined || extra.length > 0) refuse(usage);
let fork: RepositoryName;
try {
  fork = parseRepositoryName(name);
} catch (error) {
  refuse((error as Error).message);
}
const dryRun = parsed.values['dry-run'];

const read = (path: string) => readFileSync(join(root, path), 'utf8');
let self: RepositoryName;
try {
  self = repositoryOfPackage(read('package.json'));
} catch (error) {
  refuse((error as Error).message);
}
const readme = read('README.md');
// The project this is a fork of: named in the README once it is set up, else this repository.
const upstream = upstreamOf(readme) ?? self;
// This repository's name and the upstream's (a merge from upstream brings its references again).
const from = [self, upstream].filter(
  (name, index, all) =>
    !sameRepository(name, fork) && all.findIndex((other) => sameRepository(other, name)) === index,
);

const changes: { path: string; count: number; attributed: boolean; text: string }[] = [];
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((path) => path !== '');
for (const path of tracked) {
  // A bundle is rebuilt from its rewritten sources, not edited: its source map moves with it.
  if (/^actions\/[^/]+\/dist\//.test(path)) continue;
  let text: string;
  try {
    text = read(path);
  } catch {
    continue; // deleted in the working tree, or a submodule
  }
  if (text.includes('\0')) continue; // binary
  const renamed = renameRepository(text, from, fork);
  const next =
    path === 'README.md' && !sameRepository(upstream, fork)
      ? withAttribution(renamed.text, upstream)
      : renamed.text;
  if (next !== text)
    changes.push({ path, count: renamed.count, attributed: next !== renamed.text, text: next });
}

// The actions to rebuild: those whose sources changed, or all when a bundled library changed.
const actions = tracked
  .map((path) => /^actions\/([^/]+)\/action\.yml$/.exec(path)?.[1])
  .filter((action): action is string => action !== undefined);
const rebuild = changes.some((change) => /^packages\/(?!testkit\/)[^/]+\/src\//.test(change.path))
  ? actions
  : actions.filter((action) => changes.some((change) => change.path.startsWith(`actions/${action}/src/`)));

const target = formatRepositoryName(fork);
if (changes.length === 0) {
  console.log(`fork-setup: already set up for ${target}; nothing to change`);
  process.exit(0);
}
console.log(
  `fork-setup: ${formatRepositoryName(self)} -> ${target}` +
    (sameRepository(upstream, self)
      ? ''
      : ` (and the upstream ${formatRepositoryName(upstream)}'s references)`),
);
for (const change of changes) {
  console.log(
    `  ${change.path}: ${change.count} reference(s)${change.attributed ? ', and the line naming the upstream' : ''}`,
  );
}
if (rebuild.length > 0) console.log(`  and rebuild the dist of ${rebuild.join(', ')}`);
if (dryRun) {
  console.log('dry run: nothing written');
  process.exit(0);
}
for (const change of changes) writeFileSync(join(root, change.path), change.text);
if (rebuild.length > 0) {
  try {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.ts'), ...rebuild], {
      cwd: root,
      stdio: 'inherit',
    });
  } catch {
    refuse(
      `the sources are rewritten, but the rebuild of ${rebuild.join(', ')} failed: run pnpm install, then pnpm build`,
    );
  }
}
console.log(
  `rewrote ${changes.length} files: review with git diff, commit, then check with pnpm check-pins (see the README, "Pinning and forking")`,
);
