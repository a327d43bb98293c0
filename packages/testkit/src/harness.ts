import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { parse as parseYaml } from 'yaml';

export interface WorkflowCommand {
  readonly command: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

export interface ActionRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly state: Record<string, string>;
  readonly env: Record<string, string>;
  /** Workflow commands the action printed (`::error::`, `::add-mask::`, …), in order. */
  readonly commands: WorkflowCommand[];
  readonly errors: string[];
  readonly warnings: string[];
  readonly masks: string[];
  /** Wall time of the action's process, in milliseconds. */
  readonly durationMs: number;
}

/** How the runner sets up the step: its inputs, environment, event and workspace. */
export interface RunnerEnvironmentOptions {
  /** Input values by their name in action.yml; defaults from action.yml fill the rest, as the runner does. */
  readonly inputs?: Record<string, string | boolean | number>;
  /** Extra environment for the step (e.g. `GITHUB_SHA`, `DOCKER_CONFIG`). */
  readonly env?: Record<string, string>;
  /** The event payload written to `GITHUB_EVENT_PATH`. */
  readonly event?: unknown;
  readonly eventName?: string;
  /** The workspace (`GITHUB_WORKSPACE` and the process's working directory). */
  readonly workspace?: string;
  /** Values the runner would substitute into `${{ github.token }}`-style defaults. */
  readonly githubToken?: string;
}

export interface RunOptions extends RunnerEnvironmentOptions {
  readonly timeoutMs?: number;
  /** A signal to send after the given delay, to test cancellation. */
  readonly signal?: { readonly name: NodeJS.Signals; readonly afterMs: number };
}

/** The files the runner gives a step: its file commands and the event payload. */
export interface RunnerFiles {
  readonly GITHUB_OUTPUT: string;
  readonly GITHUB_STEP_SUMMARY: string;
  readonly GITHUB_STATE: string;
  readonly GITHUB_ENV: string;
  readonly GITHUB_PATH: string;
  readonly GITHUB_EVENT_PATH: string;
}

/** What a step wrote through its file commands. */
export interface StepFiles {
  readonly outputs: Record<string, string>;
  readonly summary: string;
  readonly state: Record<string, string>;
  readonly env: Record<string, string>;
}

/** A step set up as the runner does, for a caller that starts the action its own way. */
export interface RunnerEnvironment {
  /** The program the runner starts (this Node binary) and its arguments (the action's `runs.main`). */
  readonly command: string;
  readonly args: readonly string[];
  /** The step's whole environment: nothing else of this process's leaks in. */
  readonly env: Record<string, string>;
  /** The working directory: the workspace. */
  readonly cwd: string;
  readonly files: RunnerFiles;
  /** Reads and parses what the step has written to its files so far. */
  readFiles(): Promise<StepFiles>;
  /** Removes the temporary directory behind the files, `RUNNER_TEMP` and the default workspace. */
  cleanup(): Promise<void>;
}

interface ActionMetadata {
  inputs?: Record<string, { default?: string | boolean | number }>;
  runs: { using: string; main: string; post?: string };
}

/** Escaping of workflow command data and properties, as @actions/core writes it. */
function unescapeCommandValue(value: string): string {
  return value
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeCommandValue(pair.slice(eq + 1));
    }
    commands.push({ command: match[1]!, properties, message: unescapeCommandValue(match[3] ?? '') });
  }
  return commands;
}

/** Reads a `GITHUB_OUTPUT`-style file: `name=value` lines and `name<<DELIMITER` heredocs. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]!);
      if (i >= lines.length) throw new Error(`unterminated heredoc for '${name}' in output file`);
      result[name!] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq === -1) throw new Error(`malformed output line: ${line}`);
    result[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return result;
}

function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function substituteDefault(value: string, options: RunnerEnvironmentOptions): string {
  return value.replace(/\$\{\{\s*github\.token\s*\}\}/g, options.githubToken ?? '');
}

export interface ChildExit {
  /** `null` when a signal ended the process. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Collects a started process's output until it exits and its streams close. */
export function childExit(child: ChildProcessByStdio<null, Readable, Readable>): Promise<ChildExit> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (exitCode) => done({ exitCode, stdout, stderr }));
  });
}

