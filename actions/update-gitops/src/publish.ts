// Getting the commit to the remote: straight onto the branch (rebasing over whatever was
// pushed meanwhile, a bounded number of times), or onto a branch of its own for a pull request.
import { ConfigurationError } from '@digestflow/core';
import { type Git, GitError, lastLine } from './git.ts';

export const PUSH_ATTEMPTS = 5;

/** Lost a race: the branch moved before (non-fast-forward) or while (ref lock) this push landed. */
function rejected(error: unknown): boolean {
  return (
    error instanceof GitError &&
    /non-fast-forward|fetch first|failed to update ref|cannot lock ref|incorrect old value/.test(
      error.result.stderr,
    )
  );
}

/** A push the server refused for a reason other than a race: a protected branch, a read-only token. */
function refused(error: unknown, branch: string): unknown {
  if (!(error instanceof GitError)) return error;
  return new ConfigurationError(
    `the push to '${branch}' was refused: ${lastLine(error.result.stderr)}. Check that 'token' can push to it (and branch protection).`,
  );
}

export interface Pushed {
  /** The commit now at the tip of the branch, or `undefined` when the rebase found nothing left to push. */
  readonly commit: string | undefined;
  readonly attempts: number;
}

/**
 * Pushes HEAD to `branch`. When someone else pushed first, fetches their commits, rebases
 * this one onto them and tries again; a conflict stops with an error and pushes nothing.
 */
export async function pushToBranch(git: Git, branch: string, log: (line: string) => void): Promise<Pushed> {
  for (let attempt = 1; ; attempt++) {
    try {
      await git.run(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`]);
      return { commit: await git.head(), attempts: attempt };
    } catch (error) {
      if (!rejected(error)) throw refused(error, branch);
      if (attempt >= PUSH_ATTEMPTS) {
        throw new ConfigurationError(
          `the push to '${branch}' was rejected ${PUSH_ATTEMPTS} times: others keep pushing; run again`,
        );
      }
    }
    log(
      `The push to ${branch} was rejected: someone pushed first. Fetching and rebasing (attempt ${attempt + 1} of ${PUSH_ATTEMPTS}).`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt + Math.random() * 200));
    await git.run(['fetch', '--quiet', '--no-tags', 'origin', `refs/heads/${branch}`]);
    const rebase = await git.try(['rebase', '--quiet', 'FETCH_HEAD']);
    if (rebase.code !== 0) {
      await git.try(['rebase', '--abort']);
      throw new ConfigurationError(
        `the branch '${branch}' changed the same lines meanwhile; the rebase conflicts, nothing was pushed. Run again to edit the new state.`,
      );
    }
    if ((await git.head()) === (await git.run(['rev-parse', 'FETCH_HEAD']))) {
      return { commit: undefined, attempts: attempt }; // the same change was pushed by the other side
    }
  }
}

/**
 * Puts HEAD (one commit on the base) on `branch` for a pull request. The branch belongs to
 * this action: it is replaced, unless it already holds the same change on the same base.
 */
export async function pushPullRequestBranch(
  git: Git,
  branch: string,
  base: string,
): Promise<{ commit: string; pushed: boolean }> {
  const remote = await git.remoteBranch(branch);
  if (remote !== undefined) {
    await git.run(['fetch', '--quiet', '--no-tags', '--depth', '2', 'origin', `refs/heads/${branch}`]);
    const [ours, theirs, theirParent] = await Promise.all([
      git.run(['rev-parse', 'HEAD^{tree}']),
      git.run(['rev-parse', 'FETCH_HEAD^{tree}']),
      git.try(['rev-parse', 'FETCH_HEAD^']),
    ]);
    if (ours === theirs && theirParent.stdout.trim() === base) return { commit: remote, pushed: false };
  }
  const lease = `--force-with-lease=refs/heads/${branch}:${remote ?? ''}`;
  await git.run(['push', '--quiet', lease, 'origin', `HEAD:refs/heads/${branch}`]).catch((error: unknown) => {
    throw refused(error, branch);
  });
  return { commit: await git.head(), pushed: true };
}
