// Starts the Kubernetes API simulator for debugging and local runs, writes a kubeconfig, prints
// its path and runs until SIGINT/SIGTERM.
// Usage: pnpm kube-sim [--registry-ca FILE]... [--registry-login HOST=USER:PASSWORD]...
//                      [--nodes N] [--ready-delay-ms MS] [--kubeconfig PATH]
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startKubeSimulator } from '../kube/index.ts';
import { kubectlPath } from '../kubectl.ts';

const usage =
  'usage: kube-sim [--registry-ca FILE]... [--registry-login HOST=USER:PASSWORD]... [--nodes N] [--ready-delay-ms MS] [--kubeconfig PATH]';
const { values } = parseArgs({
  options: {
    'registry-ca': { type: 'string', multiple: true, default: [] },
    'registry-login': { type: 'string', multiple: true, default: [] },
    nodes: { type: 'string' },
    'ready-delay-ms': { type: 'string' },
    kubeconfig: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const registryCredentials: Record<string, { username: string; password: string }> = {};
for (const login of values['registry-login']) {
  const match = /^([^=]+)=([^:]+):(.*)$/.exec(login);
  if (!match) {
    console.error(`--registry-login ${JSON.stringify(login)}: expected HOST=USER:PASSWORD\n${usage}`);
    process.exit(2);
  }
  registryCredentials[match[1]!] = { username: match[2]!, password: match[3]! };
}
const count = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${flag} ${JSON.stringify(value)}: expected a whole number\n${usage}`);
    process.exit(2);
  }
  return n;
};
const nodes = count('nodes', values.nodes);
const readyDelayMs = count('ready-delay-ms', values['ready-delay-ms']);

const simulator = await startKubeSimulator({
  registryCaFiles: values['registry-ca'].map((file) => resolve(file)),
  registryCredentials,
  ...(nodes !== undefined ? { nodes } : {}),
  ...(readyDelayMs !== undefined ? { readyDelayMs } : {}),
});
let kubeconfigPath = simulator.kubeconfigPath;
if (values.kubeconfig) {
  kubeconfigPath = resolve(values.kubeconfig);
  await writeFile(kubeconfigPath, simulator.kubeconfig, { mode: 0o600 });
}
const kubectl = await kubectlPath();
console.log(kubeconfigPath);
console.error(
  [
    `API server  ${simulator.url}`,
    `CA file     ${simulator.caFile}`,
    `kubectl     ${kubectl}`,
    '',
    `  export KUBECONFIG=${kubeconfigPath}`,
    `  ${kubectl} get nodes`,
    '',
    'Ctrl-C stops it and removes its files.',
  ].join('\n'),
);

let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.error(`\n${signal}: stopping the simulator`);
  await simulator.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
