// ACR Tasks: `az acr build` uploads the context and builds and pushes in Azure. It has no
// digest output while it streams the log, so the digest is read back from the registry.
import * as core from '@actions/core';
import { ConfigurationError, type Digest, headManifest, RegistryClient } from '@digestflow/core';
import { runCommand } from '../command.ts';
import { type Builder, repeated } from './builder.ts';

export const acrBuilder: Builder = async ({ inputs, plan, credentials }) => {
  const args = [
    'acr',
    'build',
    '--registry',
    inputs.acrName!,
    ...repeated(
      '--image',
      plan.references.map((reference) => `${reference.repository}:${reference.tag}`),
    ),
    '--file',
    inputs.file,
    ...(inputs.platforms.length > 0 ? ['--platform', inputs.platforms[0]!] : []),
    ...(inputs.target ? ['--target', inputs.target] : []),
    ...repeated('--build-arg', inputs.buildArgs),
    ...(inputs.push ? [] : ['--no-push']),
    inputs.context,
  ];
  await runCommand('az', args);
  if (!inputs.push) return { digest: undefined, labelsApplied: false };

  const client = new RegistryClient(inputs.image.registry, {
    credentials: await credentials(),
    onSecret: core.setSecret,
  });
  const digest: Digest | undefined = await headManifest(client, inputs.image.repository, plan.version);
  if (digest === undefined) {
    throw new ConfigurationError(
      `az acr build finished, but ${inputs.image.name}:${plan.version} is not in the registry`,
    );
  }
  return { digest, labelsApplied: false };
};
