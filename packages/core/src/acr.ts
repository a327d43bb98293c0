// Azure Container Registry authentication: an Entra token exchanged at the registry for
// a refresh token, which Docker-style clients present as the password of the null GUID user.
// Loaded with import() only for ACR registries: @azure/identity stays off other start paths.
import type { AzureOptions, RegistryCredentials } from './credentials.ts';

export const ACR_REFRESH_TOKEN_USER = '00000000-0000-0000-0000-000000000000';

export async function acrCredentials(
  _registry: string,
  _options: AzureOptions,
): Promise<RegistryCredentials> {
  throw new Error('ACR authentication: not built yet');
}