/**
 * Sets up a step of a JavaScript action the way the GitHub runner does, without starting it:
 * inputs as `INPUT_*` environment (with action.yml defaults), the file commands, the event
 * payload, and `GITHUB_*`/`RUNNER_*` variables. Nothing of this process's environment leaks in
 * except PATH and HOME, unless passed in `env`. The caller starts `command` with `args` in
 * `cwd` with `env`, and calls `cleanup()` when done.
 */
export async function prepareRunnerEnvironment(
  actionDir: string,
  options: RunnerEnvironmentOptions = {},
): Promise<RunnerEnvironment> {
  const dir = resolve(actionDir);
  const metadata = parseYaml(await readFile(join(dir, 'action.yml'), 'utf8')) as ActionMetadata;
  if (!/^node\d+$/.test(metadata.runs.using)) throw new Error(`${dir}: not a JavaScript action`);

  const temp = await mkdtemp(join(tmpdir(), 'harness-'));
  const cleanup = () => rm(temp, { recursive: true, force: true });
  try {
    const files: RunnerFiles = {
      GITHUB_OUTPUT: join(temp, 'output'),
      GITHUB_STEP_SUMMARY: join(temp, 'summary'),
      GITHUB_STATE: join(temp, 'state'),
      GITHUB_ENV: join(temp, 'env'),
      GITHUB_PATH: join(temp, 'path'),
      GITHUB_EVENT_PATH: join(temp, 'event.json'),
    };
    await Promise.all([
      ...(['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH'] as const).map(
        (key) => writeFile(files[key], ''),
      ),
      writeFile(files.GITHUB_EVENT_PATH, JSON.stringify(options.event ?? {})),
    ]);

    const workspace = options.workspace ?? temp;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: options.eventName ?? 'push',
      GITHUB_REPOSITORY: 'octo-org/octo-app',
      GITHUB_REPOSITORY_OWNER: 'octo-org',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_NUMBER: '7',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKFLOW: 'delivery',
      GITHUB_JOB: 'deliver',
      GITHUB_ACTION: 'deliver',
      GITHUB_ACTOR: 'octocat',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_TEMP: temp,
      RUNNER_TOOL_CACHE: join(temp, 'tool-cache'),
      ...files,
    };
    for (const [name, spec] of Object.entries(metadata.inputs ?? {})) {
      if (spec?.default !== undefined)
        env[inputEnvName(name)] = substituteDefault(String(spec.default), options);
    }
    for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputEnvName(name)] = String(value);
    Object.assign(env, options.env);

    return {
      command: process.execPath,
      args: [join(dir, metadata.runs.main)],
      env,
      cwd: workspace,
      files,
      async readFiles() {
        const [outputText, summary, stateText, envText] = await Promise.all(
          [files.GITHUB_OUTPUT, files.GITHUB_STEP_SUMMARY, files.GITHUB_STATE, files.GITHUB_ENV].map((file) =>
            readFile(file, 'utf8'),
          ),
        );
        return {
          outputs: parseKeyValueFile(outputText!),
          summary: summary!,
          state: parseKeyValueFile(stateText!),
          env: parseKeyValueFile(envText!),
        };
      },
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Runs an action's bundled `dist` the way the GitHub runner does (see
 * `prepareRunnerEnvironment`) and collects what it wrote and printed.
 */
export async function runAction(actionDir: string, options: RunOptions = {}): Promise<ActionRun> {
  const step = await prepareRunnerEnvironment(actionDir, options);
  try {
    const started = performance.now();
    const child = spawn(step.command, step.args, {
      cwd: step.cwd,
      env: step.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timers: NodeJS.Timeout[] = [];
    if (options.signal) {
      const { name, afterMs } = options.signal;
      timers.push(setTimeout(() => child.kill(name), afterMs));
    }
    timers.push(setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000));
    const { exitCode, stdout, stderr } = await childExit(child).finally(() => {
      for (const timer of timers) clearTimeout(timer);
    });
    const durationMs = performance.now() - started;

    const written = await step.readFiles();
    const commands = parseWorkflowCommands(stdout);
    const messages = (name: string) => commands.filter((c) => c.command === name).map((c) => c.message);
    return {
      exitCode,
      stdout,
      stderr,
      ...written,
      commands,
      errors: messages('error'),
      warnings: messages('warning'),
      masks: messages('add-mask'),
      durationMs,
    };
  } finally {
    await step.cleanup();
  }
}
