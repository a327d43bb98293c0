import * as core from '@actions/core';
import { type RegistryLogin, runAction, signIn, type UserPassword } from '@digestflow/action-kit';
import {
  ConfigurationError,
  type ImageReference,
  promoteImage,
  RegistryClient,
  RegistryHttpError,
  RegistryNetworkError,
  readGitHubContext,
  redactUrl,
  TagWriteError,
  wantPromotionScopes,
} from '@digestflow/core';
import { getInputs, type Inputs } from './inputs.ts';
import { planTargetTags, resolveSource } from './plan.ts';
import { setOutputs, writeSummary } from './report.ts';

async function connect(
  inputs: Inputs,
  image: ImageReference,
  login: RegistryLogin,
  pair: UserPassword,
): Promise<RegistryClient> {
  const credentials = await signIn(image.registry, login, pair);
  return new RegistryClient(image.registry, {
    credentials,
    plainHttp: inputs.plainHttp,
    onSecret: core.setSecret,
    onRetry: (message) => core.info(`Retrying: ${message}`),
    onRequest: (event) =>
      core.debug(`${event.method} ${redactUrl(event.url)} -> ${event.status ?? 'no answer'}`),
  });
}

export async function run(): Promise<void> {
  await runAction(async () => {
    const started = performance.now();
    const inputs = getInputs();
    const context = readGitHubContext();
    const plan = planTargetTags(inputs, context);
    if (inputs.version !== undefined && inputs.to.kind !== 'release') {
      core.warning(`Input 'version' is used only with to: release; the target tag is ${plan.primary}`);
    }

    const sourceClient = await connect(inputs, inputs.image, inputs.login, inputs.login);
    // One client per registry: a shared one lets a single token cover source pull and target push.
    const sameRegistry = inputs.image.registry.toLowerCase() === inputs.targetImage.registry.toLowerCase();
    if (sameRegistry && inputs.targetLogin.username !== undefined) {
      core.warning(
        'target-registry-username and target-registry-password are not used: the target is in the source registry, whose sign-in (registry-username/registry-password) covers both',
      );
    }
    // `acr` names the source registry as ACR; another registry is ACR by its *.azurecr.io host.
    const targetClient = sameRegistry
      ? sourceClient
      : await connect(inputs, inputs.targetImage, { ...inputs.login, acr: false }, inputs.targetLogin);

    const source = { client: sourceClient, repository: inputs.image.repository };
    const target = { client: targetClient, repository: inputs.targetImage.repository };
    wantPromotionScopes(source, target, inputs.dryRun);
    try {
      const resolved = await resolveSource(sourceClient, inputs, context, (message) => core.info(message));
      core.info(
        `Source: ${resolved.reference} is ${resolved.manifest.digest} (${resolved.manifest.mediaType})`,
      );
      core.info(`Target: ${inputs.targetImage.name}:${plan.tags.join(', :')}`);
      const result = await promoteImage({
        source,
        target,
        manifest: resolved.manifest,
        tags: plan.tags,
        allowOverwrite: inputs.allowOverwrite,
        dryRun: inputs.dryRun,
        log: (message) => core.info(message),
      });
      const { blobs, bytes } = result.stats;
      core.info(
        `${result.dryRun ? 'Dry run, nothing written: would copy' : 'Copied'} (${result.mode}): blobs ${blobs.skipped} skipped, ${blobs.mounted} mounted, ${blobs.uploaded} uploaded (${bytes.uploaded} bytes)`,
      );
      for (const tag of result.tags) core.info(`  ${inputs.targetImage.name}:${tag.tag} ${tag.action}`);
      const report = {
        inputs,
        source: resolved,
        result,
        durationSeconds: (performance.now() - started) / 1000,
      };
      setOutputs(report);
      await writeSummary(report);
    } catch (error) {
      // A registry that keeps failing is no bug of ours; say what failed and what was written.
      if (error instanceof TagWriteError) {
        throw new ConfigurationError(
          `promotion failed: ${error.message}. The image is complete at the target; re-running is safe`,
          { cause: error },
        );
      }
      if (error instanceof RegistryHttpError || error instanceof RegistryNetworkError) {
        throw new ConfigurationError(
          `promotion failed: ${error.message}. No target tag was written; re-running is safe`,
          { cause: error },
        );
      }
      throw error;
    }
  });
}
