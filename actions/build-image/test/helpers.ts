// Fixtures for running build-image through the runner harness: a workspace with a
// FROM scratch Containerfile, push events, buildah confined to a temporary store, and
// stand-in `docker`/`az` executables that record how they were called.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';
import {
  type ActionRun,
  type Registry,
  type RunOptions,
  registryClientFiles,
  runAction,
  skopeoFlags,
} from '@digestflow/testkit';

const exec = promisify(execFile);

export const actionDir = join(import.meta.dirname, '..');
export const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
export const COMMIT_TIME = '2026-11-24T15:00:00Z';

export async function tempDir(t: TestContext, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A workspace with `app/Containerfile` (FROM scratch, one file) and a multi-stage `app/Dockerfile.stages`. */
export async function workspace(t: TestContext): Promise<string> {
  const dir = await tempDir(t, 'build-image-ws-');
  await mkdir(join(dir, 'app'));
  await writeFile(join(dir, 'app', 'hello.txt'), 'hello from digestflow\n');
  await writeFile(
    join(dir, 'app', 'Containerfile'),
    'FROM scratch\nARG GREETING=none\nCOPY hello.txt /hello.txt\n',
  );
  await writeFile(
    join(dir, 'app', 'Dockerfile.stages'),
    'FROM scratch AS base\nCOPY hello.txt /base.txt\n\nFROM base AS final\nCOPY hello.txt /final.txt\n',
  );
  return dir;
}

/** Runner environment and payload of a push to `branch`. */
export function pushTo(branch: string): Pick<RunOptions, 'env' | 'event' | 'eventName'> {
  return {
    eventName: 'push',
    env: { GITHUB_REF: `refs/heads/${branch}`, GITHUB_SHA: SHA },
    event: { ref: `refs/heads/${branch}`, after: SHA, head_commit: { id: SHA, timestamp: COMMIT_TIME } },
  };
}

/**
 * Environment that confines buildah to a temporary vfs store with chroot isolation. (The
 * action itself lets buildah speak plain HTTP to a loopback registry, as Docker does.)
 */
export async function buildahEnv(t: TestContext): Promise<Record<string, string>> {
  const dir = await tempDir(t, 'build-image-buildah-');
  await writeFile(
    join(dir, 'storage.conf'),
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(dir, 'root')}"\nrunroot = "${join(dir, 'run')}"\n`,
  );
  return { CONTAINERS_STORAGE_CONF: join(dir, 'storage.conf'), BUILDAH_ISOLATION: 'chroot' };
}

export interface SkopeoImage {
  Digest: string;
  Labels: Record<string, string> | null;
  Architecture: string;
}

/** `skopeo inspect` of a reference, as an independent client sees it. */
export async function skopeoInspect(registry: Registry, reference: string, raw = false): Promise<string> {
  const flags = skopeoFlags(await registryClientFiles(registry));
  const { stdout } = await exec('skopeo', [
    'inspect',
    ...flags,
    ...(raw ? ['--raw'] : []),
    `docker://${reference}`,
  ]);
  return stdout;
}

export interface Invocation {
  readonly args: string[];
  readonly env: Record<string, string | undefined>;
  /** Files found in DOCKER_CONFIG / at REGISTRY_AUTH_FILE during the call. */
  readonly authFile: unknown;
  readonly dockerConfigEntries: string[] | undefined;
}

/**
 * Writes a stand-in executable `name` into a folder for the front of PATH. It appends each
 * call (arguments, auth-related environment, the auth file it was pointed at) to a log,
 * then runs `behaviour`, JavaScript with `args`, `fs`, `childProcess` in scope.
 */
export async function standIn(
  t: TestContext,
  name: string,
  behaviour: string,
): Promise<{ bin: string; calls: () => Promise<Invocation[]> }> {
  const bin = await tempDir(t, `standin-${name}-`);
  const log = join(bin, 'calls.jsonl');
  const script = `#!${process.execPath}
const fs = require('node:fs');
const path = require('node:path');
const childProcess = require('node:child_process');
const args = process.argv.slice(2);
const read = (file) => { try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; } };
const dockerConfig = process.env.DOCKER_CONFIG;
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({
  args,
  env: { DOCKER_CONFIG: dockerConfig, REGISTRY_AUTH_FILE: process.env.REGISTRY_AUTH_FILE },
  authFile: dockerConfig ? read(path.join(dockerConfig, 'config.json')) : undefined,
  dockerConfigEntries: dockerConfig ? fs.readdirSync(dockerConfig).sort() : undefined,
}) + '\\n');
${behaviour}
`;
  await writeFile(join(bin, name), script);
  await chmod(join(bin, name), 0o755);
  return {
    bin,
    calls: async () =>
      (await readFile(log, 'utf8').catch(() => ''))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Invocation),
  };
}

/** Runs the action with the stand-in's folder first on PATH. */
export function runWith(bin: string | undefined, options: RunOptions): Promise<ActionRun> {
  const path = bin ? `${bin}:${process.env.PATH}` : (process.env.PATH ?? '');
  return runAction(actionDir, { ...options, env: { PATH: path, ...options.env } });
}

/** Every place a secret could leak to, except the `::add-mask::` commands that hide it. */
export function visibleText(run: ActionRun): string {
  const stdout = run.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return [stdout, run.stderr, run.summary, JSON.stringify(run.outputs), JSON.stringify(run.state)].join('\n');
}
