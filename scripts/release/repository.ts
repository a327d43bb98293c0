// The GitHub repository this checkout is (`owner/repo`): the name the workflows, examples and
// READMEs use for this project's own actions and reusable workflows. Its one source of truth is
// the root package.json `repository` field; `pnpm fork-setup` rewrites it with the rest.

/** An `owner/repo` name, checked against GitHub's rules. */
export interface RepositoryName {
  readonly owner: string;
  readonly repo: string;
}

// GitHub: an account name has letters, digits and single hyphens, neither first nor last, at most
// 39 characters; a repository name has letters, digits, '.', '-' and '_', at most 100.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

export function parseRepositoryName(text: string): RepositoryName {
  const expected = 'expected <owner>/<repo>, e.g. contoso/digestflow';
  const parts = text.split('/');
  if (parts.length !== 2) throw new Error(`'${text}' is not a repository name: ${expected}`);
  const [owner, repo] = parts as [string, string];
  if (!OWNER.test(owner)) {
    throw new Error(
      `'${text}': owner '${owner}' is not a GitHub account name (letters, digits and single hyphens, not first or last, at most 39); ${expected}`,
    );
  }
  if (!REPO.test(repo) || repo === '.' || repo === '..' || /\.git$/i.test(repo)) {
    throw new Error(
      `'${text}': '${repo}' is not a GitHub repository name (letters, digits, '.', '-' and '_', at most 100, not ending in .git); ${expected}`,
    );
  }
  return { owner, repo };
}

export function formatRepositoryName(name: RepositoryName): string {
  return `${name.owner}/${name.repo}`;
}

/** GitHub compares owner and repository names without regard to case. */
export function sameRepository(a: RepositoryName, b: RepositoryName): boolean {
  return formatRepositoryName(a).toLowerCase() === formatRepositoryName(b).toLowerCase();
}

/** The repository named by a package.json's `repository` field (a github.com URL or `github:owner/repo`). */
export function repositoryOfPackage(packageJson: string): RepositoryName {
  const field = (JSON.parse(packageJson) as { repository?: string | { url?: string } }).repository;
  const url = typeof field === 'string' ? field : field?.url;
  const match =
    url && /^(?:github:|(?:git\+)?https:\/\/github\.com\/)([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url);
  if (!match) {
    throw new Error(
      `package.json: repository ${JSON.stringify(url ?? null)} names no GitHub repository: expected {"type": "git", "url": "git+https://github.com/<owner>/<repo>.git"}`,
    );
  }
  return parseRepositoryName(match[1]!);
}

/**
 * Where `name` occurs as a repository name: `owner/repo` not inside a longer name (`xowner/repo`,
 * `owner/repo-extra`, `owner/repo.js`); `owner/repo.git` and a sentence's full stop still count.
 */
export function repositoryPattern(name: RepositoryName): RegExp {
  const escaped = formatRepositoryName(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.@-])${escaped}(?![\\w-]|\\.(?!git\\b)\\w)`, 'gi');
}
