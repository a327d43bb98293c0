import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);

// actions/build-image/src/auth-file.ts
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
function authKey(registry) {
  return registry === "docker.io" ? "https://index.docker.io/v1/" : registry;
}
var IDENTITY_TOKEN_USER = "<token>";
function authEntry(credentials) {
  if (credentials.username === IDENTITY_TOKEN_USER) return { identitytoken: credentials.password };
  return { auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64") };
}
async function readConfig(file) {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch {
    return {};
  }
}
async function writeDockerConfig(dir, registry, credentials, userDir = process.env.DOCKER_CONFIG || join(homedir(), ".docker")) {
  await mkdir(dir, { recursive: true, mode: 448 });
  const user = await readConfig(join(userDir, "config.json"));
  const key = authKey(registry);
  const { credsStore, ...config } = user;
  const credHelpers = { ...user.credHelpers };
  if (credsStore !== void 0) {
    for (const other of Object.keys(user.auths ?? {})) credHelpers[other] ??= credsStore;
  }
  for (const other of Object.keys(credHelpers)) {
    if (other.replace(/^https?:\/\//, "").split("/")[0] === registry || other === key)
      delete credHelpers[other];
  }
  const written = {
    ...config,
    auths: { ...user.auths, [key]: authEntry(credentials) },
    ...Object.keys(credHelpers).length > 0 ? { credHelpers } : {}
  };
  await writeFile(join(dir, "config.json"), JSON.stringify(written, null, 2), { mode: 384 });
  const entries = await readdir(userDir).catch(() => []);
  for (const entry of entries) {
    if (entry !== "config.json") await symlink(join(userDir, entry), join(dir, entry));
  }
  return { DOCKER_CONFIG: dir };
}
async function writeContainersAuthFile(dir, registry, credentials, userFile = process.env.REGISTRY_AUTH_FILE) {
  await mkdir(dir, { recursive: true, mode: 448 });
  const user = userFile === void 0 || userFile === "" ? {} : await readConfig(userFile);
  const file = join(dir, "auth.json");
  const written = { auths: { ...user.auths, [registry]: authEntry(credentials) } };
  await writeFile(file, JSON.stringify(written, null, 2), { mode: 384 });
  return { REGISTRY_AUTH_FILE: file };
}

export {
  writeDockerConfig,
  writeContainersAuthFile
};
//# sourceMappingURL=chunk-U6KXNLP3.js.map
