// The real git CLI over a clone in a temporary folder. The token travels as an HTTP
// extra header in GIT_CONFIG_* environment variables: never in a URL, an argument or the
// clone's .git/config, so neither `ps` nor an error message can show it.
import { execFile } from 'node:child_process';
import { ConfigurationError } from '@digestflow/core';

export interface GitOptions {
  /** Clone URL: `https://github.com/owner/name.git`, or a local path / file:// URL in tests. */
  readonly url: string;
  readonly token: string | undefined;
  /** Called with every secret derived from the token, to be masked. */
  readonly onSecret: (secret: string) => void;
}

export interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class GitError extends Error {
  readonly result: GitResult;

  constructor(args: readonly string[], result: GitResult) {
    super(
      `git ${args[0]} failed (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`,
    );
    this.name = 'GitError';
    this.result = result;
  }
}

/** Git's last line of error output: the one that says what went wrong. */
export function lastLine(stderr: string): string {
  return (
    stderr
      .trim()
      .split('\n')
      .at(-1)
      ?.replace(/^(?:fatal|error): /, '') ?? ''
  );
}

const BOT = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

function authEnvironment(options: GitOptions): Record<string, string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0' };
  if (options.token === undefined || !/^https?:/.test(options.url)) return env;
  const basic = Buffer.from(`x-access-token:${options.token}`).toString('base64');
  options.onSecret(basic);
  // Scoped to the server, as actions/checkout scopes it: no other host ever receives it.
  env.GIT_CONFIG_COUNT = '1';
  env.GIT_CONFIG_KEY_0 = `http.${new URL(options.url).origin}/.extraheader`;
  env.GIT_CONFIG_VALUE_0 = `AUTHORIZATION: basic ${basic}`;
  return env;
}

export class Git {
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(dir: string, env: NodeJS.ProcessEnv) {
    this.dir = dir;
    this.env = env;
  }

  /** Clones `branch` (default the remote's default branch) shallowly into `dir`. */
  static async clone(options: GitOptions, dir: string, branch: string | undefined): Promise<Git> {
    // The step's inputs (the token among them) are not git's business.
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('INPUT_')),
    );
    const env = {
      ...inherited,
      GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME ?? BOT.name,
      GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL ?? BOT.email,
      GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? BOT.name,
      GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? BOT.email,
      ...authEnvironment(options),
    };
    const git = new Git(dir, env);
    const url = /^[a-z]+:\/\//.test(options.url) ? options.url : `file://${options.url}`;
    const args = [
      'clone',
      '--quiet',
      '--depth',
      '1',
      '--no-tags',
      ...(branch ? ['--branch', branch] : []),
      url,
      dir,
    ];
    const result = await git.try(args, process.cwd());
    if (result.code !== 0) {
      // A refused header makes git ask for a user name, which it may not: say what happened.
      const reason = /terminal prompts disabled|Authentication failed|returned error: 40[13]/.test(
        result.stderr,
      )
        ? 'the server did not accept the token'
        : lastLine(result.stderr);
      throw new ConfigurationError(
        `cannot clone ${withoutCredentials(options.url)}${branch ? ` (branch ${branch})` : ''}: ${reason}. Check 'repository', 'branch' and that 'token' can read the repository.`,
      );
    }
    return git;
  }

  async run(args: readonly string[], cwd = this.dir, input?: string): Promise<string> {
    const result = await this.try(args, cwd, input);
    if (result.code !== 0) throw new GitError(args, result);
    return result.stdout.trim();
  }

  try(args: readonly string[], cwd = this.dir, input?: string): Promise<GitResult> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        args,
        { cwd, env: this.env, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') reject(error);
          else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
        },
      );
      // git may exit before reading its input (an error, or a command that takes none).
      child.stdin?.on('error', () => {});
      child.stdin?.end(input);
    });
  }

  /** The branch the clone has checked out. */
  async currentBranch(): Promise<string> {
    return await this.run(['symbolic-ref', '--short', 'HEAD']);
  }

  async head(): Promise<string> {
    return await this.run(['rev-parse', 'HEAD']);
  }

  /** Commits the given files; the sha of the new commit. */
  async commit(files: readonly string[], message: string): Promise<string> {
    await this.run(['add', '--', ...files]);
    await this.run(['commit', '--quiet', '--no-verify', '--file=-'], this.dir, message);
    return await this.head();
  }

  /** The sha a remote branch points at, or `undefined` when it does not exist. */
  async remoteBranch(branch: string): Promise<string | undefined> {
    const out = await this.run(['ls-remote', '--heads', 'origin', `refs/heads/${branch}`]);
    return out === '' ? undefined : out.split(/\s+/)[0];
  }
}

/** The URL as it may be printed: without a user name or password written into it. */
function withoutCredentials(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
