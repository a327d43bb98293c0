// A configuration repository for the tests: a bare repository as the remote, seeded with
// files, and the helpers to read back what the action pushed.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type ActionRun, type RunOptions, runAction } from '@digestflow/testkit';

const exec = promisify(execFile);
export const actionDir = join(import.meta.dirname, '..');
export const TOKEN = 'ghs_updategitopstesttoken1234567890abcd';
export const SOURCE_SHA = 'c0ffee0000000000000000000000000000000001';
export const DIGEST_A = `sha256:${'a'.repeat(64)}`;
export const DIGEST_B = `sha256:${'b'.repeat(64)}`;

export interface TestContext {
  after(fn: () => Promise<void>): void;
}

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_AUTHOR_NAME: 'Dev',
      GIT_AUTHOR_EMAIL: 'dev@example.com',
      GIT_COMMITTER_NAME: 'Dev',
      GIT_COMMITTER_EMAIL: 'dev@example.com',
    },
  });
  return stdout.trim();
}

export class ConfigRepository {
  readonly root: string;
  /** The bare repository the action clones from and pushes to, where a git server serves it. */
  readonly remote: string;
  /** A developer's clone, to make commits the action did not make. */
  readonly work: string;

  constructor(root: string) {
    this.root = root;
    this.remote = join(root, 'octo-org', 'config.git');
    this.work = join(root, 'work');
  }

  static async create(t: TestContext, files: Record<string, string>): Promise<ConfigRepository> {
    const repo = new ConfigRepository(await mkdtemp(join(tmpdir(), 'gitops-')));
    t.after(() => rm(repo.root, { recursive: true, force: true }));
    await git(repo.root, 'init', '--quiet', '--bare', '--initial-branch=main', repo.remote);
    await git(repo.root, 'clone', '--quiet', repo.remote, repo.work);
    await git(repo.work, 'checkout', '--quiet', '-b', 'main');
    await repo.commit(files, 'Initial configuration');
    return repo;
  }

  /** Writes files in the developer's clone, commits and pushes them to main. */
  async commit(files: Record<string, string>, message: string, push = true): Promise<string> {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(this.work, path)), { recursive: true });
      await writeFile(join(this.work, path), text);
    }
    await git(this.work, 'add', '--all');
    await git(this.work, 'commit', '--quiet', '-m', message);
    if (push) await git(this.work, 'push', '--quiet', 'origin', 'HEAD:main');
    return await git(this.work, 'rev-parse', 'HEAD');
  }

  /** A file as the remote's branch has it. */
  async read(path: string, branch = 'main'): Promise<string> {
    const { stdout } = await exec('git', ['show', `${branch}:${path}`], { cwd: this.remote });
    return stdout;
  }

  async log(branch = 'main'): Promise<string[]> {
    return (await git(this.remote, 'log', '--format=%s', branch)).split('\n');
  }

  async message(branch = 'main'): Promise<string> {
    return await git(this.remote, 'log', '-1', '--format=%B', branch);
  }

  async tip(branch = 'main'): Promise<string | undefined> {
    const out = await git(this.remote, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`).catch(
      () => '',
    );
    return out === '' ? undefined : out;
  }

  /** Runs the action's dist against this repository, as a workflow step would. */
  async run(inputs: RunOptions['inputs'], options: Omit<RunOptions, 'inputs'> = {}): Promise<ActionRun> {
    return await runAction(actionDir, {
      githubToken: TOKEN,
      ...options,
      inputs: { repository: 'octo-org/config', 'repository-url': this.remote, ...inputs },
      env: { GITHUB_SHA: SOURCE_SHA, GITHUB_REF: 'refs/heads/main', ...options.env },
    });
  }
}
