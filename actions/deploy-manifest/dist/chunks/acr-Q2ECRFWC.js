import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{ACR_ENTRA_SCOPE,ACR_REFRESH_TOKEN_USER,AZURE_FEDERATION_AUDIENCE,AzureSignInUnavailable,acrCredentials,azureCredential,exchangeForRefreshToken}from"./chunk-WP2YOVJG.js";import"./chunk-KH45IRKA.js";export{ACR_ENTRA_SCOPE,ACR_REFRESH_TOKEN_USER,AZURE_FEDERATION_AUDIENCE,AzureSignInUnavailable,acrCredentials,azureCredential,exchangeForRefreshToken};
//# sourceMappingURL=acr-Q2ECRFWC.js.map
