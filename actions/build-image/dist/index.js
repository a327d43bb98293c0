import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import {
  DEFAULT_ENVIRONMENTS,
  DEFAULT_SHA_LENGTH,
  ImageReference,
  debug,
  getIDToken,
  getInput,
  imageMetadata,
  info,
  isAcrRegistry,
  parseAuthorityHost,
  parseEnvironments,
  parseExplicitTag,
  parseLabels,
  parseShaLength,
  planTags,
  readGitHubContext,
  resolveCredentials,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunks/chunk-VFQP2FPG.js";
import "./chunks/chunk-WGHDWEKG.js";
import {
  ConfigurationError,
  inInput
} from "./chunks/chunk-62BAO2SJ.js";
import "./chunks/chunk-3E44LLBY.js";

// actions/build-image/src/run.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";

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

// actions/build-image/src/builders/index.ts
var builders = {
  docker: async () => (await import("./chunks/docker-UO6XMEQX.js")).dockerBuilder,
  buildah: async () => (await import("./chunks/buildah-EDTXJ4BL.js")).buildahBuilder,
  acr: async () => (await import("./chunks/acr-WYR3MXIK.js")).acrBuilder
};

// actions/build-image/src/inputs.ts
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
var BUILDERS = ["docker", "buildah", "acr"];
var BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*=/;
var PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
var STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
var ACR_NAME = /^[a-zA-Z0-9]{5,50}$/;
function isDirectory(path) {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}
function isFile(path) {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}
function buildFile(context) {
  const given = optionalInput("file");
  if (given !== void 0) {
    if (!isFile(resolve(given))) {
      throw new ConfigurationError(`'${given}' is not a file (paths are relative to the workspace)`, {
        input: "file"
      });
    }
    return given;
  }
  const found = ["Dockerfile", "Containerfile"].map((name) => join(context, name)).find((path) => isFile(path));
  if (found === void 0) {
    throw new ConfigurationError(
      `no Dockerfile or Containerfile in the context '${context}': give its path`,
      { input: "file" }
    );
  }
  return found;
}
function acrName(image, builder) {
  if (builder !== "acr") return void 0;
  const given = optionalInput("acr-name");
  const name = given ?? (isAcrRegistry(image.registry) ? image.registry.split(".")[0] : void 0);
  if (name === void 0) {
    throw new ConfigurationError(
      `the acr builder needs the registry's name: '${image.registry}' is not *.azurecr.io, so give it`,
      { input: "acr-name" }
    );
  }
  if (!ACR_NAME.test(name)) {
    throw new ConfigurationError(`'${name}' is not a registry name (5 to 50 letters and digits)`, {
      input: "acr-name"
    });
  }
  return name;
}
function getInputs() {
  const credentials = {
    username: optionalInput("registry-username"),
    password: secretInput("registry-password"),
    githubToken: secretInput("github-token"),
    azureClientId: optionalInput("azure-client-id"),
    azureTenantId: optionalInput("azure-tenant-id"),
    azureAuthorityHost: parsedInput("azure-authority-host", parseAuthorityHost),
    acr: booleanInput("acr", false)
  };
  if (credentials.username === void 0 !== (credentials.password === void 0)) {
    const missing = credentials.username === void 0 ? "registry-username" : "registry-password";
    throw new ConfigurationError("is required with the other of registry-username and registry-password", {
      input: missing
    });
  }
  const image = parsedInput(
    "image",
    ImageReference.parseRepository,
    requiredInput("image", "the repository to push to, without a tag, e.g. ghcr.io/owner/app")
  );
  const builder = choiceInput("builder", BUILDERS, "docker");
  const context = optionalInput("context") ?? ".";
  if (!isDirectory(resolve(context))) {
    throw new ConfigurationError(`'${context}' is not a folder (paths are relative to the workspace)`, {
      input: "context"
    });
  }
  const file = buildFile(context);
  const buildArgs = linesInput("build-args");
  for (const arg of buildArgs) {
    if (!BUILD_ARG.test(arg)) {
      throw new ConfigurationError(`expected NAME=value lines, got '${arg}'`, { input: "build-args" });
    }
  }
  const target = optionalInput("target");
  if (target !== void 0 && !STAGE.test(target)) {
    throw new ConfigurationError(`'${target}' is not a build stage name`, { input: "target" });
  }
  const platforms = [...new Set(listInput("platforms"))];
  for (const platform of platforms) {
    if (!PLATFORM.test(platform)) {
      throw new ConfigurationError(`expected os/arch[/variant] like linux/arm64, got '${platform}'`, {
        input: "platforms"
      });
    }
  }
  if (builder === "acr" && platforms.length > 1) {
    throw new ConfigurationError("the acr builder (az acr build) builds one platform per run", {
      input: "platforms"
    });
  }
  const environmentLines = linesInput("environments");
  return {
    image,
    context,
    file,
    buildArgs,
    target,
    platforms,
    labels: inInput("labels", () => parseLabels(linesInput("labels"))),
    builder,
    environments: environmentLines.length === 0 ? DEFAULT_ENVIRONMENTS : inInput("environments", () => parseEnvironments(environmentLines)),
    extraTags: listInput("tags").map((value) => inInput("tags", () => parseExplicitTag(value, image))),
    shaLength: parsedInput("sha-length", parseShaLength) ?? DEFAULT_SHA_LENGTH,
    push: booleanInput("push", true),
    dryRun: booleanInput("dry-run", false),
    acrName: acrName(image, builder),
    credentials
  };
}

// actions/build-image/src/plan.ts
function planBuild(inputs, context, now) {
  const tags = planTags({
    image: inputs.image,
    context,
    environments: inputs.environments,
    extraTags: inputs.extraTags,
    shaLength: inputs.shaLength
  });
  const metadata = imageMetadata({
    image: inputs.image,
    context,
    sha: tags.sha,
    version: tags.version,
    now,
    labels: inputs.labels
  });
  return { version: tags.version, references: tags.references, sha: tags.sha, ...metadata };
}

// actions/build-image/src/report.ts
function metadataOf(report) {
  const { inputs, plan, digest } = report;
  return {
    image: inputs.image.name,
    version: plan.version,
    tags: plan.references.map(String),
    digest: digest ?? null,
    imageRef: digest ? `${inputs.image.name}@${digest}` : null,
    revision: plan.sha,
    builder: inputs.builder,
    platforms: inputs.platforms,
    pushed: digest !== void 0,
    dryRun: inputs.dryRun,
    labels: report.labelsApplied ? plan.labels : {},
    annotations: report.labelsApplied ? plan.annotations : {},
    durationSeconds: report.durationSeconds
  };
}
function setOutputs(report) {
  const { inputs, plan, digest } = report;
  setOutput("digest", digest ?? "");
  setOutput("image-ref", digest ? `${inputs.image.name}@${digest}` : "");
  setOutput("tags", plan.references.map(String).join("\n"));
  setOutput("version", plan.version);
  setOutput("metadata", JSON.stringify(metadataOf(report)));
}
function cell(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
function code(text) {
  return `<code>${cell(text)}</code>`;
}
function summaryMarkdown(report) {
  const { inputs, plan, digest } = report;
  const outcome = inputs.dryRun ? "dry run: planned, nothing built" : digest ? "built and pushed" : "built, not pushed";
  const rows = [
    ["Image", code(inputs.image.name)],
    ["Version", code(plan.version)],
    ["Digest", digest ? code(digest) : "\u2014"],
    ["Builder", cell(inputs.builder)],
    ["Platforms", inputs.platforms.length > 0 ? cell(inputs.platforms.join(", ")) : "builder default"],
    ["Commit", code(plan.sha)],
    ["Duration", `${report.durationSeconds.toFixed(1)} s`]
  ];
  const lines = [
    `### build-image: ${cell(outcome)}`,
    "",
    "| | |",
    "|---|---|",
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    "",
    "**Tags**",
    "",
    ...plan.references.map((reference) => `- ${code(reference.toString())}`),
    ""
  ];
  if (report.labelsApplied) {
    lines.push(
      "**Labels**",
      "",
      "| label | value |",
      "|---|---|",
      ...Object.entries(plan.labels).map(([key, value]) => `| ${code(key)} | ${cell(value)} |`),
      ""
    );
  } else {
    lines.push("Labels: none (ACR Tasks builds cannot set labels from the command line).", "");
  }
  return lines.join("\n");
}
async function writeSummary(report) {
  await summary.addRaw(summaryMarkdown(report)).write();
}

// actions/build-image/src/run.ts
async function githubIdToken(audience) {
  try {
    return await getIDToken(audience);
  } catch (error) {
    throw new ConfigurationError(
      `could not get the GitHub OIDC token (${error instanceof Error ? error.message : String(error)}): give the job permissions: id-token: write`
    );
  }
}
function lazyCredentials(inputs) {
  const given = inputs.credentials;
  let resolved;
  return () => {
    resolved ??= resolveCredentials(inputs.image.registry, {
      username: given.username,
      password: given.password,
      githubToken: given.githubToken,
      githubUsername: process.env.GITHUB_ACTOR,
      azure: {
        clientId: given.azureClientId,
        tenantId: given.azureTenantId,
        authorityHost: given.azureAuthorityHost,
        getIdToken: githubIdToken,
        onSecret: setSecret
      },
      acr: given.acr,
      onSecret: setSecret
    }).then((found) => {
      info(
        `Registry ${inputs.image.registry}: ${found ? `credentials from ${found.source}` : "anonymous"}`
      );
      return found;
    });
    return resolved;
  };
}
async function run() {
  await runAction(async () => {
    const started = performance.now();
    const inputs = getInputs();
    const plan = planBuild(inputs, readGitHubContext(), /* @__PURE__ */ new Date());
    info(
      `Tags of ${inputs.image.name}: ${plan.references.map((reference) => reference.tag).join(", ")}`
    );
    const report = (digest, labelsApplied) => ({
      inputs,
      plan,
      digest,
      labelsApplied,
      durationSeconds: (performance.now() - started) / 1e3
    });
    if (inputs.dryRun) {
      info("Dry run: nothing is built, and no registry is contacted.");
      const planned = report(void 0, true);
      setOutputs(planned);
      await writeSummary(planned);
      return;
    }
    const credentials = lazyCredentials(inputs);
    const tempDir = await mkdtemp(join2(process.env.RUNNER_TEMP || tmpdir(), "build-image-"));
    let result;
    try {
      const build = await builders[inputs.builder]();
      result = await build({ inputs, plan, tempDir, credentials });
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
    if (!result.labelsApplied && inputs.labels.size > 0) {
      warning(
        "The acr builder cannot set labels (az acr build has no --label): put them in the Dockerfile."
      );
    }
    if (result.digest) info(`Pushed ${inputs.image.name}@${result.digest}`);
    const built = report(result.digest, result.labelsApplied);
    setOutputs(built);
    await writeSummary(built);
  });
}

// actions/build-image/src/index.ts
await run();
//# sourceMappingURL=index.js.map
