// Pins of this repository's own actions and reusable workflows, and their check.
//
// A reusable workflow cannot use `./actions/<name>`: the path resolves in the caller's checkout.
// It must name this repository, and a release must name it by a commit SHA, or a caller who pins
// the workflow still runs whatever a moving ref points to. The release commit cannot name its own
// SHA, so it names one whose `actions/` tree is identical (the commit the release started from),
// and the examples name the release's workflows by the commit that pinned them. `checkPins`
// proves that every such reference resolves: the commit exists, is in the release's history, and
// carries the same actions tree (and, for a workflow, the same workflow file).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { upstreamOf } from './fork.ts';
import {
  formatRepositoryName,
  type RepositoryName,
  repositoryOfPackage,
  sameRepository,
} from './repository.ts';
import {
  DEVELOPMENT_REF,
  FULL_SHA,
  isWorkflowPath,
  parseRemoteUses,
  rewriteUses,
  type SelfKind,
  selfReference,
  usesLines,
  VERSION_COMMENT,
} from './uses.ts';

/** Git in one repository: `run` trims its output, `read` returns a blob's bytes as text. */
export class Repository {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  run(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  }

  succeeds(...args: string[]): boolean {
    try {
      this.run(...args);
      return true;
    } catch {
      return false;
    }
  }

