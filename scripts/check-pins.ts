// Fails when a workflow or example of a commit names this repository's actions or reusable
// workflows in a way a caller cannot trust: a release (a commit with a vX.Y.Z tag, or --release)
// must pin each by a commit SHA whose actions/ tree is the release's; between releases each is
// @main or such a pin. Usage: pnpm check-pins [<commit>] [--release vX.Y.Z]. See RELEASING.md.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPins, Repository } from './release/pins.ts';
import { formatVersion, parseVersion } from './release/version.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { release: { type: 'string' } },
});
const git = new Repository(join(import.meta.dirname, '..'));
const commit = positionals[0] ?? 'HEAD';

function fail(message: string): never {
  console.error(`check-pins: ${message}`);
  process.exit(1);
}

let sha: string;
try {
  sha = git.run('rev-parse', '--verify', `${commit}^{commit}`);
} catch {
  fail(`'${commit}' is no commit of this repository`);
}
let release: string | undefined;
try {
  const tagged = git.run('tag', '--points-at', sha, '--list', 'v[0-9]*.[0-9]*.[0-9]*').split('\n')[0];
  const requested = values.release ?? (tagged || undefined);
  release = requested === undefined ? undefined : `v${formatVersion(parseVersion(requested))}`;
} catch (error) {
  fail(`--release: ${(error as Error).message}`);
}

let result: ReturnType<typeof checkPins>;
try {
  result = checkPins(git, sha, release);
} catch (error) {
  fail((error as Error).message);
}
const what = release ? `release ${release}` : 'between releases';
if (result.problems.length > 0) {
  fail(
    `${result.problems.length} reference(s) to this repository do not resolve (${what}):\n${result.problems.join('\n')}`,
  );
}
console.log(
  `pins resolve (${what}): ${result.checked} references to this repository's actions and workflows, ${result.pinned} pinned by SHA`,
);
