// The deploy itself, loaded with import() after the inputs are read, so that a start with
// bad inputs never loads YAML parsing or the Kubernetes client.
import * as core from '@actions/core';
import { ConfigurationError, formatDuration } from '@digestflow/core';
import { annotateWorkloads, deployInfoFromEnv } from './annotate.ts';
import {
  type Applied,
  applyTarget,
  changeOf,
  mapLimit,
  readLive,
  resolveTargets,
  type Target,
} from './apply.ts';
import { diffObjects } from './diff.ts';
import { Discovery } from './discovery.ts';
import { diagnose, formatDiagnosis } from './explain.ts';
import type { Inputs } from './inputs.ts';
import { connect, type KubeClient, preloadClient } from './kube.ts';
import { loadManifests } from './load.ts';
import { isWorkload, type KubeObject } from './objects.ts';
import { applyTiers } from './order.ts';
import { pinImages } from './pin.ts';
import { checkProbes } from './probes.ts';
import { type RollbackResult, rollBack } from './rollback.ts';
import type { DeployStatus, ResourceOutcome, SummaryInput } from './summary.ts';
import { type WaitResult, waitForRollouts } from './wait.ts';

const CONCURRENCY = 16;

export interface DeployReport extends SummaryInput {
  /** Why the step fails, when it does. */
  readonly failure?: string;
}

export async function deploy(inputs: Inputs, cancel: AbortSignal): Promise<DeployReport> {
  preloadClient();
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const sourced = await loadManifests({
    workspace,
    manifests: inputs.manifests,
    ...(inputs.kustomize !== undefined ? { kustomize: inputs.kustomize } : {}),
  });
  if (sourced.length === 0) {
    throw new ConfigurationError('the manifests hold no Kubernetes object', {
      input: inputs.manifests.length > 0 ? 'manifests' : 'kustomize',
    });
  }
  const objects = sourced.map((entry) => entry.object);
  maskSecretValues(objects);
  const pinned = pinImages(objects, inputs.images);
  for (const pin of pinned) core.info(`${pin.object}: container '${pin.container}' runs ${pin.to}`);
  const probeWarnings = checkProbes(objects, inputs.probePolicy);
  for (const warning of probeWarnings) core.warning(warning);
  if (inputs.annotate) {
    annotateWorkloads(objects, deployInfoFromEnv(process.env, inputs.images.map(String)));
  }

  const client = await connect({
    ...(inputs.kubeconfig !== undefined ? { kubeconfig: inputs.kubeconfig } : {}),
    ...(inputs.context !== undefined ? { context: inputs.context } : {}),
    onSecret: (secret) => core.setSecret(secret),
  });
  try {
    const targets = await resolveTargets(
      new Discovery(client),
      sourced,
      inputs.namespace ?? client.namespace,
    );
    const base = { dryRun: inputs.dryRun, pinned, probeWarnings };
    return await deployTargets(client, targets, inputs, cancel, base);
  } finally {
    client.close();
  }
}

