import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import {
  debug,
  endGroup,
  startGroup
} from "./chunk-VFQP2FPG.js";
import {
  ConfigurationError
} from "./chunk-62BAO2SJ.js";

// actions/build-image/src/command.ts
import { spawn } from "node:child_process";
function shown(arg) {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
async function runCommand(command, args, options = {}) {
  const line = [command, ...args].map(shown).join(" ");
  if (options.quiet) debug(line);
  else startGroup(line);
  let cancelled;
  let forward;
  try {
    const code = await new Promise((done, fail) => {
      const child = spawn(command, args, {
        env: { ...process.env, ...options.env },
        stdio: options.quiet ? "ignore" : ["ignore", "inherit", "inherit"]
      });
      forward = (signal) => {
        cancelled = signal;
        child.kill(signal);
      };
      process.on("SIGINT", forward).on("SIGTERM", forward);
      child.on(
        "error",
        (error) => fail(
          error.code === "ENOENT" ? new ConfigurationError(`the '${command}' command is not installed (not found on PATH)`, {
            input: "builder"
          }) : error
        )
      );
      child.on("close", done);
    });
    if (cancelled !== void 0) {
      throw new ConfigurationError(`cancelled (${cancelled}) while '${command}' was running`);
    }
    if (code !== 0 && options.check !== false) {
      const verb = [command, ...args.slice(0, 2).filter((arg) => !arg.startsWith("-"))].join(" ");
      throw new ConfigurationError(`'${verb}' failed with exit code ${code}; its output is above`);
    }
    return code;
  } finally {
    if (forward) process.off("SIGINT", forward).off("SIGTERM", forward);
    if (!options.quiet) endGroup();
  }
}

// actions/build-image/src/builders/builder.ts
function repeated(flag, values) {
  return [...values].flatMap((value) => [flag, value]);
}
function pairs(record) {
  return Object.entries(record).map(([key, value]) => `${key}=${value}`);
}

export {
  runCommand,
  repeated,
  pairs
};
//# sourceMappingURL=chunk-267V3V7K.js.map
