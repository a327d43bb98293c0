// Runs a builder's command with its output streamed into the step log.
import { spawn } from 'node:child_process';
import * as core from '@actions/core';
import { ConfigurationError } from '@digestflow/core';

export interface CommandOptions {
  /** Added to the action's own environment (auth file locations). */
  readonly env?: Readonly<Record<string, string>>;
  /** With false, a non-zero exit is returned rather than thrown (default true). */
  readonly check?: boolean;
  /** Keep the output out of the log (for housekeeping commands). */
  readonly quiet?: boolean;
}

/** Quotes an argument for the log line only when it needs it. */
function shown(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs `command args…`, its stdout and stderr going to the step log. Arguments never
 * carry secrets (those travel in auth files), so the command line is logged as is.
 */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<number | null> {
  const line = [command, ...args].map(shown).join(' ');
  if (options.quiet) core.debug(line);
  else core.startGroup(line);
  let cancelled: NodeJS.Signals | undefined;
  let forward: ((signal: NodeJS.Signals) => void) | undefined;
  try {
    const code = await new Promise<number | null>((done, fail) => {
      const child = spawn(command, args, {
        env: { ...process.env, ...options.env },
        stdio: options.quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'],
      });
      // A cancelled run stops the builder and still gets to remove its auth file.
      forward = (signal) => {
        cancelled = signal;
        child.kill(signal);
      };
      process.on('SIGINT', forward).on('SIGTERM', forward);
      child.on('error', (error: NodeJS.ErrnoException) =>
        fail(
          error.code === 'ENOENT'
            ? new ConfigurationError(`the '${command}' command is not installed (not found on PATH)`, {
                input: 'builder',
              })
            : error,
        ),
      );
      child.on('close', done);
    });
    if (cancelled !== undefined) {
      throw new ConfigurationError(`cancelled (${cancelled}) while '${command}' was running`);
    }
    if (code !== 0 && options.check !== false) {
      const verb = [command, ...args.slice(0, 2).filter((arg) => !arg.startsWith('-'))].join(' ');
      throw new ConfigurationError(`'${verb}' failed with exit code ${code}; its output is above`);
    }
    return code;
  } finally {
    if (forward) process.off('SIGINT', forward).off('SIGTERM', forward);
    if (!options.quiet) core.endGroup();
  }
}
