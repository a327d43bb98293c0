import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import {
  ACR_ENTRA_SCOPE,
  ACR_REFRESH_TOKEN_USER,
  AZURE_FEDERATION_AUDIENCE,
  AzureSignInUnavailable,
  acrCredentials,
  azureCredential,
  exchangeForRefreshToken
} from "./chunk-62BAO2SJ.js";
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
//# sourceMappingURL=acr-FWWW2BWD.js.map
