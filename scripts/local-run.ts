// The whole flow on this machine, with the bundled actions run exactly as a runner runs them:
//   push main     -> build-image (buildah, FROM scratch example app) -> deploy-manifest dev
//   push staging  -> promote-image dev -> staging (into the ACR)     -> deploy-manifest staging
//   tag v1.0.0    -> promote-image staging -> 1.0.0, lock-image (OIDC) -> deploy-manifest production
//   tag v1.1.0    -> a release the cluster cannot pull: the deploy explains why and rolls back
// Each step's job summary is printed; exits 0 when every step behaved as the flow expects.
// Usage: pnpm local-run   (scripts/local-run.sh sets up a fresh machine first)
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { kubectlPath } from '../packages/testkit/src/index.ts';
import { identity, repository, startInfrastructure } from './local-run/infrastructure.ts';
import { Flow, StepFailed, type Trigger } from './local-run/steps.ts';
import { bold, dim, green, red } from './local-run/terminal.ts';
import {
  createWorkspace,
  type Environment,
  overlayKustomization,
  overlayPath,
} from './local-run/workspace.ts';

const started = performance.now();
const temp = mkdtempSync(join(tmpdir(), 'local-run-'));

/** buildah confined to a throwaway vfs store with chroot isolation: no daemon, no root setup. */
function buildahEnvironment(): Record<string, string> {
  const dir = join(temp, 'buildah');
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'storage.conf');
  writeFileSync(conf, `[storage]\ndriver = "vfs"\ngraphroot = "${dir}/root"\nrunroot = "${dir}/run"\n`);
  return { CONTAINERS_STORAGE_CONF: conf, BUILDAH_ISOLATION: 'chroot' };
}

function section(title: string, story?: string): void {
  console.log(`\n${bold(title)}\n${'═'.repeat(title.length)}`);
  if (story) console.log(dim(story));
}

