// Opens the pull request for the update branch, or updates the one already open for it.
// Loaded with import() in pull-request mode only: Octokit stays off the commit path.
import { getOctokit } from '@actions/github';

export interface PullRequestOptions {
  readonly token: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
  /** REST API root; default GITHUB_API_URL, as @actions/github reads it. */
  readonly apiUrl: string | undefined;
}

export interface PullRequest {
  readonly url: string;
  readonly number: number;
  readonly created: boolean;
}

export async function openOrUpdatePullRequest(options: PullRequestOptions): Promise<PullRequest> {
  const [owner, repo] = options.repository.split('/') as [string, string];
  const octokit = getOctokit(options.token, options.apiUrl === undefined ? {} : { baseUrl: options.apiUrl });
  const { data: open } = await octokit.rest.pulls.list({
    owner,
    repo,
    head: `${owner}:${options.head}`,
    base: options.base,
    state: 'open',
    per_page: 1,
  });
  const existing = open[0];
  if (existing !== undefined) {
    const { data } = await octokit.rest.pulls.update({
      owner,
      repo,
      pull_number: existing.number,
      title: options.title,
      body: options.body,
    });
    return { url: data.html_url, number: data.number, created: false };
  }
  const { data } = await octokit.rest.pulls.create({
    owner,
    repo,
    head: options.head,
    base: options.base,
    title: options.title,
    body: options.body,
  });
  return { url: data.html_url, number: data.number, created: true };
}
