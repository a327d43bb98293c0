import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { runAction } from '@digestflow/action-kit';
import { type GitHubContext, readGitHubContext } from '@digestflow/core';
import { type EditPlan, planEdits } from './edits/plan.ts';
import { Git } from './git.ts';
import { getInputs, type Inputs } from './inputs.ts';
import { commitMessage, commitTitle, describeChange, pullRequestBody } from './message.ts';
import { pushPullRequestBranch, pushToBranch } from './publish.ts';

export async function run(): Promise<void> {
  await runAction(async () => {
    const context = readGitHubContext();
    const inputs = getInputs(context);
    const dir = await mkdtemp(join(process.env.RUNNER_TEMP ?? tmpdir(), 'update-gitops-'));
    try {
      await update(inputs, context, join(dir, 'repository'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/** The pull request branch: one per base and path, so each run updates the same pull request. */
function pullRequestBranch(inputs: Inputs, base: string): string {
  if (inputs.pullRequestBranch !== undefined) return inputs.pullRequestBranch;
  const paths = inputs.paths.join('+');
  const slug = paths
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40);
  const hash = createHash('sha256').update(paths).digest('hex').slice(0, 8);
  return `update-gitops/${base}/${slug || 'root'}-${hash}`;
}

async function update(inputs: Inputs, context: GitHubContext, dir: string): Promise<void> {
  core.info(`Cloning ${inputs.repository}${inputs.branch ? ` (${inputs.branch})` : ''}`);
  const git = await Git.clone(
    { url: inputs.cloneUrl, token: inputs.token, onSecret: core.setSecret },
    dir,
    inputs.branch,
  );
  const branch = inputs.branch ?? (await git.currentBranch());
  const base = await git.head();

  const plan = await planEdits({
    root: dir,
    paths: inputs.paths,
    images: inputs.images,
    valuesPaths: inputs.valuesPaths,
  });
  for (const note of plan.notes) core.info(note);
  for (const change of plan.changes) core.info(describeChange(change));
  const files = plan.files.map((file) => file.path);

  if (plan.files.length === 0) {
    core.info(`Nothing to change: ${branch} already has these images.`);
    await finish({ changed: false, commit: '', pullRequestUrl: '', plan, inputs, branch });
    return;
  }
  if (inputs.dryRun) {
    core.info(`Dry run: ${files.length} file(s) would change; nothing committed or pushed.`);
    await finish({ changed: true, commit: '', pullRequestUrl: '', plan, inputs, branch });
    return;
  }

  await Promise.all(plan.files.map((file) => writeFile(file.absolutePath, file.after)));
  await git.commit(files, commitMessage(plan.changes, context, inputs.commitMessage));

  if (inputs.mode === 'commit') {
    const pushed = await pushToBranch(git, branch, core.info);
    if (pushed.commit === undefined) {
      core.info(`${branch} received the same change from elsewhere meanwhile: nothing left to push.`);
    } else {
      core.info(`Pushed ${pushed.commit} to ${branch}.`);
    }
    await finish({
      changed: pushed.commit !== undefined,
      commit: pushed.commit ?? '',
      pullRequestUrl: '',
      plan,
      inputs,
      branch,
    });
    return;
  }

  const head = pullRequestBranch(inputs, branch);
  const pushed = await pushPullRequestBranch(git, head, base);
  core.info(pushed.pushed ? `Pushed ${pushed.commit} to ${head}.` : `${head} already holds this change.`);
  const { openOrUpdatePullRequest } = await import('./pull-request.ts');
  const pullRequest = await openOrUpdatePullRequest({
    token: inputs.token!,
    repository: inputs.repository,
    head,
    base: branch,
    title: commitTitle(plan.changes, inputs.commitMessage),
    body: pullRequestBody(plan.changes, context),
    apiUrl: process.env.GITHUB_API_URL,
  });
  core.info(
    `${pullRequest.created ? 'Opened' : 'Updated'} pull request #${pullRequest.number}: ${pullRequest.url}`,
  );
  await finish({
    changed: pushed.pushed,
    commit: pushed.commit,
    pullRequestUrl: pullRequest.url,
    plan,
    inputs,
    branch,
  });
}

interface Outcome {
  readonly changed: boolean;
  readonly commit: string;
  readonly pullRequestUrl: string;
  readonly plan: EditPlan;
  readonly inputs: Inputs;
  readonly branch: string;
}

async function finish(outcome: Outcome): Promise<void> {
  const { plan, inputs } = outcome;
  core.setOutput('changed', String(outcome.changed));
  // The files of what was pushed (or in a dry run, would be): none when nothing was.
  core.setOutput('files', outcome.changed ? plan.files.map((file) => file.path).join('\n') : '');
  core.setOutput('commit', outcome.commit);
  core.setOutput('pull-request-url', outcome.pullRequestUrl);
  const heading = inputs.dryRun ? 'update-gitops (dry run)' : 'update-gitops';
  core.summary.addHeading(heading, 3);
  core.summary.addRaw(`${inputs.repository} ${outcome.branch}: `);
  if (plan.changes.length === 0) core.summary.addRaw('no change needed.', true);
  else if (outcome.pullRequestUrl) core.summary.addLink('pull request', outcome.pullRequestUrl).addEOL();
  else core.summary.addRaw(outcome.commit ? `commit ${outcome.commit}` : 'nothing committed.', true);
  if (plan.changes.length > 0) {
    core.summary.addTable([
      [
        { data: 'file', header: true },
        { data: 'field', header: true },
        { data: 'from', header: true },
        { data: 'to', header: true },
      ],
      ...plan.changes.map((change) => [
        `${change.file}:${change.line}`,
        change.path.join('.'),
        change.from ?? '',
        change.to === undefined
          ? '(removed)'
          : typeof change.to === 'string'
            ? change.to
            : JSON.stringify(change.to),
      ]),
    ]);
  }
  await core.summary.write();
}