async function deployTargets(
  client: KubeClient,
  targets: Target[],
  inputs: Inputs,
  cancel: AbortSignal,
  base: Pick<SummaryInput, 'dryRun' | 'pinned' | 'probeWarnings'>,
): Promise<DeployReport> {
  const options = { fieldManager: inputs.fieldManager, force: inputs.forceConflicts };
  const before = new Map<Target, KubeObject | undefined>();
  await mapLimit(targets, CONCURRENCY, async (target) => before.set(target, await readLive(client, target)));

  // A server-side dry run of everything first: conflicts and refusals surface before anything
  // is written. Objects in namespaces this deploy creates cannot be tried until they exist.
  const newNamespaces = new Set(
    targets
      .filter((t) => t.object.kind === 'Namespace' && before.get(t) === undefined)
      .map((t) => t.object.metadata.name),
  );
  const tryable = targets.filter(
    (t) => !newNamespaces.has(t.object.metadata.namespace ?? '') && t.definedBy === undefined,
  );
  const preview = new Map<Target, KubeObject>();
  await mapLimit(tryable, CONCURRENCY, async (target) =>
    preview.set(target, await applyTarget(client, target, { ...options, dryRun: true })),
  );

  if (inputs.dryRun) {
    const diffs: { label: string; diff: string }[] = [];
    const resources = targets.map((target): ResourceOutcome => {
      const previewed = preview.get(target);
      const old = before.get(target);
      // Objects no dry run could try (their namespace is new) are shown as written.
      const diff = diffObjects(old, previewed ?? target.object);
      if (diff !== '') diffs.push({ label: target.label, diff });
      const change = old === undefined ? 'created' : diff === '' ? 'unchanged' : 'configured';
      return { ...identity(target), change, outcome: 'dry run' };
    });
    const changed = resources.filter((r) => r.change !== 'unchanged').length;
    core.info(`Dry run: ${changed} of ${resources.length} objects would change`);
    return {
      ...base,
      status: 'deployed',
      headline: `Dry run: ${changed} of ${resources.length} objects would change; nothing was applied.`,
      resources,
      explanations: [],
      rollback: [],
      diffs,
    };
  }

  const started = performance.now();
  const applied: Applied[] = [];
  try {
    for (const tier of applyTiers(targets.map((target) => ({ object: target.object, target })))) {
      await establishDefinitions(
        client,
        targets,
        tier.map((entry) => entry.target),
        inputs.timeoutMs,
        cancel,
      );
      await mapLimit(tier, CONCURRENCY, async ({ target }) => {
        const after = await applyTarget(client, target, { ...options, dryRun: false });
        const old = before.get(target);
        const change = changeOf(old, after);
        applied.push({ target, before: old, after, change });
        core.info(`${target.label} ${change}`);
      });
    }
  } catch (error) {
    const message = `apply failed: ${(error as Error).message}`;
    core.error(message);
    // Nothing changed means nothing to undo: the step failed, it did not roll back.
    const undo =
      inputs.rollbackOnFailure && applied.some((entry) => entry.change !== 'unchanged')
        ? await undoDeploy(client, applied, inputs, cancel)
        : undefined;
    return {
      ...base,
      status: undo?.status ?? 'failed',
      headline: undo ? `${message}. ${capitalize(undo.note)}.` : message,
      resources: outcomes(targets, applied, [], undo?.rollback ?? []),
      explanations: [],
      rollback: undo?.rollback ?? [],
      diffs: [],
      failure: undo ? `${message}; ${undo.note}` : message,
    };
  }

  const workloads = applied.filter((entry) => isWorkload(entry.target.object)).map((entry) => entry.target);
  if (!inputs.wait || workloads.length === 0) {
    return {
      ...base,
      status: 'deployed',
      headline: `Applied ${applied.length} objects${inputs.wait ? '' : ' (not waiting for the rollout)'}.`,
      resources: outcomes(targets, applied, [], []),
      explanations: [],
      rollback: [],
      diffs: [],
    };
  }

  core.info(`Waiting up to ${formatDuration(inputs.timeoutMs)} for ${workloads.length} workloads`);
  const results = await waitForRollouts(client, workloads, {
    timeoutMs: inputs.timeoutMs,
    cancel,
    onProgress: (_target, status) => core.info(status.message),
    failFast: inputs.failFast,
    onPodWatchError: (target, error) =>
      core.warning(
        `${target.label}: cannot watch its pods (${error.message}); waiting by kubectl's rules only`,
      ),
  });
  const rolloutSeconds = (performance.now() - started) / 1000;
  const unready = results.filter((result) => result.state !== 'done');
  if (unready.length === 0) {
    core.info(`All ${workloads.length} workloads rolled out in ${formatDuration(rolloutSeconds * 1000)}`);
    return {
      ...base,
      status: 'deployed',
      headline: `Applied ${applied.length} objects; ${workloads.length} workloads rolled out.`,
      resources: outcomes(targets, applied, results, []),
      explanations: [],
      rollback: [],
      diffs: [],
      rolloutSeconds,
    };
  }

  const explanations: string[] = [];
  for (const result of unready) {
    const diagnosis = await diagnose(client, result.object, result.message).catch(() => undefined);
    const text = diagnosis ? formatDiagnosis(diagnosis) : `${result.target.label}: ${result.message}`;
    explanations.push(text);
    core.error(text);
  }

  if (cancel.aborted) {
    const message = `Cancelled (${String(cancel.reason)}) while waiting for the rollout: ${unready.map((r) => r.message).join('; ')}. Applied objects are left as they are.`;
    return {
      ...base,
      status: 'failed',
      headline: message,
      resources: outcomes(targets, applied, results, []),
      explanations,
      rollback: [],
      diffs: [],
      rolloutSeconds,
      failure: message,
    };
  }

  const reason = unready.map((r) => r.message).join('; ');
  if (!inputs.rollbackOnFailure) {
    return {
      ...base,
      status: 'failed',
      headline: `The rollout failed: ${reason}`,
      resources: outcomes(targets, applied, results, []),
      explanations,
      rollback: [],
      diffs: [],
      rolloutSeconds,
      failure: `rollout failed: ${reason}`,
    };
  }

  const undo = await undoDeploy(client, applied, inputs, cancel);
  return {
    ...base,
    status: undo.status,
    headline: `The rollout failed: ${reason}. ${capitalize(undo.note)}.`,
    resources: outcomes(targets, applied, results, undo.rollback),
    explanations,
    rollback: undo.rollback,
    diffs: [],
    rolloutSeconds,
    failure: `rollout failed (${reason}); ${undo.note}`,
  };
}

