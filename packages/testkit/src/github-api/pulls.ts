// Pull requests as the GitHub REST API keeps them: the state behind the pulls endpoints.

export interface PullRequestRecord {
  readonly repository: string;
  readonly number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  readonly head: string;
  headSha: string | undefined;
  base: string;
  draft: boolean;
  readonly createdAt: string;
  updatedAt: string;
}

/** The pull request object of the REST API (the fields clients read), as GitHub renders it. */
export function renderPullRequest(pr: PullRequestRecord, apiUrl: string, htmlUrl: string, user: string) {
  const [owner] = pr.repository.split('/') as [string];
  const repo = { full_name: pr.repository, name: pr.repository.split('/')[1], owner: { login: owner } };
  return {
    url: `${apiUrl}/repos/${pr.repository}/pulls/${pr.number}`,
    id: 1_000_000 + pr.number,
    node_id: `PR_${Buffer.from(`${pr.repository}#${pr.number}`).toString('base64url')}`,
    html_url: `${htmlUrl}/${pr.repository}/pull/${pr.number}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    body: pr.body,
    user: { login: user, type: 'Bot' },
    draft: pr.draft,
    merged: false,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.state === 'closed' ? pr.updatedAt : null,
    head: {
      label: `${owner}:${pr.head}`,
      ref: pr.head,
      sha: pr.headSha ?? null,
      repo,
      user: { login: owner },
    },
    base: { label: `${owner}:${pr.base}`, ref: pr.base, repo, user: { login: owner } },
  };
}
