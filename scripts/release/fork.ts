// A fork names itself wherever the project names its own repository; the one line that still
// names the upstream is the README's attribution, which also lets `pnpm fork-setup` find the
// upstream's references again after a merge from upstream.
import {
  formatRepositoryName,
  parseRepositoryName,
  type RepositoryName,
  repositoryPattern,
} from './repository.ts';

const MARKER = /<!-- fork-setup: upstream (\S+) -->/;

/** The upstream a fork's README names in its attribution line, if it is a fork. */
export function upstreamOf(readme: string): RepositoryName | undefined {
  const match = MARKER.exec(readme);
  return match ? parseRepositoryName(match[1]!) : undefined;
}

/** The README with the attribution line under its title, unless it has one. */
export function withAttribution(readme: string, upstream: RepositoryName): string {
  if (MARKER.test(readme)) return readme;
  const name = formatRepositoryName(upstream);
  const line = `> A fork of [${name}](https://github.com/${name}), set up with \`pnpm fork-setup\`. <!-- fork-setup: upstream ${name} -->`;
  const title = /^# .*\n/m.exec(readme);
  if (!title) return `${line}\n\n${readme}`;
  const end = title.index + title[0].length;
  return `${readme.slice(0, end)}\n${line}\n${readme.slice(end)}`;
}

/** `text` with every name in `from` replaced by `to`, except on the attribution line. */
export function renameRepository(
  text: string,
  from: readonly RepositoryName[],
  to: RepositoryName,
): { text: string; count: number } {
  let count = 0;
  const target = formatRepositoryName(to);
  const lines = text.split('\n').map((line) => {
    if (MARKER.test(line)) return line;
    let result = line;
    for (const name of from) {
      result = result.replace(repositoryPattern(name), () => {
        count++;
        return target;
      });
    }
    return result;
  });
  return { text: lines.join('\n'), count };
}
