// Starts a test registry for debugging and local runs, prints how to reach it, and runs until
// SIGINT/SIGTERM. Usage: pnpm registry [--auth none|basic|token] [--tls]
import { parseArgs } from 'node:util';
import { type RegistryAuth, registryClientFiles, skopeoFlags, startRegistry } from '../registry.ts';

const auths: readonly RegistryAuth[] = ['none', 'basic', 'token'];
const { values } = parseArgs({
  options: {
    auth: { type: 'string', default: 'none' },
    tls: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || !auths.includes(values.auth as RegistryAuth)) {
  console.error(`usage: registry [--auth ${auths.join('|')}] [--tls]`);
  process.exit(values.help ? 0 : 2);
}

const registry = await startRegistry({ auth: values.auth as RegistryAuth, tls: values.tls });
const files = await registryClientFiles(registry);
const lines = [
  `registry  ${registry.url} (image references: ${registry.host}/<repository>:<tag>)`,
  `auth      ${registry.auth}`,
  ...(registry.username ? [`username  ${registry.username}`, `password  ${registry.password}`] : []),
  ...(registry.tokenServer ? [`token     ${registry.tokenServer.realm}`] : []),
  ...(registry.caFile ? [`CA file   ${registry.caFile}`] : []),
  `storage   ${registry.storageDir}`,
  '',
  'environment for a client:',
  ...Object.entries(files.env).map(([name, value]) => `  export ${name}=${value}`),
  `skopeo:   skopeo inspect ${skopeoFlags(files).join(' ')} docker://${registry.host}/<repository>:<tag>`,
  '',
  'Ctrl-C stops it and removes its files.',
];
console.log(lines.join('\n'));

let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.error(`\n${signal}: stopping the registry`);
  await registry.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