  read(commit: string, path: string): string {
    return execFileSync('git', ['cat-file', 'blob', `${commit}:${path}`], {
      cwd: this.dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  }

  /** The object id of `<commit>:<path>`, or undefined when the commit has no such path. */
  objectAt(commit: string, path: string): string | undefined {
    try {
      return this.run('rev-parse', '--verify', '--quiet', `${commit}:${path}`);
    } catch {
      return undefined;
    }
  }

  workflowFiles(commit: string): string[] {
    return this.run('ls-tree', '-r', '--name-only', commit)
      .split('\n')
      .filter((path) => isWorkflowPath(path))
      .sort();
  }

  self(commit: string): RepositoryName {
    return repositoryOfPackage(this.read(commit, 'package.json'));
  }
}

/** The workflow text with every reference to this repository's `kind` pinned to `sha # version`. */
export function pinReferences(
  text: string,
  self: RepositoryName,
  kind: SelfKind,
  sha: string,
  version: string,
): string {
  return rewriteUses(text, (line) => {
    const own = selfReference(line.target, self);
    if (own?.kind !== kind) return undefined;
    return { target: `${line.target.slice(0, line.target.lastIndexOf('@'))}@${sha}`, comment: version };
  });
}

export interface PinCheck {
  /** References to this repository's actions and workflows that were checked. */
  readonly checked: number;
  readonly pinned: number;
  readonly problems: string[];
}

/**
 * Checks every reference a commit's workflow files make to this repository. `release` (a
 * `vX.Y.Z`) demands that all are pinned by SHA with that version beside them; without it a
 * reference may also be `@main`, the ref between releases.
 */
export function checkPins(repository: Repository, commit: string, release?: string): PinCheck {
  // Most references share a few commits and paths: ask git once for each.
  const answers = new Map<string, unknown>();
  const once =
    <T>(ask: (...args: string[]) => T) =>
    (...args: string[]): T => {
      const key = `${ask.name}\0${args.join('\0')}`;
      if (!answers.has(key)) answers.set(key, ask.apply(repository, args));
      return answers.get(key) as T;
    };
  const git = {
    objectAt: once(repository.objectAt),
    succeeds: once(repository.succeeds),
    read: once(repository.read),
  };
  const self = repository.self(commit);
  const readme = git.objectAt(commit, 'README.md') ? git.read(commit, 'README.md') : '';
  const upstream = upstreamOf(readme);
  const actionsTree = git.objectAt(commit, 'actions');
  const problems: string[] = [];
  let checked = 0;
  let pinned = 0;
  for (const file of repository.workflowFiles(commit)) {
    for (const line of usesLines(git.read(commit, file))) {
      const where = `${file}:${line.index + 1}: ${line.target}`;
      const remote = parseRemoteUses(line.target);
      if (
        remote &&
        upstream &&
        !sameRepository(upstream, self) &&
        sameRepository(remote.repository, upstream)
      ) {
        problems.push(
          `${where}: names the upstream ${formatRepositoryName(upstream)}, not this fork ${formatRepositoryName(self)}: run pnpm fork-setup ${formatRepositoryName(self)}`,
        );
        continue;
      }
      const own = selfReference(line.target, self);
      if (!own) continue;
      checked++;
      const exists = git.objectAt(commit, own.kind === 'action' ? `${own.path}/action.yml` : own.path);
      if (!exists) {
        problems.push(
          `${where}: this repository has no ${own.kind === 'action' ? 'action' : 'workflow'} ${own.path}`,
        );
        continue;
      }
      if (own.ref === DEVELOPMENT_REF) {
        if (release)
          problems.push(`${where}: release ${release} must pin it by commit SHA, not @${DEVELOPMENT_REF}`);
        continue;
      }
      if (!FULL_SHA.test(own.ref)) {
        problems.push(
          `${where}: @${own.ref} is neither @${DEVELOPMENT_REF} (between releases) nor a full commit SHA (a release, written by pnpm release)`,
        );
        continue;
      }
      pinned++;
      if (!line.comment || !VERSION_COMMENT.test(line.comment)) {
        problems.push(`${where}: a pin needs its release beside it, as '# vX.Y.Z'`);
      } else if (release && line.comment !== release) {
        problems.push(`${where}: pinned as ${line.comment}, but this is release ${release}`);
      }
      if (!git.succeeds('cat-file', '-e', `${own.ref}^{commit}`)) {
        problems.push(
          `${where}: commit ${own.ref} is not in this clone (a shallow checkout? fetch the history)`,
        );
        continue;
      }
      if (!git.succeeds('merge-base', '--is-ancestor', own.ref, commit)) {
        problems.push(`${where}: commit ${own.ref} is not in the history of ${commit}`);
        continue;
      }
      if (git.objectAt(own.ref, 'actions') !== actionsTree) {
        problems.push(
          `${where}: the actions/ tree of ${own.ref.slice(0, 12)} differs from the one of ${commit}`,
        );
      }
      if (own.kind === 'workflow' && git.objectAt(own.ref, own.path) !== git.objectAt(commit, own.path)) {
        problems.push(`${where}: ${own.path} at ${own.ref.slice(0, 12)} differs from the one of ${commit}`);
      }
    }
  }
  return { checked, pinned, problems };
}

export const releaseSubject = (tag: string) => `Release ${tag}`;
/** The subjects `pnpm release` writes: no news for the next release's notes. */
export const RELEASE_SUBJECT = /^Release v\d+\.\d+\.\d+(?::|$)/;

export interface ReleasePins {
  /** The commit the release started from: its actions/ tree is the release's. */
  readonly base: string;
  /** The release commit to tag: its workflows and examples pinned. */
  readonly release: string;
  /** The workflow files the pins changed. */
  readonly pinnedFiles: string[];
}

/**
 * Commits the release on top of HEAD (clean): first `also` (the changelog) with every reference
 * to this repository's actions pinned to HEAD, whose actions/ tree that commit keeps; then, if
 * any workflow file calls this repository's reusable workflows, those pinned to the first commit,
 * whose workflow files the second keeps.
 */
export function commitReleasePins(git: Repository, tag: string, also: readonly string[] = []): ReleasePins {
  const base = git.run('rev-parse', 'HEAD');
  const self = git.self(base);
  const files = git.workflowFiles(base);
  const pinAll = (kind: SelfKind, sha: string): string[] =>
    files.filter((file) => {
      const path = join(git.dir, file);
      const text = readFileSync(path, 'utf8');
      const pinned = pinReferences(text, self, kind, sha, tag);
      if (pinned !== text) writeFileSync(path, pinned);
      return pinned !== text;
    });
  const actionPinned = pinAll('action', base);
  git.run('add', '--', ...also, ...actionPinned);
  git.run('commit', '--quiet', '--allow-empty', '-m', releaseSubject(tag), '--', ...also, ...actionPinned);
  const actionsCommit = git.run('rev-parse', 'HEAD');
  const workflowPinned = pinAll('workflow', actionsCommit);
  if (workflowPinned.length > 0) {
    git.run('add', '--', ...workflowPinned);
    git.run(
      'commit',
      '--quiet',
      '-m',
      `${releaseSubject(tag)}: examples call its workflows by SHA`,
      '--',
      ...workflowPinned,
    );
  }
  return {
    base,
    release: git.run('rev-parse', 'HEAD'),
    pinnedFiles: [...new Set([...actionPinned, ...workflowPinned])].sort(),
  };
}

/** After tagging: the pinned files as they were at the release's base (@main), committed. */
export function commitBackToDevelopment(git: Repository, pins: ReleasePins, tag: string): void {
  if (pins.pinnedFiles.length === 0) return;
  git.run('checkout', pins.base, '--', ...pins.pinnedFiles);
  git.run(
    'commit',
    '--quiet',
    '-m',
    `${releaseSubject(tag)}: back to @${DEVELOPMENT_REF}`,
    '--',
    ...pins.pinnedFiles,
  );
}