interface Undo {
  readonly rollback: RollbackResult[];
  /** `rolled-back` only when every step succeeded and every restored workload rolled out again. */
  readonly status: DeployStatus;
  readonly note: string;
}

/** Rolls back what the deploy applied and waits for the restored workloads to roll out. */
async function undoDeploy(
  client: KubeClient,
  applied: readonly Applied[],
  inputs: Inputs,
  cancel: AbortSignal,
): Promise<Undo> {
  core.info('Rolling back what the deploy changed');
  const rollback = await rollBack(client, applied, inputs.fieldManager);
  const restored = applied
    .filter((entry) => isWorkload(entry.target.object))
    .filter((entry) => rollback.some((r) => r.label === entry.target.label && r.action === 'restored'))
    .map((entry) => entry.target);
  const rollbackResults = await waitForRollouts(client, restored, { timeoutMs: inputs.timeoutMs, cancel });
  const notBack = rollbackResults.filter((r) => r.state !== 'done');
  const failedSteps = rollback.filter((r) => r.action === 'failed');
  const complete = notBack.length === 0 && failedSteps.length === 0;
  const note = complete
    ? 'rolled back to the state before the deploy'
    : `the rollback is incomplete: ${[...failedSteps.map((r) => `${r.label}: ${r.message}`), ...notBack.map((r) => r.message)].join('; ')}`;
  core.info(note);
  return { rollback, status: complete ? 'rolled-back' : 'failed', note };
}

function capitalize(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

/** Before custom resources whose CRD this deploy applies, waits for those CRDs to be established. */
async function establishDefinitions(
  client: KubeClient,
  targets: readonly Target[],
  tier: readonly Target[],
  timeoutMs: number,
  cancel: AbortSignal,
): Promise<void> {
  const crds = new Set(tier.map((target) => target.definedBy).filter((crd) => crd !== undefined));
  const pending = targets.filter(
    (target) => target.object.kind === 'CustomResourceDefinition' && crds.has(target.object.metadata.name),
  );
  if (pending.length === 0) return;
  const results = await waitForRollouts(client, pending, { timeoutMs, cancel });
  const stuck = results.filter((result) => result.state !== 'done');
  if (stuck.length > 0) throw new Error(stuck.map((result) => result.message).join('; '));
}

function identity(target: Target): Pick<ResourceOutcome, 'kind' | 'namespace' | 'name'> {
  const { kind, metadata } = target.object;
  return { kind, ...(metadata.namespace ? { namespace: metadata.namespace } : {}), name: metadata.name };
}

function outcomes(
  targets: readonly Target[],
  applied: readonly Applied[],
  waits: readonly WaitResult[],
  rollback: readonly RollbackResult[],
): ResourceOutcome[] {
  return targets.map((target) => {
    const entry = applied.find((a) => a.target === target);
    const wait = waits.find((w) => w.target === target);
    const undone = rollback.find((r) => r.label === target.label);
    const outcome = undone
      ? undone.action === 'failed'
        ? 'rollback failed'
        : `${wait?.state === 'done' ? 'ready, then ' : wait ? `${wait.state}, ` : ''}${undone.action === 'deleted' ? 'deleted' : 'rolled back'}`
      : wait
        ? wait.state === 'done'
          ? 'ready'
          : wait.state
        : entry
          ? 'applied'
          : 'not applied';
    const message = wait && wait.state !== 'done' ? wait.message : undone?.message;
    return {
      ...identity(target),
      change: entry?.change ?? 'not applied',
      outcome,
      ...(message ? { message } : {}),
    };
  });
}

/** Secret values are masked before anything could print them (an error echoing an object). */
function maskSecretValues(objects: readonly KubeObject[]): void {
  for (const object of objects) {
    if (object.kind !== 'Secret') continue;
    for (const [field, encoded] of [
      ['data', true],
      ['stringData', false],
    ] as const) {
      for (const value of Object.values((object[field] ?? {}) as Record<string, unknown>)) {
        if (typeof value !== 'string' || value.length < 4) continue;
        core.setSecret(value);
        if (encoded) core.setSecret(Buffer.from(value, 'base64').toString('utf8'));
      }
    }
  }
}
