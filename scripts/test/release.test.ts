// The release script, run for real in a temporary clone of this repository (trimmed to one
// action so each dist check takes a fraction of a second): refusals, dry run, tags, changelog.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { prependToChangelog, releaseNotes } from '../release/notes.ts';
import { nextVersion, parseVersion } from '../release/version.ts';

const root = join(import.meta.dirname, '..', '..');
const kept = 'promote-image';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

function commitFile(repo: string, path: string, content: string, message: string): void {
  writeFileSync(join(repo, path), content);
  git(repo, 'add', path);
  git(repo, 'commit', '-q', '-m', message);
}

/**
 * A clone of HEAD with the release script of this working tree (the code under test), one
 * action with its dist freshly built and committed, and node_modules linked.
 */
function cloneRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-'));
  const repo = join(dir, 'repo');
  git(dir, 'clone', '-q', '--no-hardlinks', root, repo);
  git(repo, 'config', 'user.name', 'Release Test');
  git(repo, 'config', 'user.email', 'release-test@example.invalid');
  git(repo, 'config', 'commit.gpgsign', 'false');
  git(repo, 'config', 'tag.gpgsign', 'false');
  const others = git(repo, 'ls-files', '--', 'actions/*/action.yml')
    .split('\n')
    .map((path) => path.split('/')[1]!)
    .filter((name) => name !== kept);
  if (others.length > 0) git(repo, 'rm', '-r', '-q', ...others.map((name) => `actions/${name}`));
  // Not installed but borrowed: the root node_modules linked, and each package's node_modules
  // copied as the tree of relative symlinks pnpm made, so workspace packages resolve to the
  // clone's own sources and everything else to this checkout's store. A symlink is no folder to
  // .gitignore's `node_modules/`: exclude it.
  writeFileSync(join(repo, '.git', 'info', 'exclude'), 'node_modules\n');
  symlinkSync(join(root, 'node_modules'), join(repo, 'node_modules'));
  for (const dir of [`actions/${kept}`, 'packages/core', 'packages/action-kit']) {
    const modules = join(root, dir, 'node_modules');
    if (existsSync(modules))
      cpSync(modules, join(repo, dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }
  for (const path of ['scripts/release.ts', 'scripts/release']) {
    cpSync(join(root, path), join(repo, path), { recursive: true });
  }
  execFileSync(process.execPath, ['scripts/build.ts'], { cwd: repo, stdio: 'ignore' });
  git(repo, 'add', '--all', 'actions', 'scripts');
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

test('in a clone: refuses a dirty tree and stale dist, dry-runs, releases, moves the major tag', (t) => {
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

  const first = release(repo, '1.0.0');
  assert.equal(first.code, 0, first.out);
  const releaseCommit = git(repo, 'rev-parse', 'HEAD');
  assert.equal(git(repo, 'log', '-1', '--format=%s'), 'Release v1.0.0');
  assert.equal(git(repo, 'rev-parse', 'v1.0.0^{commit}'), releaseCommit);
  assert.equal(git(repo, 'rev-parse', 'v1^{commit}'), releaseCommit);
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
  const second = release(repo, 'patch');
  assert.equal(second.code, 0, second.out);
  assert.equal(git(repo, 'rev-parse', 'v1^{commit}'), git(repo, 'rev-parse', 'HEAD'));
  assert.notEqual(git(repo, 'rev-parse', 'v1.0.0^{commit}'), git(repo, 'rev-parse', 'HEAD'));
  const changelog = readFileSync(join(repo, 'CHANGELOG.md'), 'utf8');
  assert.ok(changelog.indexOf('## v1.0.1') < changelog.indexOf('## v1.0.0'));
  const section = changelog.slice(changelog.indexOf('## v1.0.1'), changelog.indexOf('## v1.0.0'));
  assert.match(section, new RegExp(`Actions changed: \`${kept}\``));
  assert.match(section, /### promote-image\n\n- rebuild dist \(\w+\)\n- log \(\w+\)/);
  assert.match(section, /2 commits: v1\.0\.0\.\.\.v1\.0\.1/);
  assert.doesNotMatch(section, /Release v1\.0\.0/);
});
