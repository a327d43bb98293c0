import * as core from '@actions/core';
import { ConfigurationError } from '@digestflow/core';

/**
 * The one error boundary of an action. A user's mistake becomes a single `::error::`
 * line and exit code 1; anything else is a bug, reported the same way but with its
 * stack trace in the debug log so that `ACTIONS_STEP_DEBUG` shows where it came from.
 */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      core.setFailed(error.message);
      return;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    core.debug(err.stack ?? err.message);
    core.setFailed(
      `${err.message} (unexpected error: please report it with the debug log, ACTIONS_STEP_DEBUG=true)`,
    );
  }
}
