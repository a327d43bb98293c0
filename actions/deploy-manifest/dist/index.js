import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import {
  ImageReference,
  PROBE_POLICIES,
  debug,
  getInput,
  parseDuration,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunks/chunk-4EWC2M7T.js";
import "./chunks/chunk-WGHDWEKG.js";
import {
  ConfigurationError,
  inInput
} from "./chunks/chunk-ZVBIPAK3.js";
import "./chunks/chunk-3E44LLBY.js";

// packages/action-kit/src/boundary.ts
async function runAction(main) {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      setFailed(error.message);
      return;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    debug(err.stack ?? err.message);
    setFailed(
      `${err.message} (unexpected error: please report it with the debug log, ACTIONS_STEP_DEBUG=true)`
    );
  }
}

// packages/action-kit/src/inputs.ts
function optionalInput(name) {
  const value = getInput(name).trim();
  return value === "" ? void 0 : value;
}
function requiredInput(name, expected) {
  const value = optionalInput(name);
  if (value === void 0) throw new ConfigurationError(`is required: ${expected}`, { input: name });
  return value;
}
function booleanInput(name, fallback) {
  const value = optionalInput(name)?.toLowerCase();
  if (value === void 0) return fallback;
  if (["true", "yes", "1", "on"].includes(value)) return true;
  if (["false", "no", "0", "off"].includes(value)) return false;
  throw new ConfigurationError(`expected true or false, got '${value}'`, { input: name });
}
function listInput(name) {
  return (optionalInput(name) ?? "").split(/\r?\n/).map((line) => line.replace(/(^|\s)#.*$/, "")).flatMap((line) => line.split(",")).map((item) => item.trim()).filter((item) => item !== "");
}
function choiceInput(name, choices, fallback) {
  const value = optionalInput(name) ?? fallback;
  if (!choices.includes(value)) {
    throw new ConfigurationError(`expected one of ${choices.join(", ")}, got '${value}'`, { input: name });
  }
  return value;
}
function parsedInput(name, parse, value = optionalInput(name)) {
  return value === void 0 ? void 0 : inInput(name, () => parse(value));
}
function secretInput(name) {
  const value = optionalInput(name);
  if (value !== void 0) setSecret(value);
  return value;
}
function linesInput(name) {
  return (optionalInput(name) ?? "").split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
}

// actions/deploy-manifest/src/inputs.ts
var NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
function getInputs() {
  const kubeconfig = secretInput("kubeconfig");
  const kustomize = optionalInput("kustomize");
  const manifests = linesInput("manifests");
  if (manifests.length === 0 && kustomize === void 0) {
    requiredInput("manifests", "manifest files, folders or globs to apply, one per line (or give kustomize)");
  }
  const namespace = optionalInput("namespace");
  if (namespace !== void 0 && !NAMESPACE.test(namespace)) {
    throw new ConfigurationError(
      `'${namespace}' is not a namespace name: lowercase letters, digits and '-', starting and ending with a letter or digit`,
      { input: "namespace" }
    );
  }
  return {
    manifests,
    kustomize,
    images: listInput("images").map((image) => inInput("images", () => ImageReference.parse(image))),
    namespace,
    kubeconfig,
    context: optionalInput("context"),
    timeoutMs: parsedInput("timeout", parseDuration) ?? 3e5,
    wait: booleanInput("wait", true),
    rollbackOnFailure: booleanInput("rollback-on-failure", true),
    fieldManager: optionalInput("field-manager") ?? "deploy-manifest",
    forceConflicts: booleanInput("force-conflicts", false),
    annotate: booleanInput("annotate", true),
    probePolicy: choiceInput("probe-policy", PROBE_POLICIES, "warn"),
    dryRun: booleanInput("dry-run", false)
  };
}

// actions/deploy-manifest/src/summary.ts
var cell = (text) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
var fence = (text, language = "") => `\`\`\`${language}
${text.replace(/```/g, "'''")}
\`\`\``;
function renderSummary(input) {
  const title = input.dryRun ? "Deploy (dry run)" : "Deploy";
  const icon = input.status === "deployed" ? "\u2705" : input.status === "rolled-back" ? "\u21A9\uFE0F" : "\u274C";
  const parts = [`## ${title}: ${icon} ${input.status}`, "", input.headline];
  if (input.rolloutSeconds !== void 0) parts.push("", `Rollout: ${input.rolloutSeconds.toFixed(1)} s`);
  parts.push("", "| Kind | Namespace | Name | Change | Outcome |", "|---|---|---|---|---|");
  for (const r of input.resources) {
    parts.push(
      `| ${cell(r.kind)} | ${cell(r.namespace ?? "")} | ${cell(r.name)} | ${r.change} | ${cell(r.outcome)}${r.message ? `: ${cell(r.message)}` : ""} |`
    );
  }
  if (input.pinned.length > 0) {
    parts.push("", "### Images pinned", "", "| Object | Container | Image |", "|---|---|---|");
    for (const p of input.pinned) parts.push(`| ${cell(p.object)} | ${cell(p.container)} | \`${p.to}\` |`);
  }
  if (input.explanations.length > 0) {
    parts.push("", "### Why the rollout failed", "", fence(input.explanations.join("\n\n")));
  }
  if (input.rollback.length > 0) {
    parts.push("", "### Rollback", "");
    for (const r of input.rollback)
      parts.push(`- ${r.label}: ${r.action}${r.message ? ` (${r.message})` : ""}`);
  }
  if (input.probeWarnings.length > 0) {
    parts.push("", "### Probes missing", "");
    for (const w of input.probeWarnings) parts.push(`- ${w}`);
  }
  if (input.diffs.length > 0) {
    parts.push("", "### What would change", "");
    for (const d of input.diffs)
      parts.push(`<details><summary>${d.label}</summary>`, "", fence(d.diff, "diff"), "", "</details>");
  }
  return `${parts.join("\n")}
`;
}

// actions/deploy-manifest/src/run.ts
async function run() {
  await runAction(async () => {
    const inputs = getInputs();
    const cancel = new AbortController();
    for (const signal of ["SIGINT", "SIGTERM"]) {
      process.once(signal, () => {
        warning(`${signal} received: stopping the wait`);
        cancel.abort(signal);
      });
    }
    const { deploy } = await import("./chunks/deploy-37U2KSDA.js");
    let report;
    try {
      report = await deploy(inputs, cancel.signal);
    } catch (error) {
      setOutput("status", "failed");
      throw error;
    }
    setOutput("status", report.status);
    setOutput("resources", JSON.stringify(report.resources));
    if (report.rolloutSeconds !== void 0)
      setOutput("rollout-seconds", report.rolloutSeconds.toFixed(1));
    await summary.addRaw(renderSummary(report)).write();
    if (report.failure !== void 0) setFailed(report.failure);
  });
}

// actions/deploy-manifest/src/index.ts
await run();
//# sourceMappingURL=index.js.map
