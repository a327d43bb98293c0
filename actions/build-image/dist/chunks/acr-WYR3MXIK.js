import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import {
  repeated,
  runCommand
} from "./chunk-267V3V7K.js";
import {
  RegistryClient,
  headManifest,
  setSecret
} from "./chunk-VFQP2FPG.js";
import "./chunk-WGHDWEKG.js";
import {
  ConfigurationError
} from "./chunk-62BAO2SJ.js";
import "./chunk-3E44LLBY.js";

// actions/build-image/src/builders/acr.ts
var acrBuilder = async ({ inputs, plan, credentials }) => {
  const args = [
    "acr",
    "build",
    "--registry",
    inputs.acrName,
    ...repeated(
      "--image",
      plan.references.map((reference) => `${reference.repository}:${reference.tag}`)
    ),
    "--file",
    inputs.file,
    ...inputs.platforms.length > 0 ? ["--platform", inputs.platforms[0]] : [],
    ...inputs.target ? ["--target", inputs.target] : [],
    ...repeated("--build-arg", inputs.buildArgs),
    ...inputs.push ? [] : ["--no-push"],
    inputs.context
  ];
  await runCommand("az", args);
  if (!inputs.push) return { digest: void 0, labelsApplied: false };
  const client = new RegistryClient(inputs.image.registry, {
    credentials: await credentials(),
    onSecret: setSecret
  });
  const digest = await headManifest(client, inputs.image.repository, plan.version);
  if (digest === void 0) {
    throw new ConfigurationError(
      `az acr build finished, but ${inputs.image.name}:${plan.version} is not in the registry`
    );
  }
  return { digest, labelsApplied: false };
};
export {
  acrBuilder
};
//# sourceMappingURL=acr-WYR3MXIK.js.map
