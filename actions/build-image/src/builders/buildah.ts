// buildah: `bud` builds and tags, `push --digestfile` pushes each tag; several platforms
// are built into a manifest list that `manifest push --all` pushes as an index.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError, type Digest, isDigest, isLoopback } from '@digestflow/core';
import { writeContainersAuthFile } from '../auth-file.ts';
import { runCommand } from '../command.ts';
import { type Builder, pairs, repeated } from './builder.ts';

/**
 * The digest buildah wrote. buildah 1.28's `manifest push` can give up on a registry it cannot
 * reach over HTTPS and still exit 0, leaving the file empty: that must not pass for success.
 */
async function readDigest(file: string, reference: string): Promise<Digest> {
  const text = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (!isDigest(text)) {
    throw new ConfigurationError(
      `buildah reported success but wrote no digest: the push to ${reference} did not complete (is the registry reachable over HTTPS?)`,
    );
  }
  return text;
}

export const buildahBuilder: Builder = async ({ inputs, plan, tempDir, credentials: resolve }) => {
  const credentials = await resolve();
  const env = credentials
    ? await writeContainersAuthFile(join(tempDir, 'containers'), inputs.image.registry, credentials)
    : {};
  const references = plan.references.map((reference) => reference.toString());
  const primary = references[0]!;
  const multiPlatform = inputs.platforms.length > 1;
  // Loopback registries may speak plain HTTP, as Docker allows them to.
  const tls = isLoopback(inputs.image.registry) ? ['--tls-verify=false'] : [];

  /** Pushes every tag, each with its digest checked: they must all be the one image. */
  const pushAll = async (command: readonly string[]): Promise<Digest> => {
    const digests: Digest[] = [];
    for (const [index, reference] of references.entries()) {
      const digestFile = join(tempDir, `digest-${index}`);
      await runCommand(
        'buildah',
        [
          ...command,
          ...tls,
          '--digestfile',
          digestFile,
          multiPlatform ? primary : reference,
          `docker://${reference}`,
        ],
        { env },
      );
      digests.push(await readDigest(digestFile, reference));
    }
    if (new Set(digests).size !== 1) {
      throw new Error(`the tags of one build were pushed with different digests: ${digests.join(', ')}`);
    }
    return digests[0]!;
  };

  const build = [
    'bud',
    '--file',
    inputs.file,
    ...(inputs.target ? ['--target', inputs.target] : []),
    ...(inputs.platforms.length > 0 ? ['--platform', inputs.platforms.join(',')] : []),
    ...repeated('--build-arg', inputs.buildArgs),
    ...repeated('--label', pairs(plan.labels)),
    ...repeated('--annotation', pairs(plan.annotations)),
  ];

  if (!multiPlatform) {
    await runCommand('buildah', [...build, ...repeated('--tag', references), inputs.context], { env });
    return { digest: inputs.push ? await pushAll(['push']) : undefined, labelsApplied: true };
  }

  // The list is named after the primary tag; one left from an earlier run of the same
  // commit would collect this build's images too, so it goes first.
  await runCommand('buildah', ['manifest', 'rm', primary], { env, check: false, quiet: true });
  try {
    await runCommand('buildah', [...build, '--manifest', primary, inputs.context], { env });
    return {
      digest: inputs.push ? await pushAll(['manifest', 'push', '--all']) : undefined,
      labelsApplied: true,
    };
  } catch (error) {
    await runCommand('buildah', ['manifest', 'rm', primary], { env, check: false, quiet: true });
    throw error;
  }
};
