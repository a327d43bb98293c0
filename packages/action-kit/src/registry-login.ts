// The registry sign-in inputs that every registry-facing action shares, and the one way they
// turn into credentials (DESIGN.md's order: inputs, ACR with Entra, GHCR token, Docker config).
import * as core from '@actions/core';
import {
  type AzureOptions,
  ConfigurationError,
  parseAuthorityHost,
  type RegistryCredentials,
  resolveCredentials,
} from '@digestflow/core';
import { booleanInput, optionalInput, parsedInput, secretInput } from './inputs.ts';

export interface UserPassword {
  readonly username: string | undefined;
  readonly password: string | undefined;
}

export interface RegistryLogin extends UserPassword {
  readonly githubToken: string | undefined;
  readonly azure: {
    readonly clientId: string | undefined;
    readonly tenantId: string | undefined;
    readonly authorityHost: string | undefined;
  };
  /** Treat the registry as ACR although its host is not *.azurecr.io (custom domains). */
  readonly acr: boolean;
}

/** A user name input and its password input: both or neither. The password is masked first. */
export function userPasswordInputs(userInput: string, passwordInput: string): UserPassword {
  const password = secretInput(passwordInput);
  const username = optionalInput(userInput);
  if ((username === undefined) !== (password === undefined)) {
    throw new ConfigurationError(`${userInput} and ${passwordInput} go together: give both or neither`, {
      input: username === undefined ? userInput : passwordInput,
    });
  }
  return { username, password };
}

/**
 * Reads registry-username/-password, github-token, azure-client-id/-tenant-id/-authority-host
 * and acr. An action that declares no github-token (it signs in to ACR only) says so.
 */
export function registryLoginInputs(
  options: { readonly githubToken: boolean } = { githubToken: true },
): RegistryLogin {
  return {
    ...userPasswordInputs('registry-username', 'registry-password'),
    githubToken: options.githubToken ? secretInput('github-token') : undefined,
    azure: {
      clientId: optionalInput('azure-client-id'),
      tenantId: optionalInput('azure-tenant-id'),
      authorityHost: parsedInput('azure-authority-host', parseAuthorityHost),
    },
    acr: booleanInput('acr', false),
  };
}

/** The GitHub OIDC token for an audience; without `id-token: write` the error says so. */
export async function githubIdToken(audience: string): Promise<string> {
  try {
    return await core.getIDToken(audience);
  } catch (error) {
    throw new ConfigurationError(
      `could not get the GitHub OIDC token (${error instanceof Error ? error.message : String(error)}): give the job permissions: id-token: write`,
    );
  }
}

/** Microsoft Entra sign-in options: workload identity with the GitHub OIDC token, every token masked. */
export function azureOptions(login: RegistryLogin): AzureOptions {
  return { ...login.azure, getIdToken: githubIdToken, onSecret: core.setSecret };
}

/**
 * Credentials for `registry`, or `undefined` for anonymous access; every secret found on
 * the way is masked, and the log says where they came from. `pair` overrides the user name
 * and password (promote-image's target registry has its own).
 */
export async function signIn(
  registry: string,
  login: RegistryLogin,
  pair: UserPassword = login,
): Promise<RegistryCredentials | undefined> {
  const credentials = await resolveCredentials(registry, {
    username: pair.username,
    password: pair.password,
    githubToken: login.githubToken,
    githubUsername: process.env.GITHUB_ACTOR,
    azure: azureOptions(login),
    acr: login.acr,
    onSecret: core.setSecret,
  });
  core.info(`Registry ${registry}: ${credentials ? `credentials from ${credentials.source}` : 'anonymous'}`);
  return credentials;
}
