import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { runAction, signIn } from '@digestflow/action-kit';
import { readGitHubContext } from '@digestflow/core';
import { type BuildRequest, type BuildResult, builders } from './builders/index.ts';
import { type BuildInputs, getInputs } from './inputs.ts';
import { planBuild } from './plan.ts';
import { type BuildReport, setOutputs, writeSummary } from './report.ts';

/** The registry's credentials in DESIGN.md's order, resolved once and only when a builder asks. */
function lazyCredentials(inputs: BuildInputs): BuildRequest['credentials'] {
  let resolved: ReturnType<BuildRequest['credentials']> | undefined;
  return () => {
    resolved ??= signIn(inputs.image.registry, inputs.credentials);
    return resolved;
  };
}

export async function run(): Promise<void> {
  await runAction(async () => {
    const started = performance.now();
    const inputs = getInputs();
    const plan = planBuild(inputs, readGitHubContext(), new Date());
    core.info(
      `Tags of ${inputs.image.name}: ${plan.references.map((reference) => reference.tag).join(', ')}`,
    );
    const report = (digest: BuildReport['digest'], labelsApplied: boolean): BuildReport => ({
      inputs,
      plan,
      digest,
      labelsApplied,
      durationSeconds: (performance.now() - started) / 1000,
    });

    if (inputs.dryRun) {
      core.info('Dry run: nothing is built, and no registry is contacted.');
      const planned = report(undefined, true);
      setOutputs(planned);
      await writeSummary(planned);
      return;
    }

    const credentials = lazyCredentials(inputs);
    const tempDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'build-image-'));
    let result: BuildResult;
    try {
      const build = await builders[inputs.builder]();
      result = await build({ inputs, plan, tempDir, credentials });
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
    if (!result.labelsApplied && inputs.labels.size > 0) {
      core.warning(
        'The acr builder cannot set labels (az acr build has no --label): put them in the Dockerfile.',
      );
    }
    if (result.digest) core.info(`Pushed ${inputs.image.name}@${result.digest}`);
    const built = report(result.digest, result.labelsApplied);
    setOutputs(built);
    await writeSummary(built);
  });
}
