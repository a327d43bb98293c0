// Releases the actions: checks that dist is fresh and the tree clean, writes the release notes
// (commits since the last tag) into CHANGELOG.md, pins the workflows' and examples' references to
// this repository by commit SHA, tags vX.Y.Z, moves the major tag vX, and puts main back to @main.
// Usage: pnpm release <patch|minor|major|X.Y.Z> [--dry-run] [--push] [--remote <name>]
// See RELEASING.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prependToChangelog, releaseNotes } from './release/notes.ts';
import {
  checkPins,
  commitBackToDevelopment,
  commitReleasePins,
  RELEASE_SUBJECT,
  type ReleasePins,
  Repository,
} from './release/pins.ts';
import { DEVELOPMENT_REF } from './release/uses.ts';
import { formatVersion, nextVersion, parseVersion, type Version } from './release/version.ts';

const root = join(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'dry-run': { type: 'boolean', default: false },
    push: { type: 'boolean', default: false },
    remote: { type: 'string', default: 'origin' },
  },
});

const repository = new Repository(root);
const git = (...args: string[]) => repository.run(...args);

function refuse(message: string): never {
  console.error(`release refused: ${message}`);
  process.exit(1);
}

function dirtyFiles(): string {
  return git('status', '--porcelain', '--untracked-files=normal');
}

function lastRelease(): { tag: string; version: Version } | undefined {
  try {
    const tag = git('describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*.[0-9]*.[0-9]*');
    return { tag, version: parseVersion(tag) };
  } catch {
    return undefined;
  }
}

function tagExists(tag: string): boolean {
  try {
    git('rev-parse', '--verify', '--quiet', `refs/tags/${tag}`);
    return true;
  } catch {
    return false;
  }
}

const request = positionals[0];
if (!request || positionals.length > 1) {
  refuse('usage: pnpm release <patch|minor|major|X.Y.Z> [--dry-run] [--push] [--remote <name>]');
}
const dryRun = values['dry-run'];

if (dirtyFiles() !== '') refuse(`the working tree has uncommitted changes:\n${dirtyFiles()}`);

// Between releases the references to this repository must already resolve (@main or a pin).
const before = checkPins(repository, 'HEAD');
if (before.problems.length > 0) {
  refuse(`the workflows' references to this repository do not resolve:\n${before.problems.join('\n')}`);
}

// A release ships the committed dist: rebuild it and insist that nothing changed.
try {
  execFileSync(process.execPath, [join(root, 'scripts', 'check-dist.ts')], { cwd: root, stdio: 'inherit' });
} catch {
  refuse('dist is stale: rebuild with `pnpm build`, commit actions/*/dist, then release');
}
const afterBuild = dirtyFiles();
if (afterBuild !== '') {
  refuse(`dist is stale: the rebuild changed these files; commit them, then release:\n${afterBuild}`);
}

const previous = lastRelease();
let version: Version;
try {
  version = nextVersion(previous?.version, request);
} catch (error) {
  refuse((error as Error).message);
}
const tag = `v${formatVersion(version)}`;
const majorTag = `v${version.major}`;
if (tagExists(tag)) refuse(`tag ${tag} exists already`);

const range = previous ? [`${previous.tag}..HEAD`] : ['HEAD'];
const commits = git('log', '--no-merges', '--format=%h%x1f%s', ...range)
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => {
    const [sha, subject] = line.split('\x1f') as [string, string];
    return { sha, subject };
  })
  // The commits of earlier releases (changelog, pins, back to @main) are no news.
  .filter((commit) => !RELEASE_SUBJECT.test(commit.subject));
if (commits.length === 0) refuse(`no commits since ${previous?.tag}: nothing to release`);
const changedActions = [
  ...new Set(
    git('diff', '--name-only', ...(previous ? [previous.tag, 'HEAD'] : ['--root', 'HEAD']), '--', 'actions')
      .split('\n')
      .map((path) => /^actions\/([^/]+)\/dist\//.exec(path)?.[1])
      .filter((name): name is string => name !== undefined),
  ),
].sort();

const notes = releaseNotes({
  tag,
  previousTag: previous?.tag,
  date: new Date().toISOString().slice(0, 10),
  commits,
  changedActions,
});
const changelogPath = join(root, 'CHANGELOG.md');
const changelog = prependToChangelog(
  existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : undefined,
  notes,
);

const base = git('rev-parse', '--short', 'HEAD');

const plan = [
  `release ${tag} (previous: ${previous?.tag ?? 'none'}), ${commits.length} commits`,
  `  commit CHANGELOG.md and the workflows, their ${before.checked} references to this repository's actions and`,
  `    workflows pinned (# ${tag}) to ${base}, whose actions/ tree the release keeps, as "Release ${tag}"`,
  `  commit the examples' calls of the reusable workflows pinned to that commit`,
  `  check that every pin of the release resolves to its actions/ tree (pnpm check-pins)`,
  `  tag ${tag} (annotated, with the notes)`,
  `  move ${majorTag} to ${tag}`,
  `  commit the workflows back to @${DEVELOPMENT_REF}, for the work until the next release`,
  values.push
    ? `  push the branch, ${tag} and ${majorTag} (forced) to ${values.remote}`
    : `  push nothing (add --push, or push yourself: see RELEASING.md)`,
];
console.log(`${plan.join('\n')}\n\n${notes}`);
if (dryRun) {
  console.log('dry run: nothing written');
  process.exit(0);
}

// Nothing half-done: a failure before the tags leaves the branch where it was.
const start = git('rev-parse', 'HEAD');
let pins: ReleasePins;
try {
  writeFileSync(changelogPath, changelog);
  pins = commitReleasePins(repository, tag, ['CHANGELOG.md']);
  const pinned = checkPins(repository, pins.release, tag);
  if (pinned.problems.length > 0) throw new Error(`its pins do not resolve:\n${pinned.problems.join('\n')}`);
} catch (error) {
  git('reset', '--quiet', '--hard', start);
  refuse(`release ${tag} undone: ${(error as Error).message}`);
}
git('tag', '--annotate', '--cleanup=verbatim', '--message', notes, tag, pins.release);
git('tag', '--force', '--annotate', '--message', `${majorTag} -> ${tag}`, majorTag, pins.release);
commitBackToDevelopment(repository, pins, tag);
if (values.push) {
  git('push', values.remote, 'HEAD');
  git('push', values.remote, `refs/tags/${tag}`);
  git('push', '--force', values.remote, `refs/tags/${majorTag}`);
}
console.log(
  `released ${tag} at ${git('rev-parse', '--short', `${tag}^{commit}`)} (${pins.pinnedFiles.length} workflow files pinned, actions of ${base}); ${majorTag} -> ${tag}; HEAD back to @${DEVELOPMENT_REF}`,
);
