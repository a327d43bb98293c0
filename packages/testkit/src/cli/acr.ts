// Starts the ACR emulator standalone, in front of a fresh `distribution` registry, for
// debugging and local runs. Usage:
//   pnpm acr-emulator [--anonymous-pull] [--tenant ID] [--oid ID] [--client-id ID --subject SUB]
import { parseArgs } from 'node:util';
import { startAcrEmulator } from '../acr/index.ts';
import { registryClientFiles } from '../registry.ts';

const { values } = parseArgs({
  options: {
    'anonymous-pull': { type: 'boolean', default: false },
    tenant: { type: 'string', default: '00000000-0000-4000-8000-00000000e417' },
    oid: { type: 'string', default: 'local-developer' },
    'client-id': { type: 'string' },
    subject: { type: 'string', default: 'repo:octo-org/octo-app:ref:refs/tags/v1.2.3' },
  },
});

const emulator = await startAcrEmulator({
  anonymousPull: values['anonymous-pull'],
  federatedCredentials: values['client-id']
    ? [{ clientId: values['client-id'], tenantId: values.tenant, subject: values.subject }]
    : [],
});
const login = await registryClientFiles(await emulator.login({ tenant: values.tenant, oid: values.oid }));
const oidc = emulator.githubOidc(values.subject);

console.log(`ACR emulator (backend registry ${emulator.backend.url})
  registry         ${emulator.host}    endpoint ${emulator.url}
  CA file          ${emulator.caFile}    (NODE_EXTRA_CA_CERTS=${emulator.caFile})
  skopeo/buildah   --authfile ${login.authFile} --cert-dir ${login.certDir}
  DOCKER_CONFIG    ${login.dockerConfig}   (user 00000000-0000-0000-0000-000000000000, an ACR refresh token)
  Entra token      ${emulator.entraToken({ tenant: values.tenant, oid: values.oid, expiresInSeconds: 8 * 3600 })}
  Entra authority  ${emulator.url}   (azure-authority-host; tenant ${values.tenant})
  GitHub OIDC      ACTIONS_ID_TOKEN_REQUEST_URL='${oidc.requestUrl}' ACTIONS_ID_TOKEN_REQUEST_TOKEN=${oidc.requestToken}   (subject ${values.subject})
Ctrl-C stops it and removes its files.`);

await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await emulator.stop();
