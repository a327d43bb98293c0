// The release script, run for real in a temporary clone of this repository (trimmed to one
// action so each dist check takes a fraction of a second): refusals, dry run, tags, changelog,
// and the pins: every reference of a release tag to this repository resolves, checked here
// with plain git, independently of check-pins.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { prependToChangelog, releaseNotes } from '../release/notes.ts';
import { checkPins, commitBackToDevelopment, commitReleasePins, Repository } from '../release/pins.ts';
import { formatRepositoryName, repositoryOfPackage } from '../release/repository.ts';
import { isWorkflowPath, rewriteUses, selfReference, usesLines } from '../release/uses.ts';
import { nextVersion, parseVersion } from '../release/version.ts';
import { borrowNodeModules, cloneWithScripts, commitFile, git, root } from './clone.ts';

const kept = 'promote-image';
const releaseScripts = ['scripts/release.ts', 'scripts/check-pins.ts', 'scripts/release'];

const self = repositoryOfPackage(readFileSync(join(root, 'package.json'), 'utf8'));

/**
 * Resolves every `uses:` of `release` that names this repository, with git alone: a full SHA with
 * the release's version beside it, a commit in the release's history, whose actions/ tree (and
 * for a reusable workflow, whose workflow file) is the release's. Returns how many resolved.
 */
function resolveEveryUse(repo: string, release: string, version: string): number {
  const tree = git(repo, 'rev-parse', `${release}:actions`);
  const files = git(repo, 'ls-tree', '-r', '--name-only', release)
    .split('\n')
    .filter((path) => isWorkflowPath(path));
  let resolved = 0;
  for (const file of files) {
    for (const line of usesLines(git(repo, 'show', `${release}:${file}`))) {
      const own = selfReference(line.target, self);
      if (!own) continue;
      const where = `${file}:${line.index + 1} ${line.target}`;
      assert.match(own.ref, /^[0-9a-f]{40}$/, where);
      assert.equal(line.comment, version, where);
      assert.equal(git(repo, 'cat-file', '-t', own.ref), 'commit', where);
      assert.doesNotThrow(() => git(repo, 'merge-base', '--is-ancestor', own.ref, release), where);
      assert.equal(git(repo, 'rev-parse', `${own.ref}:actions`), tree, where);
      const target = own.kind === 'action' ? `${own.path}/action.yml` : own.path;
      assert.equal(
        git(repo, 'rev-parse', `${own.ref}:${target}`),
        git(repo, 'rev-parse', `${release}:${target}`),
        where,
      );
      resolved++;
    }
  }
  return resolved;
}

/**
 * A clone of HEAD with the release script of this working tree (the code under test), one
 * action with its dist freshly built and committed, and node_modules linked.
 */
function cloneRepository(): string {
  const repo = cloneWithScripts(releaseScripts);
  const others = git(repo, 'ls-files', '--', 'actions/*/action.yml')
    .split('\n')
    .map((path) => path.split('/')[1]!)
    .filter((name) => name !== kept);
  if (others.length > 0) git(repo, 'rm', '-r', '-q', ...others.map((name) => `actions/${name}`));
  borrowNodeModules(repo, [`actions/${kept}`, 'packages/core', 'packages/action-kit']);
  // The workflows that call a removed action go, then the examples that call those; one example
  // caller of the reusable workflow left stands for them. What is left calls @main (the clone
  // may be of a release, whose pins name the actions tree the removal changed).
  for (let removed = true; removed; ) {
    removed = false;
    for (const file of git(repo, 'ls-files')
      .split('\n')
      .filter((path) => isWorkflowPath(path))) {
      const missing = usesLines(readFileSync(join(repo, file), 'utf8')).some((line) => {
        const own = selfReference(line.target, self);
        return own && !existsSync(join(repo, own.path));
      });
      if (missing) {
        git(repo, 'rm', '-q', file);
        removed = true;
      }
    }
  }
  for (const file of git(repo, 'ls-files')
    .split('\n')
    .filter((path) => isWorkflowPath(path))) {
    const text = readFileSync(join(repo, file), 'utf8');
    writeFileSync(
      join(repo, file),
      rewriteUses(text, (line) => {
        const own = selfReference(line.target, self);
        return own && { target: line.target.replace(/@[^@]+$/, '@main'), comment: undefined };
      }),
    );
  }
  mkdirSync(join(repo, 'examples', 'fixture', '.github', 'workflows'), { recursive: true });
  writeFileSync(
    join(repo, 'examples', 'fixture', '.github', 'workflows', 'delivery.yml'),
    [
      'name: delivery',
      'on: push',
      'jobs:',
      '  staging:',
      '    permissions:',
      '      contents: read',
      `    uses: ${formatRepositoryName(self)}/.github/workflows/promote.yml@main`,
      '    with:',
      '      image: ghcr.io/example/app',
      '',
    ].join('\n'),
  );
  execFileSync(process.execPath, ['scripts/build.ts'], { cwd: repo, stdio: 'ignore' });
  git(repo, 'add', '--all', 'actions', 'scripts', 'examples', '.github');
  git(repo, 'commit', '-q', '--allow-empty', '-m', 'fixture: release script, one action, fresh dist');
  return repo;
}

