import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort, waitUntil } from './net.ts';

export type RegistryAuth = 'none' | 'basic' | 'token';

export interface RegistryOptions {
  readonly auth?: RegistryAuth;
  readonly tls?: boolean;
}

/** A running `distribution` registry on loopback. */
export interface Registry {
  /** `127.0.0.1:<port>`, as it goes into an image reference. */
  readonly host: string;
  /** `http://…` or `https://…` base URL. */
  readonly url: string;
  readonly auth: RegistryAuth;
  /** Credentials a client logs in with, for the auth variants. */
  readonly username?: string;
  readonly password?: string;
  /** PEM file of the CA that signed the registry's certificate, for the TLS variant. */
  readonly caFile?: string;
  readonly storageDir: string;
  stop(): Promise<void>;
}

/** Starts the real `docker-registry` binary with a temporary storage folder. */
export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const auth = options.auth ?? 'none';
  if (auth !== 'none' || options.tls) throw new Error('auth and TLS variants: not built yet');
  const dir = await mkdtemp(join(tmpdir(), 'registry-'));
  const storageDir = join(dir, 'storage');
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = {
    version: 0.1,
    log: { level: 'error', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: storageDir },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: host, secret: randomBytes(16).toString('hex') },
  };
  const configFile = join(dir, 'config.yml');
  await writeFile(configFile, stringify(config));
  const child: ChildProcess = spawn('docker-registry', ['serve', configFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const url = `http://${host}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
      return (await fetch(`${url}/v2/`)).status === 200;
    }, `docker-registry on ${host}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, url, auth, storageDir, stop };
}
