// A staging push that is a merge commit has no image of its own: the image to promote is the
// one built for the branch it merged. The checkout's git history says which commit that is.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The parents a merge commit brought in (every parent but the first), or `[]` for an ordinary
 * commit, a shallow checkout that lacks the parents, or no git repository at all.
 */
export async function mergedParents(
  sha: string,
  cwd: string,
): Promise<{ parents: string[]; problem?: string }> {
  try {
    const { stdout } = await run('git', ['rev-list', '--parents', '-n', '1', sha], { cwd });
    const [, ...parents] = stdout.trim().split(/\s+/);
    return { parents: parents.slice(1) };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    return { parents: [], problem: stderr || (error as Error).message };
  }
}
