export type { ChangeableAttributes } from './attributes.ts';
export {
  type AcrEmulator,
  type AcrEmulatorOptions,
  type EmulatorRequest,
  startAcrEmulator,
} from './emulator.ts';
export {
  type EntraTokenClaims,
  FEDERATION_AUDIENCE,
  type FederatedCredential,
  GITHUB_ISSUER,
} from './entra.ts';
export { ACR_ACTIONS, type AcrAction } from './scopes.ts';
export { REFRESH_TOKEN_USER } from './tokens.ts';
export { trustCertificateAuthority } from './trust.ts';
