// Fixtures for running promote-image through the runner harness against real registries,
// and skopeo checks of what the action left at the target.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';
import {
  type ActionRun,
  type Registry,
  type RegistryOptions,
  type RunOptions,
  registryClientFiles,
  runAction,
  skopeoFlags,
  startRegistry,
} from '../../../packages/testkit/src/index.ts';

const exec = promisify(execFile);

export const actionDir = join(import.meta.dirname, '..');
export const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
export const SHA7 = SHA.slice(0, 7);

export async function tempDir(t: TestContext, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function registry(t: TestContext, options: RegistryOptions = {}): Promise<Registry> {
  const started = await startRegistry(options);
  t.after(() => started.stop());
  return started;
}

/**
 * The step's environment for reaching `registries`: a Docker config.json with the logins of
 * those given in `logins` (as `docker login` would write it), and their CAs in NODE_EXTRA_CA_CERTS.
 */
export async function registryEnv(
  t: TestContext,
  registries: readonly Registry[],
  logins: readonly Registry[] = [],
): Promise<Record<string, string>> {
  const dir = await tempDir(t, 'promote-env-');
  const auths: Record<string, { auth: string }> = {};
  for (const r of logins)
    auths[r.host] = { auth: Buffer.from(`${r.username}:${r.password}`).toString('base64') };
  await mkdir(join(dir, 'docker'));
  await writeFile(join(dir, 'docker', 'config.json'), JSON.stringify({ auths }));
  const env: Record<string, string> = { DOCKER_CONFIG: join(dir, 'docker') };
  const cas = await Promise.all(registries.filter((r) => r.caFile).map((r) => readFile(r.caFile!, 'utf8')));
  if (cas.length > 0) {
    await writeFile(join(dir, 'ca.pem'), cas.join('\n'));
    env.NODE_EXTRA_CA_CERTS = join(dir, 'ca.pem');
  }
  return env;
}

/** Runs the action's dist for a push of `SHA` to `ref` (a branch, or `refs/tags/…`). */
export async function promote(
  inputs: Record<string, string>,
  env: Record<string, string>,
  options: { ref?: string; sha?: string; workspace?: string } & Pick<RunOptions, 'timeoutMs'> = {},
): Promise<ActionRun> {
  const sha = options.sha ?? SHA;
  const ref = options.ref ?? 'refs/heads/staging';
  return await runAction(actionDir, {
    inputs,
    eventName: 'push',
    env: { GITHUB_SHA: sha, GITHUB_REF: ref, ...env },
    event: { ref, after: sha },
    workspace: options.workspace,
    githubToken: 'ghs_not-used-for-loopback',
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}

/** Fails with the action's own log when it did not succeed. */
export function assertSucceeded(run: ActionRun): void {
  if (run.exitCode !== 0) {
    throw new Error(
      `action failed (${run.exitCode}): ${run.errors.join('; ')}\n${run.stdout}\n${run.stderr}`,
    );
  }
}

/** The digest skopeo reads for a reference (hash of the raw manifest). */
export async function skopeoDigest(target: Registry, reference: string): Promise<string | undefined> {
  const files = await registryClientFiles(target);
  try {
    const { stdout } = await exec(
      'skopeo',
      ['inspect', '--raw', ...skopeoFlags(files), `docker://${reference}`],
      {
        encoding: 'buffer',
      },
    );
    return `sha256:${createHash('sha256').update(stdout).digest('hex')}`;
  } catch (error) {
    if (/manifest unknown/i.test(String((error as { stderr?: Buffer }).stderr))) return undefined;
    throw error;
  }
}

/** Pulls every manifest and blob of `reference` from the target with skopeo, which checks each digest. */
export async function skopeoPullAll(t: TestContext, target: Registry, reference: string): Promise<void> {
  const dir = await tempDir(t, 'promote-pull-');
  const files = await registryClientFiles(target);
  await exec('skopeo', [
    'copy',
    '--quiet',
    '--all',
    '--preserve-digests',
    ...skopeoFlags(files, 'src'),
    `docker://${reference}`,
    `oci:${dir}:pulled`,
  ]);
}