console.log(bold('digestflow local run: build once, promote by digest, lock, deploy with rollback'));
console.log(dim('starting the registries and the cluster…'));
const kubectl = await kubectlPath();
const infra = await startInfrastructure((line) => console.log(`  ${line}`), kubectl);
let exitCode = 1;
let flow: Flow | undefined;
try {
  const devImage = `${infra.devRegistry.host}/team/example-app`;
  const acrImage = `${infra.acr.host}/team/example-app`;
  const newImage = `${infra.newRegistry.host}/team/example-app`;
  const workspace = createWorkspace(join(temp, 'repository'), {
    dev: devImage,
    staging: acrImage,
    production: acrImage,
  });
  flow = new Flow(workspace.dir, {
    // deploy-manifest renders kustomizations with kubectl, as on a GitHub runner.
    PATH: `${dirname(kubectl)}:${process.env.PATH ?? ''}`,
    NODE_EXTRA_CA_CERTS: infra.acr.caFile,
    ...buildahEnvironment(),
  });
  const main = (sha: string): Trigger => ({ ref: 'refs/heads/main', sha });
  const staging = (sha: string): Trigger => ({ ref: 'refs/heads/staging', sha });
  const tag = (sha: string, version: string): Trigger => ({ ref: `refs/tags/${version}`, sha });
  const deploy = (environment: Environment, images: string) => ({
    kustomize: overlayPath(environment),
    images,
    kubeconfig: infra.cluster.kubeconfig,
    timeout: '2m',
  });
  // Asynchronous: the simulator answers from this very process.
  const runningImage = async (namespace: string) => {
    const { stdout } = await promisify(execFile)(
      kubectl,
      [
        '--kubeconfig',
        infra.cluster.kubeconfigPath,
        '-n',
        namespace,
        'get',
        'deployment',
        'example-app',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}',
      ],
      { encoding: 'utf8' },
    );
    return stdout.trim();
  };
  /** The release job signs in to the ACR with its GitHub OIDC token: no stored secret. */
  const releaseOidc = (version: string) => {
    const subject = `repo:${repository}:ref:refs/tags/${version}`;
    infra.acr.addFederatedCredential({
      clientId: identity.releaseClientId,
      tenantId: identity.tenantId,
      subject,
      objectId: identity.releaseObjectId,
    });
    const token = infra.acr.githubOidc(subject);
    return {
      inputs: {
        acr: 'true',
        'azure-client-id': identity.releaseClientId,
        'azure-tenant-id': identity.tenantId,
        'azure-authority-host': infra.acr.url,
      },
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: token.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: token.requestToken,
      },
    };
  };

  const v1 = workspace.commit('example app 1.0.0', {});

  section(
    `push to main (${v1.slice(0, 7)})`,
    'The only build: buildah builds the example app and pushes dev-<sha7> to the dev registry.',
  );
  const build = await flow.step('build on main', 'build-image', {
    trigger: main(v1),
    inputs: { image: devImage, builder: 'buildah', file: 'Containerfile.scratch' },
  });
  await flow.step('deploy dev', 'deploy-manifest', {
    trigger: main(v1),
    inputs: deploy('dev', build.outputs['image-ref']!),
  });

  section(
    'push to staging (the same commit)',
    'No rebuild: the dev image of this commit is copied by digest into the ACR as staging-<sha7>.',
  );
  const staged = await flow.step('promote dev -> staging', 'promote-image', {
    trigger: staging(v1),
    inputs: { image: devImage, from: 'dev', to: 'staging', 'target-image': acrImage },
    env: infra.acrLoginEnv,
  });
  flow.check(
    'no rebuild',
    staged.outputs.digest === build.outputs.digest,
    `staging runs ${staged.outputs.digest}`,
  );
  await flow.step('deploy staging', 'deploy-manifest', {
    trigger: staging(v1),
    inputs: deploy('staging', staged.outputs['image-ref']!),
  });

  section(
    'tag v1.0.0',
    'The staging image of the tagged commit becomes 1.0.0 and is locked. The release job signs in to the ACR with its GitHub OIDC token, federated to an Entra app: no stored secret.',
  );
  const releaseAuth = releaseOidc('v1.0.0');
  const released = await flow.step('release 1.0.0', 'promote-image', {
    trigger: tag(v1, 'v1.0.0'),
    inputs: { image: acrImage, from: 'staging', to: 'release', ...releaseAuth.inputs },
    env: releaseAuth.env,
  });
  await flow.step('lock 1.0.0', 'lock-image', {
    trigger: tag(v1, 'v1.0.0'),
    inputs: { image: acrImage, ...releaseAuth.inputs },
    env: releaseAuth.env,
  });
  await flow.step('deploy production', 'deploy-manifest', {
    trigger: tag(v1, 'v1.0.0'),
    inputs: deploy('production', released.outputs['image-ref']!),
  });
  const production = released.outputs['image-ref']!;
  flow.check(
    'production runs the release',
    (await runningImage('example-production')) === production,
    production,
  );

  // The next release moves production to a new registry; nobody gives the cluster access to it.
  const v2 = workspace.commit('production images from the new registry', {
    [`${overlayPath('production')}/kustomization.yaml`]: overlayKustomization('production', newImage),
  });
  section(
    `tag v1.1.0 (${v2.slice(0, 7)}): released where the cluster cannot pull`,
    'This commit moves production to a new registry, but nobody gave the cluster access to it. The lock on 1.0.0 holds; the deploy must explain why pods cannot pull and put 1.0.0 back.',
  );
  const build2 = await flow.step('build on main', 'build-image', {
    trigger: main(v2),
    inputs: { image: devImage, builder: 'buildah', file: 'Containerfile.scratch' },
  });
  await flow.step('promote dev -> staging', 'promote-image', {
    trigger: staging(v2),
    inputs: { image: devImage, from: 'dev', to: 'staging', 'target-image': acrImage },
    env: infra.acrLoginEnv,
  });
  await flow.step('lock holds: 1.0.0 cannot be moved to the new build', 'promote-image', {
    trigger: tag(v2, 'v1.0.0'),
    inputs: {
      image: acrImage,
      from: 'staging',
      to: 'release',
      version: '1.0.0',
      'allow-overwrite': 'true',
      ...releaseAuth.inputs,
    },
    env: releaseAuth.env,
    expectFailure: true,
  });
  const badRelease = await flow.step('release 1.1.0 into the new registry', 'promote-image', {
    trigger: tag(v2, 'v1.1.0'),
    inputs: {
      image: acrImage,
      from: 'staging',
      to: 'release',
      'target-image': newImage,
      'target-registry-username': infra.newRegistry.username!,
      'target-registry-password': infra.newRegistry.password!,
    },
    env: infra.acrLoginEnv,
  });
  flow.check(
    'same bytes as built',
    badRelease.outputs.digest === build2.outputs.digest,
    badRelease.outputs.digest!,
  );
  const failed = await flow.step('deploy production (image cannot be pulled)', 'deploy-manifest', {
    trigger: tag(v2, 'v1.1.0'),
    inputs: { ...deploy('production', badRelease.outputs['image-ref']!), timeout: '20s' },
    expectFailure: true,
  });
  flow.check('rolled back', failed.outputs.status === 'rolled-back', `status ${failed.outputs.status}`);
  const afterRollback = await runningImage('example-production');
  flow.check('production still runs 1.0.0', afterRollback === production, afterRollback);
  exitCode = 0;
} catch (error) {
  if (!(error instanceof StepFailed)) throw error;
  console.log(`\n${red(error.message)}`);
} finally {
  if (flow) {
    section('recap');
    console.log(flow.recap());
  }
  await infra.stop();
  rmSync(temp, { recursive: true, force: true });
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  exitCode === 0
    ? green(`\nthe flow behaved as expected (${seconds} s)`)
    : red(`\nthe flow did not behave as expected (${seconds} s)`),
);
process.exit(exitCode);
