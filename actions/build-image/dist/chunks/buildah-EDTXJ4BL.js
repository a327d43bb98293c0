import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import {
  writeContainersAuthFile
} from "./chunk-U6KXNLP3.js";
import {
  pairs,
  repeated,
  runCommand
} from "./chunk-267V3V7K.js";
import {
  isDigest,
  isLoopback
} from "./chunk-VFQP2FPG.js";
import "./chunk-WGHDWEKG.js";
import {
  ConfigurationError
} from "./chunk-62BAO2SJ.js";
import "./chunk-3E44LLBY.js";

// actions/build-image/src/builders/buildah.ts
import { readFile } from "node:fs/promises";
import { join } from "node:path";
async function readDigest(file, reference) {
  const text = (await readFile(file, "utf8").catch(() => "")).trim();
  if (!isDigest(text)) {
    throw new ConfigurationError(
      `buildah reported success but wrote no digest: the push to ${reference} did not complete (is the registry reachable over HTTPS?)`
    );
  }
  return text;
}
var buildahBuilder = async ({ inputs, plan, tempDir, credentials: resolve }) => {
  const credentials = await resolve();
  const env = credentials ? await writeContainersAuthFile(join(tempDir, "containers"), inputs.image.registry, credentials) : {};
  const references = plan.references.map((reference) => reference.toString());
  const primary = references[0];
  const multiPlatform = inputs.platforms.length > 1;
  const tls = isLoopback(inputs.image.registry) ? ["--tls-verify=false"] : [];
  const pushAll = async (command) => {
    const digests = [];
    for (const [index, reference] of references.entries()) {
      const digestFile = join(tempDir, `digest-${index}`);
      await runCommand(
        "buildah",
        [
          ...command,
          ...tls,
          "--digestfile",
          digestFile,
          multiPlatform ? primary : reference,
          `docker://${reference}`
        ],
        { env }
      );
      digests.push(await readDigest(digestFile, reference));
    }
    if (new Set(digests).size !== 1) {
      throw new Error(`the tags of one build were pushed with different digests: ${digests.join(", ")}`);
    }
    return digests[0];
  };
  const build = [
    "bud",
    "--file",
    inputs.file,
    ...inputs.target ? ["--target", inputs.target] : [],
    ...inputs.platforms.length > 0 ? ["--platform", inputs.platforms.join(",")] : [],
    ...repeated("--build-arg", inputs.buildArgs),
    ...repeated("--label", pairs(plan.labels)),
    ...repeated("--annotation", pairs(plan.annotations))
  ];
  if (!multiPlatform) {
    await runCommand("buildah", [...build, ...repeated("--tag", references), inputs.context], { env });
    return { digest: inputs.push ? await pushAll(["push"]) : void 0, labelsApplied: true };
  }
  await runCommand("buildah", ["manifest", "rm", primary], { env, check: false, quiet: true });
  try {
    await runCommand("buildah", [...build, "--manifest", primary, inputs.context], { env });
    return {
      digest: inputs.push ? await pushAll(["manifest", "push", "--all"]) : void 0,
      labelsApplied: true
    };
  } catch (error) {
    await runCommand("buildah", ["manifest", "rm", primary], { env, check: false, quiet: true });
    throw error;
  }
};
export {
  buildahBuilder
};
//# sourceMappingURL=buildah-EDTXJ4BL.js.map