function release(repo: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/release.ts', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

test('versions: bumps from the last release, explicit versions must move forward', () => {
  assert.deepEqual(nextVersion(undefined, 'minor'), { major: 0, minor: 1, patch: 0 });
  assert.deepEqual(nextVersion(parseVersion('v1.4.2'), 'patch'), { major: 1, minor: 4, patch: 3 });
  assert.deepEqual(nextVersion(parseVersion('v1.4.2'), 'major'), { major: 2, minor: 0, patch: 0 });
  assert.deepEqual(nextVersion(parseVersion('1.4.2'), '1.10.0'), { major: 1, minor: 10, patch: 0 });
  assert.throws(() => nextVersion(parseVersion('1.4.2'), '1.4.2'), /not after the last release 1.4.2/);
  assert.throws(() => parseVersion('1.4'), /expected X.Y.Z/);
});

test('notes: grouped by the part a commit changes, newest release first in the changelog', () => {
  const notes = releaseNotes({
    tag: 'v1.1.0',
    previousTag: 'v1.0.0',
    date: '2026-11-25',
    commits: [
      { sha: 'a1', subject: 'promote-image: cross-registry mount' },
      { sha: 'b2', subject: 'Fix a typo' },
      { sha: 'c3', subject: 'core: tag plan' },
    ],
    changedActions: ['promote-image'],
  });
  assert.equal(
    notes,
    [
      '## v1.1.0 (2026-11-25)',
      '',
      'Actions changed: `promote-image`.',
      '',
      '### core',
      '',
      '- tag plan (c3)',
      '',
      '### promote-image',
      '',
      '- cross-registry mount (a1)',
      '',
      '### Other changes',
      '',
      '- Fix a typo (b2)',
      '',
      '3 commits: v1.0.0...v1.1.0',
      '',
    ].join('\n'),
  );
  const changelog = prependToChangelog('# Changelog\n\nintro\n\n## v1.0.0 (2026-11-01)\n\nold\n', notes);
  assert.ok(changelog.startsWith('# Changelog\n\nintro\n\n## v1.1.0'));
  assert.ok(changelog.indexOf('## v1.1.0') < changelog.indexOf('## v1.0.0'));
});

test('in a clone: refuses a dirty tree, stale dist and moving refs, dry-runs, releases with pins, moves the major tag, pushes', (t) => {
  const repo = cloneRepository();
  t.after(() => rmSync(join(repo, '..'), { recursive: true, force: true }));

  writeFileSync(join(repo, 'scratch.txt'), 'work in progress');
  const dirty = release(repo, 'minor');
  assert.equal(dirty.code, 1);
  assert.match(dirty.out, /release refused: the working tree has uncommitted changes:\n\?\? scratch.txt/);
  rmSync(join(repo, 'scratch.txt'));

  const dry = release(repo, '1.0.0', '--dry-run');
  assert.equal(dry.code, 0, dry.out);
  assert.match(dry.out, /release v1\.0\.0 \(previous: none\)/);
  assert.match(dry.out, /## v1\.0\.0 \(\d{4}-\d\d-\d\d\)/);
  assert.match(dry.out, /dry run: nothing written/);
  assert.equal(git(repo, 'tag', '--list'), '');
  assert.equal(git(repo, 'status', '--porcelain'), '');

  const start = git(repo, 'rev-parse', 'HEAD');
  const first = release(repo, '1.0.0');
  assert.equal(first.code, 0, first.out);
  const releaseCommit = git(repo, 'rev-parse', 'v1.0.0^{commit}');
  assert.equal(git(repo, 'rev-parse', 'v1^{commit}'), releaseCommit);
  assert.deepEqual(git(repo, 'log', '--format=%s', `${start}..HEAD`).split('\n'), [
    'Release v1.0.0: back to @main',
    'Release v1.0.0: examples call its workflows by SHA',
    'Release v1.0.0',
  ]);
  assert.equal(git(repo, 'rev-parse', 'HEAD~1'), releaseCommit);
  // The workflow calls the action of the commit the release started from (same actions/ tree);
  // the example calls the workflow of the commit that pinned it (same workflow file).
  const name = formatRepositoryName(self);
  assert.ok(
    git(repo, 'show', 'v1.0.0:.github/workflows/promote.yml').includes(
      `uses: ${name}/actions/${kept}@${start} # v1.0.0`,
    ),
  );
  assert.ok(
    git(repo, 'show', 'v1.0.0:examples/fixture/.github/workflows/delivery.yml').includes(
      `uses: ${name}/.github/workflows/promote.yml@${git(repo, 'rev-parse', 'HEAD~2')} # v1.0.0`,
    ),
  );
  assert.ok(resolveEveryUse(repo, 'v1.0.0', 'v1.0.0') >= 2);
  const checked = spawnSync(process.execPath, ['scripts/check-pins.ts', 'v1.0.0'], {
    cwd: repo,
    encoding: 'utf8',
  });
  assert.equal(checked.status, 0, `${checked.stdout}${checked.stderr}`);
  assert.match(checked.stdout, /pins resolve \(release v1\.0\.0\)/);
  // Between releases the branch is back to @main, as it was.
  assert.equal(git(repo, 'diff', start, 'HEAD', '--', '.github', 'examples'), '');
  assert.match(
    readFileSync(join(repo, 'CHANGELOG.md'), 'utf8'),
    /## v1\.0\.0[\s\S]*### fixture\n\n- release script, one action, fresh dist/,
  );
  assert.match(git(repo, 'tag', '-l', '--format=%(contents)', 'v1.0.0'), /^## v1\.0\.0/);

  // A source change without the rebuilt dist: the release refuses and names the stale files.
  const source = join('actions', kept, 'src', 'index.ts');
  commitFile(
    repo,
    source,
    `${readFileSync(join(repo, source), 'utf8')}\nconsole.log('changed');\n`,
    `${kept}: log`,
  );
  const stale = release(repo, 'patch');
  assert.equal(stale.code, 1);
  assert.match(stale.out, /release refused: dist is stale/);
  assert.match(stale.out, new RegExp(`actions/${kept}/dist/index\\.js`));
  assert.equal(git(repo, 'tag', '--list', 'v1.0.1'), '');

  git(repo, 'add', '--all', 'actions');
  git(repo, 'commit', '-q', '-m', `${kept}: rebuild dist`);
  // Pushed to a remote of its own: the branch (the pinned commits on it), the tag, the major tag.
  const published = join(repo, '..', 'published.git');
  git(join(repo, '..'), 'init', '-q', '--bare', published);
  git(repo, 'remote', 'add', 'published', published);
  const second = release(repo, 'patch', '--push', '--remote', 'published');
  assert.equal(second.code, 0, second.out);
  assert.equal(git(repo, 'rev-parse', 'v1^{commit}'), git(repo, 'rev-parse', 'HEAD~1'));
  const branch = git(repo, 'branch', '--show-current');
  assert.equal(git(published, 'rev-parse', branch), git(repo, 'rev-parse', 'HEAD'));
  assert.equal(git(published, 'rev-parse', 'v1.0.1^{commit}'), git(repo, 'rev-parse', 'v1.0.1^{commit}'));
  assert.equal(git(published, 'rev-parse', 'v1^{commit}'), git(repo, 'rev-parse', 'v1.0.1^{commit}'));
  assert.notEqual(git(repo, 'rev-parse', 'v1.0.0^{commit}'), git(repo, 'rev-parse', 'HEAD~1'));
  assert.ok(resolveEveryUse(repo, 'v1.0.1', 'v1.0.1') >= 2);
  const changelog = readFileSync(join(repo, 'CHANGELOG.md'), 'utf8');
  assert.ok(changelog.indexOf('## v1.0.1') < changelog.indexOf('## v1.0.0'));
  const section = changelog.slice(changelog.indexOf('## v1.0.1'), changelog.indexOf('## v1.0.0'));
  assert.match(section, new RegExp(`Actions changed: \`${kept}\``));
  assert.match(section, /### promote-image\n\n- rebuild dist \(\w+\)\n- log \(\w+\)/);
  assert.match(section, /2 commits: v1\.0\.0\.\.\.v1\.0\.1/);
  assert.doesNotMatch(section, /Release v1\.0\.0/);

  // A reference that moves (a major tag): the release refuses before it writes anything.
  const promoteYml = '.github/workflows/promote.yml';
  const head = git(repo, 'rev-parse', 'HEAD');
  commitFile(
    repo,
    promoteYml,
    readFileSync(join(repo, promoteYml), 'utf8').replace(`/actions/${kept}@main`, `/actions/${kept}@v1`),
    'workflows: promote-image at v1',
  );
  const moving = release(repo, 'patch');
  assert.equal(moving.code, 1);
  assert.match(moving.out, /release refused: the workflows' references to this repository do not resolve/);
  assert.match(
    moving.out,
    /promote\.yml:\d+: .*@v1 is neither @main \(between releases\) nor a full commit SHA/,
  );
  assert.equal(git(repo, 'rev-parse', 'HEAD~1'), head);
  assert.equal(git(repo, 'tag', '--list', 'v1.0.2'), '');
});

test('a release of the real workflows and examples: every reference pinned and resolved; check-pins refuses what does not resolve', (t) => {
  const repo = cloneWithScripts(releaseScripts);
  t.after(() => rmSync(join(repo, '..'), { recursive: true, force: true }));
  const repository = new Repository(repo);
  const start = git(repo, 'rev-parse', 'HEAD');
  const references = checkPins(repository, start);
  assert.deepEqual(references.problems, []);
  assert.ok(references.checked > 20, `only ${references.checked} references`);

  const pins = commitReleasePins(repository, 'v9.9.9');
  assert.equal(resolveEveryUse(repo, pins.release, 'v9.9.9'), references.checked);
  assert.deepEqual(checkPins(repository, pins.release, 'v9.9.9'), {
    checked: references.checked,
    pinned: references.checked,
    problems: [],
  });
  assert.match(
    checkPins(repository, pins.release, 'v9.9.8').problems[0] ?? '',
    /: pinned as v9\.9\.9, but this is release v9\.9\.8$/,
  );

  // An action changed after the pins: every reference now names another actions/ tree.
  const metadata = `actions/${kept}/action.yml`;
  commitFile(
    repo,
    metadata,
    `${readFileSync(join(repo, metadata), 'utf8')}# changed\n`,
    'changed after the pins',
  );
  const changed = checkPins(repository, 'HEAD', 'v9.9.9').problems;
  assert.equal(changed.length, references.checked);
  assert.ok(
    changed.every((problem) => /: the actions\/ tree of [0-9a-f]{12} differs from the one of /.test(problem)),
  );

  // A commit with the same tree but outside the release's history (as a fork's commit could be).
  git(repo, 'reset', '-q', '--hard', pins.release);
  const stranger = git(repo, 'commit-tree', `${pins.release}^{tree}`, '-m', 'outside the history');
  const promoteYml = '.github/workflows/promote.yml';
  commitFile(
    repo,
    promoteYml,
    readFileSync(join(repo, promoteYml), 'utf8').replace(new RegExp(start, 'g'), stranger),
    'pin a stranger',
  );
  assert.match(
    checkPins(repository, 'HEAD', 'v9.9.9').problems.join('\n'),
    /promote\.yml:\d+: .*: commit [0-9a-f]{40} is not in the history of /,
  );

  const checkPinsScript = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/check-pins.ts', ...args], { cwd: repo, encoding: 'utf8' });
  const refused = checkPinsScript('HEAD');
  assert.equal(refused.status, 1);
  // The stranger, and the examples' calls of the workflow file that changed to name it.
  assert.match(
    refused.stderr,
    /^check-pins: 4 reference\(s\) to this repository do not resolve \(between releases\):\n\.github\/workflows\/promote\.yml:\d+: .* is not in the history of /,
  );
  assert.equal(refused.stderr.match(/promote\.yml at [0-9a-f]{12} differs from the one of /g)?.length, 3);
  assert.match(
    checkPinsScript('no-such-ref').stderr,
    /^check-pins: 'no-such-ref' is no commit of this repository\n$/,
  );
  assert.match(
    checkPinsScript('HEAD', '--release', '9.9').stderr,
    /^check-pins: --release: '9\.9' is not a version/,
  );

  git(repo, 'reset', '-q', '--hard', pins.release);
  commitBackToDevelopment(repository, pins, 'v9.9.9');
  assert.equal(git(repo, 'diff', start, 'HEAD'), '');
  assert.deepEqual(checkPins(repository, 'HEAD').problems, []);
});
