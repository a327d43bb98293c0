import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import {
  writeDockerConfig
} from "./chunk-U6KXNLP3.js";
import {
  pairs,
  repeated,
  runCommand
} from "./chunk-267V3V7K.js";
import {
  parseDigest
} from "./chunk-VFQP2FPG.js";
import "./chunk-WGHDWEKG.js";
import "./chunk-62BAO2SJ.js";
import "./chunk-3E44LLBY.js";

// actions/build-image/src/builders/docker.ts
import { readFile } from "node:fs/promises";
import { join } from "node:path";
async function metadataDigest(file) {
  const metadata = JSON.parse(await readFile(file, "utf8"));
  const digest = metadata["containerimage.digest"];
  if (typeof digest !== "string") {
    throw new Error(
      `docker buildx wrote no containerimage.digest to its metadata file: ${JSON.stringify(metadata)}`
    );
  }
  return parseDigest(digest);
}
var dockerBuilder = async ({ inputs, plan, tempDir, credentials: resolve }) => {
  const credentials = await resolve();
  const env = credentials ? await writeDockerConfig(join(tempDir, "docker"), inputs.image.registry, credentials) : {};
  const metadataFile = join(tempDir, "metadata.json");
  const annotations = pairs(plan.annotations).flatMap(
    (pair) => inputs.platforms.length > 1 ? [`index:${pair}`, `manifest:${pair}`] : [pair]
  );
  const args = [
    "buildx",
    "build",
    "--file",
    inputs.file,
    ...inputs.target ? ["--target", inputs.target] : [],
    ...inputs.platforms.length > 0 ? ["--platform", inputs.platforms.join(",")] : [],
    ...repeated("--build-arg", inputs.buildArgs),
    ...repeated("--label", pairs(plan.labels)),
    ...repeated("--annotation", annotations),
    ...repeated(
      "--tag",
      plan.references.map((reference) => reference.toString())
    ),
    "--metadata-file",
    metadataFile,
    ...inputs.push ? ["--push"] : ["--output", "type=image,push=false"],
    inputs.context
  ];
  await runCommand("docker", args, { env });
  return { digest: inputs.push ? await metadataDigest(metadataFile) : void 0, labelsApplied: true };
};
export {
  dockerBuilder
};
//# sourceMappingURL=docker-UO6XMEQX.js.map
