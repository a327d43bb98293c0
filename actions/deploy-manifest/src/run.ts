import * as core from '@actions/core';
import { runAction } from '@digestflow/action-kit';
import { getInputs } from './inputs.ts';
import { renderSummary } from './summary.ts';

export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getInputs();
    // The runner cancels a job with SIGINT, then SIGTERM: stop waiting and report.
    const cancel = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        core.warning(`${signal} received: stopping the wait`);
        cancel.abort(signal);
      });
    }
    const { deploy } = await import('./deploy.ts');
    let report: Awaited<ReturnType<typeof deploy>>;
    try {
      report = await deploy(inputs, cancel.signal);
    } catch (error) {
      core.setOutput('status', 'failed');
      throw error;
    }
    core.setOutput('status', report.status);
    core.setOutput('resources', JSON.stringify(report.resources));
    if (report.rolloutSeconds !== undefined)
      core.setOutput('rollout-seconds', report.rolloutSeconds.toFixed(1));
    await core.summary.addRaw(renderSummary(report)).write();
    if (report.failure !== undefined) core.setFailed(report.failure);
  });
}
