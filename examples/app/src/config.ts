// Settings from the environment, read once at start; a bad value stops the start with a clear message.
export interface Config {
  readonly port: number;
  readonly logLevel: string;
  readonly version: string;
  /** Time between readiness turning 503 and the listener closing, for load balancers to notice. */
  readonly shutdownDelayMs: number;
  /** Longest wait for open requests before their connections are cut. */
  readonly drainTimeoutMs: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number >= 0, got '${raw}'`);
  }
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  return {
    port: integer(env, 'PORT', 8080),
    logLevel: env.LOG_LEVEL || 'info',
    version: env.APP_VERSION || 'unknown',
    shutdownDelayMs: integer(env, 'SHUTDOWN_DELAY_MS', 0),
    drainTimeoutMs: integer(env, 'DRAIN_TIMEOUT_MS', 20_000),
  };
}
