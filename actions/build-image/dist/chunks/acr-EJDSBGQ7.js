import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import {
  ACR_ENTRA_SCOPE,
  ACR_REFRESH_TOKEN_USER,
  AZURE_FEDERATION_AUDIENCE,
  AzureSignInUnavailable,
  acrCredentials,
  azureCredential,
  exchangeForRefreshToken
} from "./chunk-B7HWFK4O.js";
import "./chunk-3E44LLBY.js";
export {
  ACR_ENTRA_SCOPE,
  ACR_REFRESH_TOKEN_USER,
  AZURE_FEDERATION_AUDIENCE,
  AzureSignInUnavailable,
  acrCredentials,
  azureCredential,
  exchangeForRefreshToken
};
//# sourceMappingURL=acr-EJDSBGQ7.js.map
