import * as core from '@actions/core';
import { azureOptions, runAction } from '@digestflow/action-kit';
import { azureCredential, ConfigurationError, isAcrRegistry } from '@digestflow/core';
import { getInputs, type LockInputs } from './inputs.ts';
import { applyLocks, readResources } from './locks.ts';
import { lockedEntries, summaryMarkdown } from './report.ts';

function notAcr(registry: string): ConfigurationError {
  return new ConfigurationError(
    `${registry} is not Azure Container Registry (*.azurecr.io), and registries share no lock API. ` +
      'Alternatives: your registry’s tag immutability (Harbor tag immutability rules, Amazon ECR imageTagMutability IMMUTABLE, ' +
      'Google Artifact Registry immutable tags, Docker Hub immutable tags), push rights for release tags only in a protected workflow, ' +
      'and deployments pinned by digest (deploy-manifest does that). For ACR behind a custom domain, set acr: true.',
    { input: 'image' },
  );
}

/** The first ConfigurationError in an error's cause chain (the Azure SDK wraps credential errors). */
function configurationCause(error: unknown): ConfigurationError | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof ConfigurationError) return e;
  }
  return undefined;
}

async function lock(inputs: LockInputs): Promise<void> {
  const { registry, repository } = inputs.image;
  if (!isAcrRegistry(registry, { acr: inputs.login.acr })) throw notAcr(registry);
  if (inputs.login.username !== undefined) {
    throw new ConfigurationError(
      'lock-image changes ACR metadata with a Microsoft Entra identity, not a user name and password: remove registry-username/registry-password and give azure-client-id and azure-tenant-id (OIDC), or sign in with azure/login first',
      { input: 'registry-username' },
    );
  }
  const credential = await azureCredential(azureOptions(inputs.login));
  // The SDK does ACR's challenge and the Entra-to-refresh-to-access token exchange itself.
  const { ContainerRegistryClient } = await import('@azure/container-registry');
  const client = new ContainerRegistryClient(`https://${registry}`, credential);

  const before = await readResources(client, repository, inputs.targets, inputs.scope);
  if (before.length === 0) {
    throw new ConfigurationError('no tag points at the given digests, so scope tag finds nothing to lock', {
      input: 'tags',
    });
  }
  const after = inputs.dryRun
    ? undefined
    : await applyLocks(client, before, {
        writeEnabled: inputs.writeEnabled,
        deleteEnabled: inputs.deleteEnabled,
      });
  const states = after ?? before;
  core.setOutput('locked', JSON.stringify(lockedEntries(states)));
  for (const state of states) {
    const what =
      state.kind === 'tag'
        ? `${repository}:${state.tag}`
        : state.kind === 'manifest'
          ? `${repository}@${state.digest}`
          : repository;
    core.info(
      `${inputs.dryRun ? 'current' : 'set'}: ${state.kind} ${what} writeEnabled=${state.attributes.writeEnabled} deleteEnabled=${state.attributes.deleteEnabled}`,
    );
  }
  await core.summary.addRaw(summaryMarkdown(inputs.image.name, before, after)).write();
}

export async function run(): Promise<void> {
  await runAction(async () => {
    const inputs = getInputs();
    try {
      await lock(inputs);
    } catch (error) {
      throw configurationCause(error) ?? error;
    }
  });
}
