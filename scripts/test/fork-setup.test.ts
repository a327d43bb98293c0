// pnpm fork-setup, run for real in a temporary clone: refusals, dry run, the rewrite (no
// reference to the upstream left but the README's attribution), a dist that stays fresh,
// idempotence, a merge from upstream, and a fork of the fork.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { renameRepository, upstreamOf, withAttribution } from '../release/fork.ts';
import { Repository } from '../release/pins.ts';
import { formatRepositoryName, parseRepositoryName, repositoryOfPackage } from '../release/repository.ts';
import { selfReference, usesLines } from '../release/uses.ts';
import { borrowNodeModules, cloneWithScripts, commitFile, git, root } from './clone.ts';

const upstream = formatRepositoryName(repositoryOfPackage(readFileSync(join(root, 'package.json'), 'utf8')));
// An action whose source names the repository (a link in its output), so its dist does too.
const linking = 'update-gitops';

function cloneRepository(options: { build?: boolean } = {}): string {
  const repo = cloneWithScripts(['scripts/fork-setup.ts', 'scripts/check-pins.ts', 'scripts/release']);
  if (options.build) {
    // Built here first: a bundle's paths depend on where it is built.
    borrowNodeModules(repo, [`actions/${linking}`, 'packages/core', 'packages/action-kit']);
    buildLinking(repo);
  }
  git(repo, 'add', '--all', 'scripts', 'actions');
  git(repo, 'commit', '-q', '--allow-empty', '-m', 'fixture: fork-setup of this working tree');
  return repo;
}

function buildLinking(repo: string): void {
  execFileSync(process.execPath, ['scripts/build.ts', linking], { cwd: repo, stdio: 'ignore' });
}

