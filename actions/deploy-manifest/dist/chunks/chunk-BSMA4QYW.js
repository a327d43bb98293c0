import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);

// packages/core/src/errors.ts
var ConfigurationError = class extends Error {
  /** The action input the mistake is about, when there is one. */
  input;
  constructor(message, options = {}) {
    super(options.input ? `Input '${options.input}': ${message}` : message, { cause: options.cause });
    this.name = "ConfigurationError";
    this.input = options.input;
  }
};
function inInput(input, parse) {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ConfigurationError && error.input === void 0) {
      throw new ConfigurationError(error.message, { input, cause: error });
    }
    throw error;
  }
}

export {
  ConfigurationError,
  inInput
};
//# sourceMappingURL=chunk-BSMA4QYW.js.map
