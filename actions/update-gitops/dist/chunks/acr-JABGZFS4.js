import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{ACR_ENTRA_SCOPE,ACR_REFRESH_TOKEN_USER,AZURE_FEDERATION_AUDIENCE,AzureSignInUnavailable,acrCredentials,azureCredential,exchangeForRefreshToken}from"./chunk-X54KRH6U.js";import"./chunk-YE22RXK5.js";export{ACR_ENTRA_SCOPE,ACR_REFRESH_TOKEN_USER,AZURE_FEDERATION_AUDIENCE,AzureSignInUnavailable,acrCredentials,azureCredential,exchangeForRefreshToken};
//# sourceMappingURL=acr-JABGZFS4.js.map
