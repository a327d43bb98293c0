/**
 * A mistake the user can fix: a bad input, a missing image, a refused operation.
 * The action's error boundary prints its message as one line, without a stack trace;
 * any other error is treated as a bug in this project.
 */
export class ConfigurationError extends Error {
  /** The action input the mistake is about, when there is one. */
  readonly input: string | undefined;

  constructor(message: string, options: { input?: string; cause?: unknown } = {}) {
    super(options.input ? `Input '${options.input}': ${message}` : message, { cause: options.cause });
    this.name = 'ConfigurationError';
    this.input = options.input;
  }
}

/** Re-labels a parse error as a mistake in the named input. */
export function inInput<T>(input: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ConfigurationError && error.input === undefined) {
      throw new ConfigurationError(error.message, { input, cause: error });
    }
    throw error;
  }
}
