// Release notes from the commits since the last release, grouped by the part they change
// (the "<part>: " prefix the project's commit subjects use), and their place in CHANGELOG.md.
export interface Commit {
  readonly sha: string;
  readonly subject: string;
}

export interface NotesInput {
  readonly tag: string;
  readonly previousTag: string | undefined;
  readonly date: string;
  readonly commits: readonly Commit[];
  /** Actions whose dist changed since the previous release: what users of @vX will get. */
  readonly changedActions: readonly string[];
}

const OTHER = 'Other changes';

function group(commits: readonly Commit[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const commit of commits) {
    const prefixed = /^([a-z0-9][\w./-]*(?:, ?[\w./-]+)*): (.+)$/i.exec(commit.subject);
    const part = prefixed ? prefixed[1]! : OTHER;
    const text = prefixed ? prefixed[2]! : commit.subject;
    const lines = groups.get(part) ?? [];
    lines.push(`- ${text} (${commit.sha})`);
    groups.set(part, lines);
  }
  return groups;
}

export function releaseNotes(input: NotesInput): string {
  const lines = [`## ${input.tag} (${input.date})`, ''];
  if (input.changedActions.length > 0) {
    lines.push(`Actions changed: ${input.changedActions.map((name) => `\`${name}\``).join(', ')}.`, '');
  }
  const groups = group(input.commits);
  const parts = [...groups.keys()].filter((part) => part !== OTHER).sort();
  if (groups.has(OTHER)) parts.push(OTHER);
  for (const part of parts) lines.push(`### ${part}`, '', ...groups.get(part)!, '');
  const range = input.previousTag ? `${input.previousTag}...${input.tag}` : input.tag;
  lines.push(`${input.commits.length} commits: ${range}`, '');
  return lines.join('\n');
}

const HEADER = `# Changelog

Releases of the digestflow actions. Use a moving major tag (\`@v1\`) to get fixes, or a full
version (\`@v1.2.3\`) or commit SHA to stay put. Written by \`pnpm release\` (see RELEASING.md).
`;

/** The changelog with the new section first, under the header (created when missing). */
export function prependToChangelog(changelog: string | undefined, notes: string): string {
  const text = changelog ?? HEADER;
  const firstSection = text.search(/^## /m);
  if (firstSection === -1) return `${text.trimEnd()}\n\n${notes}`;
  return `${text.slice(0, firstSection)}${notes}\n${text.slice(firstSection)}`;
}
