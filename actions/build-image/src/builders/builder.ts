import type { Digest, RegistryCredentials } from '@digestflow/core';
import type { BuildInputs } from '../inputs.ts';
import type { BuildPlan } from '../plan.ts';

export interface BuildRequest {
  readonly inputs: BuildInputs;
  readonly plan: BuildPlan;
  /** A private folder for auth and metadata files, removed after the build. */
  readonly tempDir: string;
  /**
   * Credentials for the image's registry (`undefined`: anonymous), resolved on first call:
   * ACR Tasks authenticates itself, so the acr builder asks only to read the digest back.
   */
  readonly credentials: () => Promise<RegistryCredentials | undefined>;
}

export interface BuildResult {
  /** The pushed manifest's (or index's) digest; `undefined` when nothing was pushed. */
  readonly digest: Digest | undefined;
  /** Labels the builder could not set (ACR Tasks has no --label), for the report. */
  readonly labelsApplied: boolean;
}

/** Builds (and with `inputs.push`, pushes) the image with every tag of the plan. */
export type Builder = (request: BuildRequest) => Promise<BuildResult>;

/** `--flag value` for each value. */
export function repeated(flag: string, values: Iterable<string>): string[] {
  return [...values].flatMap((value) => [flag, value]);
}

/** `key=value` items of a record. */
export function pairs(record: Readonly<Record<string, string>>): string[] {
  return Object.entries(record).map(([key, value]) => `${key}=${value}`);
}
