// ACR emulator: what Azure Container Registry adds to a registry, over HTTPS on loopback in
// front of the real `distribution` registry, following the data-plane REST definition
// 2021-07-01 and Azure/acr docs/AAD-OAuth.md. Proven with @azure/container-registry and skopeo.
//
// Faithful: /oauth2/exchange (Entra access token -> refresh token), /oauth2/token (POST with
// refresh token or the SDK's anonymous grant; GET with Basic auth as docker, skopeo and buildah
// log in), the Bearer challenge naming realm and service, scopes (pull, push, delete,
// metadata_read, metadata_write, registry:catalog:*) on every /v2/ and /acr/v1/ call, the
// /acr/v1/ lists with n/last paging and orderby, attributes and PATCH of changeable attributes,
// locks with ACR's 405 REGISTRY_DISALLOWED_OPERATION (writeEnabled false also blocks deletion).
// Doubles beside it: the Entra v2.0 token endpoint (client credentials with a federated GitHub
// OIDC assertion, reached by MSAL with authorityHost = the emulator's URL) and GitHub's OIDC
// token service (ACTIONS_ID_TOKEN_REQUEST_URL).
//
// Not emulated: tokens are HS256 (ACR signs RS256; clients only decode them), admin users and
// repository-scoped tokens, client secrets/certificates at the Entra double, deleting a tag
// alone (distribution 2.8 cannot untag: 501), geo-replication, webhooks, quarantine.
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
