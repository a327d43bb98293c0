// docker buildx: one `build` that tags, labels, annotates and pushes, and writes the
// pushed digest to a metadata file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Digest, parseDigest } from '@digestflow/core';
import { writeDockerConfig } from '../auth-file.ts';
import { runCommand } from '../command.ts';
import { type Builder, pairs, repeated } from './builder.ts';

async function metadataDigest(file: string): Promise<Digest> {
  const metadata = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const digest = metadata['containerimage.digest'];
  if (typeof digest !== 'string') {
    throw new Error(
      `docker buildx wrote no containerimage.digest to its metadata file: ${JSON.stringify(metadata)}`,
    );
  }
  return parseDigest(digest);
}

export const dockerBuilder: Builder = async ({ inputs, plan, tempDir, credentials: resolve }) => {
  const credentials = await resolve();
  const env = credentials
    ? await writeDockerConfig(join(tempDir, 'docker'), inputs.image.registry, credentials)
    : {};
  const metadataFile = join(tempDir, 'metadata.json');
  // Several platforms make an index: the annotations go on it and on each manifest, given
  // one level per flag (older buildx read `index,manifest:` as part of the key).
  const annotations = pairs(plan.annotations).flatMap((pair) =>
    inputs.platforms.length > 1 ? [`index:${pair}`, `manifest:${pair}`] : [pair],
  );
  const args = [
    'buildx',
    'build',
    '--file',
    inputs.file,
    ...(inputs.target ? ['--target', inputs.target] : []),
    ...(inputs.platforms.length > 0 ? ['--platform', inputs.platforms.join(',')] : []),
    ...repeated('--build-arg', inputs.buildArgs),
    ...repeated('--label', pairs(plan.labels)),
    ...repeated('--annotation', annotations),
    ...repeated(
      '--tag',
      plan.references.map((reference) => reference.toString()),
    ),
    '--metadata-file',
    metadataFile,
    ...(inputs.push ? ['--push'] : ['--output', 'type=image,push=false']),
    inputs.context,
  ];
  await runCommand('docker', args, { env });
  return { digest: inputs.push ? await metadataDigest(metadataFile) : undefined, labelsApplied: true };
};