function run(repo: string, script: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [`scripts/${script}.ts`, ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** Every tracked line that names `name` (any case), as `path:line:text`. */
function mentions(repo: string, name: string): string[] {
  const result = spawnSync('git', ['grep', '-n', '-i', '--text', '-F', '-e', name], {
    cwd: repo,
    encoding: 'utf8',
  });
  return result.stdout.split('\n').filter((line) => line !== '');
}

function selfReferences(repo: string, name: string): number {
  const self = parseRepositoryName(name);
  const repository = new Repository(repo);
  return repository
    .workflowFiles('HEAD')
    .flatMap((file) => usesLines(repository.read('HEAD', file)))
    .filter((line) => selfReference(line.target, self)).length;
}

test('names: GitHub rules for owner and repository, package.json repository forms', () => {
  for (const [text, expected] of [
    ['contoso/digestflow', { owner: 'contoso', repo: 'digestflow' }],
    ['Contoso-IT/delivery.actions_2', { owner: 'Contoso-IT', repo: 'delivery.actions_2' }],
    [`${'a'.repeat(39)}/${'b'.repeat(100)}`, { owner: 'a'.repeat(39), repo: 'b'.repeat(100) }],
  ] as const) {
    assert.deepEqual(parseRepositoryName(text), expected);
  }
  for (const [text, message] of [
    ['contoso', /is not a repository name: expected <owner>\/<repo>/],
    [`${'a'.repeat(40)}/x`, /owner 'a+' is not a GitHub account name/],
    ['contoso-/x', /owner 'contoso-' is not a GitHub account name/],
    [`contoso/${'b'.repeat(101)}`, /is not a GitHub repository name/],
    ['contoso/x.GIT', /'x\.GIT' is not a GitHub repository name/],
  ] as const) {
    assert.throws(() => parseRepositoryName(text), message, text);
  }
  for (const repository of [
    '"github:contoso/digestflow"',
    '"https://github.com/contoso/digestflow"',
    '{"type": "git", "url": "git+https://github.com/contoso/digestflow.git"}',
  ]) {
    assert.deepEqual(repositoryOfPackage(`{"repository": ${repository}}`), {
      owner: 'contoso',
      repo: 'digestflow',
    });
  }
  assert.throws(
    () => repositoryOfPackage('{"name": "x"}'),
    /package\.json: repository null names no GitHub repository/,
  );
  assert.throws(
    () => repositoryOfPackage('{"repository": "https://gitlab.com/contoso/digestflow"}'),
    /names no GitHub repository/,
  );
});

test('renaming: whole repository names only, any case, not the npm scope or longer names', () => {
  const from = [parseRepositoryName('octo-org/octo')];
  const to = parseRepositoryName('contoso/pipelines');
  for (const [text, expected] of [
    ['uses: octo-org/octo/actions/x@main', 'uses: contoso/pipelines/actions/x@main'],
    ['git+https://github.com/octo-org/octo.git', 'git+https://github.com/contoso/pipelines.git'],
    ['see [it](https://github.com/Octo-Org/OCTO).', 'see [it](https://github.com/contoso/pipelines).'],
    ['"@octo-org/octo": "1"', '"@octo-org/octo": "1"'],
    ['octo-org/octo-extra and xocto-org/octo', 'octo-org/octo-extra and xocto-org/octo'],
    ['octo-org/octo.js', 'octo-org/octo.js'],
  ] as const) {
    assert.equal(renameRepository(text, from, to).text, expected, text);
  }
  const readme = withAttribution('# digestflow\n\nText about octo-org/octo.\n', from[0]!);
  assert.equal(withAttribution(readme, to), readme);
  assert.deepEqual(upstreamOf(readme), from[0]);
  const renamed = renameRepository(readme, from, to);
  assert.equal(renamed.count, 1);
  assert.match(
    renamed.text,
    /^# digestflow\n\n> A fork of \[octo-org\/octo\]\(https:\/\/github\.com\/octo-org\/octo\)/,
  );
  assert.match(renamed.text, /Text about contoso\/pipelines\.\n$/);
});

test('refuses a malformed <owner>/<repo>, and writes nothing', (t) => {
  const repo = cloneRepository();
  t.after(() => rmSync(join(repo, '..'), { recursive: true, force: true }));
  // Through the command line, one of each kind (the rules are the unit test's above).
  for (const bad of [
    'contoso',
    'contoso/digest/flow',
    'con--toso/digestflow',
    'contoso/digestflow.git',
    'https://github.com/contoso/digestflow',
  ]) {
    const result = run(repo, 'fork-setup', bad);
    assert.equal(result.code, 1, bad);
    assert.match(
      result.out,
      /^fork-setup refused: .*expected <owner>\/<repo>, e\.g\. contoso\/digestflow\n$/,
      bad,
    );
  }
  assert.match(
    run(repo, 'fork-setup').out,
    /^fork-setup refused: usage: pnpm fork-setup <owner>\/<repo> \[--dry-run\]/,
  );
  assert.match(run(repo, 'fork-setup', 'contoso/digestflow', '--force').out, /fork-setup refused: .*--force/);
  assert.equal(git(repo, 'status', '--porcelain'), '');
});

test('a fork names itself everywhere, keeps its dist fresh, and stays so after a merge from upstream', (t) => {
  const repo = cloneRepository({ build: true });
  t.after(() => rmSync(join(repo, '..'), { recursive: true, force: true }));
  const references = selfReferences(repo, upstream);
  assert.ok(references > 20, `only ${references} references`);
  assert.ok(mentions(repo, upstream).some((line) => line.startsWith(`actions/${linking}/dist/`)));

  const dry = run(repo, 'fork-setup', 'contoso/digestflow', '--dry-run');
  assert.equal(dry.code, 0, dry.out);
  assert.match(dry.out, new RegExp(`^fork-setup: ${upstream} -> contoso/digestflow\\n`));
  assert.match(dry.out, /\n {2}\.github\/workflows\/build\.yml: 1 reference\(s\)\n/);
  assert.match(dry.out, /\n {2}package\.json: 1 reference\(s\)\n/);
  assert.match(dry.out, /\n {2}README\.md: \d+ reference\(s\), and the line naming the upstream\n/);
  assert.match(dry.out, new RegExp(`\\n {2}and rebuild the dist of ${linking}\\n`));
  assert.match(dry.out, /dry run: nothing written\n$/);
  assert.equal(git(repo, 'status', '--porcelain'), '');

  const setup = run(repo, 'fork-setup', 'contoso/digestflow');
  assert.equal(setup.code, 0, setup.out);
  git(repo, 'commit', '-q', '-a', '-m', 'fork: contoso/digestflow');
  // What is left of the upstream: the attribution line, and nothing else.
  const left = mentions(repo, upstream);
  assert.equal(left.length, 1, left.join('\n'));
  assert.match(
    left[0]!,
    new RegExp(`^README\\.md:3:> A fork of \\[${upstream}\\].*<!-- fork-setup: upstream ${upstream} -->$`),
  );
  assert.equal(selfReferences(repo, 'contoso/digestflow'), references);
  assert.equal(
    repositoryOfPackage(readFileSync(join(repo, 'package.json'), 'utf8')).owner,
    'contoso',
    'package.json repository',
  );
  const pins = run(repo, 'check-pins');
  assert.equal(pins.code, 0, pins.out);
  // The dist was rebuilt from the rewritten source: a rebuild changes nothing.
  buildLinking(repo);
  assert.equal(git(repo, 'status', '--porcelain'), '');
  assert.ok(mentions(repo, 'contoso/digestflow').some((line) => line.startsWith(`actions/${linking}/dist/`)));

  const again = run(repo, 'fork-setup', 'contoso/digestflow');
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /already set up for contoso\/digestflow; nothing to change/);
  assert.equal(git(repo, 'status', '--porcelain'), '');

  // A merge from upstream brings a workflow (one added later) that names the upstream:
  // check-pins says what to do, and fork-setup does it.
  commitFile(
    repo,
    '.github/workflows/purge.yml',
    [
      'on: workflow_call',
      'jobs:',
      '  purge:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      `      - uses: ${upstream}/actions/${linking}@main`,
      '',
    ].join('\n'),
    'merge from upstream',
  );
  const stale = run(repo, 'check-pins');
  assert.equal(stale.code, 1);
  assert.match(
    stale.out,
    new RegExp(
      `purge\\.yml:6: ${upstream}/actions/${linking}@main: names the upstream ${upstream}, not this fork contoso/digestflow: run pnpm fork-setup contoso/digestflow`,
    ),
  );
  const merged = run(repo, 'fork-setup', 'contoso/digestflow');
  assert.equal(merged.code, 0, merged.out);
  assert.match(
    merged.out,
    /\(and the upstream .*'s references\)\n {2}\.github\/workflows\/purge\.yml: 1 reference\(s\)\n/,
  );
  git(repo, 'commit', '-q', '-a', '-m', 'fork: after the merge');
  assert.equal(mentions(repo, upstream).length, 1);
  assert.equal(run(repo, 'check-pins').code, 0);

  // A fork of the fork: the attribution still names the project it all came from.
  const refork = run(repo, 'fork-setup', 'Fabrikam/delivery.actions');
  assert.equal(refork.code, 0, refork.out);
  git(repo, 'commit', '-q', '-a', '-m', 'fork: Fabrikam/delivery.actions');
  assert.deepEqual(mentions(repo, 'contoso/digestflow'), []);
  assert.equal(mentions(repo, upstream).length, 1);
  assert.equal(selfReferences(repo, 'fabrikam/delivery.actions'), references + 1);
});
