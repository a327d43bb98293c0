import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deployment, type Fixture, type Loose, namespace, startFixture } from './fixture.ts';

// Pod behaviour is steered by pod-template annotations the simulator reads.
const CRASH = 'sim.digestflow.dev/crash';
const LOGS = 'sim.digestflow.dev/logs';
const READY_DELAY = 'sim.digestflow.dev/ready-delay-ms';
const UNREADY = 'sim.digestflow.dev/unready';

let f: Fixture;
before(async () => {
  f = await startFixture();
});
after(async () => {
  await f?.stop();
});

/** What a person sees in the log: everything but the mask commands. */
const printed = (run: { stdout: string; stderr: string }) =>
  `${run.stdout.replace(/^::add-mask::.*$/gm, '')}${run.stderr}`;
const imageOf = (object: Loose) => object.spec.template.spec.containers[0].image;

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('deploy-manifest against the simulator', () => {
  it('deploys with the image pinned by digest, annotated, and waits for the rollout', async () => {
    const run = await f.deploy(
      {
        'k8s/app.yaml': `${namespace('ok')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg }\ndata: { a: "1" }\n---\n${deployment('web', `${f.repository}:latest`)}`,
        'k8s/svc.yaml':
          'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80 }]\n',
      },
      { manifests: 'k8s', images: f.v1, namespace: 'ok' },
      { env: { GITHUB_SHA: 'c0ffee', GITHUB_REF: 'refs/tags/v1.2.3' } },
    );
    assert.equal(run.exitCode, 0, run.stdout);
    assert.equal(run.outputs.status, 'deployed');
    const resources = JSON.parse(run.outputs.resources!);
    assert.deepEqual(
      resources.map((r: Loose) => `${r.kind}/${r.name}:${r.change}:${r.outcome}`),
      [
        'Namespace/ok:created:applied',
        'ConfigMap/cfg:created:applied',
        'Deployment/web:created:ready',
        'Service/web:created:applied',
      ],
    );
    assert.match(run.outputs['rollout-seconds']!, /^\d+\.\d$/);
    const web = await f.get('deployment', 'web', 'ok');
    assert.equal(imageOf(web), f.v1);
    assert.equal(web.metadata.annotations['digestflow.dev/commit'], 'c0ffee');
    assert.equal(web.metadata.annotations['digestflow.dev/version'], '1.2.3');
    assert.equal(web.spec.template.metadata.annotations?.['digestflow.dev/commit'], undefined);
    assert.equal(
      web.metadata.managedFields.some(
        (m: Loose) => m.manager === 'deploy-manifest' && m.operation === 'Apply',
      ),
      true,
    );
    assert.match(run.summary, /\| Deployment \| ok \| web \| created \| ready \|/);
    // The kubeconfig's credentials are masked and never printed.
    assert.ok(run.masks.includes(f.cluster.token));
    assert.ok(!printed(run).includes(f.cluster.token));
  });

  it('fails fast on an image that is not in the registry, explains it and rolls back to the previous digest', async () => {
    const files = {
      'app.yaml': `${namespace('pull')}---\n${deployment('web', `${f.repository}:v1`, { replicas: 2 })}`,
    };
    const first = await f.deploy(files, { manifests: 'app.yaml', images: f.v1, namespace: 'pull' });
    assert.equal(first.outputs.status, 'deployed', first.stdout);
    const run = await f.deploy(files, {
      manifests: 'app.yaml',
      images: f.missing,
      namespace: 'pull',
      timeout: '60s',
    });
    assert.equal(run.exitCode, 1);
    assert.equal(run.outputs.status, 'rolled-back', run.stdout);
    // No progressDeadlineSeconds: only the stuck pod of the new revision can end the wait this early.
    assert.ok(run.durationMs < 10_000, `took ${run.durationMs} ms`);
    assert.match(
      run.errors.at(-1)!,
      /rollout failed \(Deployment pull\/web: pod web-[a-z0-9]+-[a-z0-9]+ \(new revision\) container app: ImagePullBackOff\); rolled back to the state before the deploy/,
    );
    assert.match(run.summary, /Why the rollout failed[\s\S]*(ImagePullBackOff|ErrImagePull)/);
    const web = await f.get('deployment', 'web', 'pull');
    assert.equal(imageOf(web), f.v1);
    assert.equal(web.status.updatedReplicas, 2);
    assert.equal(web.status.availableReplicas, 2);
    // The rollback leaves ownership as the deploy found it: the next deploy meets no conflict.
    const next = await f.deploy(files, { manifests: 'app.yaml', images: f.v2, namespace: 'pull' });
    assert.equal(next.outputs.status, 'deployed', next.stdout);
    assert.equal(imageOf(await f.get('deployment', 'web', 'pull')), f.v2);
  });

  it('with fail-fast false, waits for a pod stuck pulling its image until the timeout, as kubectl does', async () => {
    const files = { 'app.yaml': `${namespace('patient')}---\n${deployment('web', f.repository)}` };
    const first = await f.deploy(files, { manifests: 'app.yaml', images: f.v1, namespace: 'patient' });
    assert.equal(first.outputs.status, 'deployed', first.stdout);
    const run = await f.deploy(files, {
      manifests: 'app.yaml',
      images: f.missing,
      namespace: 'patient',
      timeout: '3s',
      'fail-fast': false,
    });
    assert.equal(run.outputs.status, 'rolled-back', run.stdout);
    assert.match(
      run.errors.at(-1)!,
      /rollout failed .*timed out after 3s.*rolled back to the state before the deploy/,
    );
    assert.doesNotMatch(run.errors.at(-1)!, /new revision/);
    assert.match(run.summary, /ImagePullBackOff|ErrImagePull/);
    assert.equal(imageOf(await f.get('deployment', 'web', 'patient')), f.v1);
  });

  it('does not fail a good rollout for a stuck pod of the old revision', async () => {
    // The old revision cannot pull its image; the deploy that fixes it must not be failed by it.
    const stuck = { 'app.yaml': `${namespace('old')}---\n${deployment('web', f.repository)}` };
    const first = await f.deploy(stuck, {
      manifests: 'app.yaml',
      images: f.missing,
      namespace: 'old',
      wait: false,
    });
    assert.equal(first.outputs.status, 'deployed', first.stdout);
    await waitFor(async () => (await f.kubectl('get', 'pods', '-n', 'old')).includes('ImagePullBackOff'));
    // The new pods take a while to become ready: the old pod keeps backing off meanwhile.
    const good = {
      'app.yaml': `${namespace('old')}---\n${deployment('web', f.repository, { podAnnotations: { [READY_DELAY]: '3000' } })}`,
    };
    const run = await f.deploy(good, {
      manifests: 'app.yaml',
      images: f.v1,
      namespace: 'old',
      timeout: '30s',
    });
    assert.equal(run.outputs.status, 'deployed', run.stdout);
    assert.doesNotMatch(run.stdout, /new revision/);
    assert.equal(imageOf(await f.get('deployment', 'web', 'old')), f.v1);
  });

  it('fails fast on a StatefulSet whose init container cannot pull its image', async () => {
    const sts = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db }\nspec:\n  serviceName: db\n  replicas: 1\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec:\n      initContainers: [{ name: init, image: "${f.missing}" }]\n      containers: [{ name: app, image: "${f.v1}" }]\n`;
    const run = await f.deploy(
      { 'db.yaml': `${namespace('sts')}---\n${sts}` },
      { manifests: 'db.yaml', namespace: 'sts', timeout: '60s' },
    );
    assert.equal(run.outputs.status, 'rolled-back', run.stdout);
    assert.ok(run.durationMs < 10_000, `took ${run.durationMs} ms`);
    assert.match(
      run.errors.at(-1)!,
      /StatefulSet sts\/db: pod db-0 \(new revision\) container init: ImagePullBackOff/,
    );
    await assert.rejects(f.get('statefulset', 'db', 'sts'), /NotFound|not found/, 'created, so deleted');
  });

  it('rolls back a crashing container, showing its exit and last log lines', async () => {
    const ok = {
      'app.yaml': `${namespace('crash')}---\n${deployment('web', f.repository, { env: { FEATURE: 'on' } })}`,
    };
    assert.equal(
      (await f.deploy(ok, { manifests: 'app.yaml', images: f.v1, namespace: 'crash' })).outputs.status,
      'deployed',
    );
    const bad = {
      'app.yaml': `${namespace('crash')}---\n${deployment('web', f.repository, { podAnnotations: { [CRASH]: 'true', [LOGS]: 'starting\\npanic: no DATABASE_URL' } })}`,
    };
    const run = await f.deploy(bad, {
      manifests: 'app.yaml',
      images: f.v2,
      namespace: 'crash',
      timeout: '60s',
    });
    assert.equal(run.outputs.status, 'rolled-back', run.stdout);
    assert.ok(run.durationMs < 10_000, `took ${run.durationMs} ms`);
    assert.match(
      run.errors.at(-1)!,
      /rollout failed \(Deployment crash\/web: pod web-[a-z0-9-]+ \(new revision\) container app: CrashLoopBackOff\)/,
    );
    assert.match(run.summary, /CrashLoopBackOff|exit code [1-9]/);
    assert.match(run.summary, /\| panic: no DATABASE_URL/);
    assert.match(run.stdout, /\| panic: no DATABASE_URL/);
    const web = await f.get('deployment', 'web', 'crash');
    assert.equal(imageOf(web), f.v1);
    assert.equal(web.spec.template.metadata.annotations?.[CRASH], undefined);
    // The bad deploy dropped the env var; the rollback brings it back.
    assert.deepEqual(web.spec.template.spec.containers[0].env, [{ name: 'FEATURE', value: 'on' }]);
  });

  it('fails fast when a Deployment exceeds its progress deadline, well before the timeout', async () => {
    const files = {
      'app.yaml': `${namespace('deadline')}---\n${deployment('web', f.repository, { progressDeadlineSeconds: 1 })}`,
    };
    const run = await f.deploy(files, {
      manifests: 'app.yaml',
      images: f.missing,
      namespace: 'deadline',
      timeout: '2m',
      // Else the stuck pod fails the rollout even sooner.
      'fail-fast': false,
    });
    assert.equal(run.outputs.status, 'rolled-back', run.stdout);
    assert.match(run.errors.at(-1)!, /Deployment deadline\/web exceeded its progress deadline/);
    assert.ok(Number(run.outputs['rollout-seconds']) < 30, run.outputs['rollout-seconds']);
    await assert.rejects(f.get('deployment', 'web', 'deadline'), /NotFound|not found/, 'created, so deleted');
  });

  it('times out, fails without rolling back when told not to, and says where things stand', async () => {
    const files = {
      'app.yaml': `${namespace('slow')}---\n${deployment('web', f.repository, { podAnnotations: { [UNREADY]: 'true' } })}`,
    };
    const run = await f.deploy(files, {
      manifests: 'app.yaml',
      images: f.v1,
      namespace: 'slow',
      timeout: '2s',
      'rollback-on-failure': false,
    });
    assert.equal(run.exitCode, 1);
    assert.equal(run.outputs.status, 'failed');
    assert.match(run.errors.at(-1)!, /timed out after 2s; last seen: Deployment slow\/web/);
    assert.match(run.summary, /container app: running, not ready/);
    assert.match(run.summary, /event Unhealthy on Pod web-[a-z0-9-]+( \(x\d+\))?: Readiness probe failed/);
    assert.equal(imageOf(await f.get('deployment', 'web', 'slow')), f.v1, 'left as applied');
  });

  it('stops waiting promptly on SIGTERM and reports the state', async () => {
    const files = {
      'app.yaml': `${namespace('cancel')}---\n${deployment('web', f.repository, { podAnnotations: { [READY_DELAY]: '60000' } })}`,
    };
    const run = await f.deploy(
      files,
      { manifests: 'app.yaml', images: f.v1, namespace: 'cancel', timeout: '5m' },
      { signal: { name: 'SIGTERM', afterMs: 2500 } },
    );
    assert.equal(run.exitCode, 1);
    assert.equal(run.outputs.status, 'failed');
    assert.match(
      run.errors.at(-1)!,
      /Cancelled \(SIGTERM\) while waiting for the rollout: .*Deployment cancel\/web/,
    );
    assert.ok(run.durationMs < 20_000, `took ${run.durationMs} ms`);
  });

  it('refuses a field conflict before writing anything, and takes the fields over with force-conflicts', async () => {
    const theirs = `${namespace('conflict')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg, namespace: conflict }\ndata: { mode: theirs }\n`;
    const ws = await f.workspace({ 'cm.yaml': theirs });
    await f.kubectl('apply', '--server-side', '--field-manager', 'someone-else', '-f', `${ws}/cm.yaml`);
    const files = {
      'app.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: new }\ndata: { x: "1" }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg }\ndata: { mode: ours }\n`,
    };
    const refused = await f.deploy(files, { manifests: 'app.yaml', namespace: 'conflict' });
    assert.equal(refused.exitCode, 1);
    assert.equal(refused.outputs.status, 'failed');
    assert.match(
      refused.errors[0]!,
      /ConfigMap conflict\/cfg \(app\.yaml \(document 2\)\): field conflict: .*someone-else.*force-conflicts: true/,
    );
    assert.equal((await f.get('configmap', 'cfg', 'conflict')).data.mode, 'theirs');
    await assert.rejects(f.get('configmap', 'new', 'conflict'), /NotFound|not found/, 'nothing was applied');

    const forced = await f.deploy(files, {
      manifests: 'app.yaml',
      namespace: 'conflict',
      'force-conflicts': true,
    });
    assert.equal(forced.outputs.status, 'deployed', forced.stdout);
    assert.equal((await f.get('configmap', 'cfg', 'conflict')).data.mode, 'ours');
  });

  it('undoes what it applied when an object is refused midway (its namespace was new, so no dry run could try it)', async () => {
    const bad = deployment('web', f.repository).replace('labels: { app: web }', 'labels: { app: other }');
    const files = {
      'app.yaml': `${namespace('midway')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg }\ndata: { a: "1" }\n---\n${bad}`,
    };
    const run = await f.deploy(files, { manifests: 'app.yaml', images: f.v1, namespace: 'midway' });
    assert.equal(run.exitCode, 1);
    assert.equal(run.outputs.status, 'rolled-back', run.stdout);
    assert.match(
      run.errors.at(-1)!,
      /Deployment midway\/web \(app\.yaml \(document 3\)\): the API server refused it: .*selector/,
    );
    const outcomes = JSON.parse(run.outputs.resources!).map(
      (r: Loose) => `${r.kind}:${r.change}:${r.outcome}`,
    );
    assert.deepEqual(outcomes, [
      'Namespace:created:deleted',
      'ConfigMap:created:deleted',
      'Deployment:not applied:not applied',
    ]);
    await assert.rejects(f.get('configmap', 'cfg', 'midway'), /NotFound|not found/);
  });

  it('after a refusal within a tier, applies nothing more and undoes every object of it that was applied', async () => {
    // The refused Deployment's namespace is new, so no dry run tried it; the others, in a
    // namespace that exists, pass the dry run and are applied by the same concurrent workers.
    await f.kubectl('create', 'namespace', 'racing');
    const good = Array.from({ length: 24 }, (_, i) =>
      deployment(`web-${i}`, f.repository, { replicas: 0 }).replace(
        `name: web-${i}\n`,
        `name: web-${i}\n  namespace: racing\n`,
      ),
    );
    const bad = deployment('web', f.repository)
      .replace('labels: { app: web }', 'labels: { app: other }')
      .replace('name: web\n', 'name: web\n  namespace: racing-new\n');
    const files = { 'app.yaml': [namespace('racing-new'), bad, ...good].join('---\n') };
    const run = await f.deploy(files, { manifests: 'app.yaml', images: f.v1 });
    assert.equal(run.exitCode, 1);
    assert.match(run.errors.at(-1)!, /Deployment racing-new\/web .*the API server refused it/);
    assert.equal(run.outputs.status, 'rolled-back', run.stdout);
    const left = JSON.parse(await f.kubectl('get', 'deployments', '-n', 'racing', '-o', 'json')).items;
    assert.deepEqual(
      left.map((d: Loose) => d.metadata.name),
      [],
      'every Deployment the run applied is deleted again',
    );
    const resources = JSON.parse(run.outputs.resources!) as Loose[];
    for (const r of resources.filter((r) => r.change !== 'not applied')) {
      assert.equal(r.outcome, 'deleted', `${r.kind} ${r.name}`);
    }
  });

  it('dry-run changes nothing and shows a diff with Secret values redacted', async () => {
    const v1 = `${namespace('dry')}---\napiVersion: v1\nkind: Secret\nmetadata: { name: creds }\nstringData: { password: hunter2-old }\n---\n${deployment('web', f.repository)}`;
    // Into a namespace that does not exist yet: everything shown as created, nothing written.
    const first = await f.deploy(
      { 'a.yaml': v1 },
      { manifests: 'a.yaml', images: f.v1, namespace: 'dry', 'dry-run': true },
    );
    assert.equal(first.exitCode, 0, first.stdout);
    assert.match(first.summary, /<summary>Secret dry\/creds<\/summary>[\s\S]*\+ +password: "\*\*\*"/);
    assert.ok(!first.summary.includes('hunter2'));
    assert.deepEqual(
      JSON.parse(first.outputs.resources!).map((r: Loose) => r.change),
      ['created', 'created', 'created'],
    );
    await assert.rejects(f.get('namespace', 'dry', 'default'), /NotFound|not found/);

    assert.equal(
      (await f.deploy({ 'a.yaml': v1 }, { manifests: 'a.yaml', images: f.v1, namespace: 'dry' })).outputs
        .status,
      'deployed',
    );
    const v2 = v1.replace('hunter2-old', 'hunter2-new');
    const run = await f.deploy(
      { 'a.yaml': v2 },
      { manifests: 'a.yaml', images: f.v2, namespace: 'dry', 'dry-run': true },
    );
    assert.equal(run.exitCode, 0, run.stdout);
    assert.match(run.summary, /What would change/);
    assert.match(
      run.summary,
      /<summary>Deployment dry\/web<\/summary>[\s\S]*- +image: .*@sha256[\s\S]*\+ +image: /,
    );
    assert.match(run.summary, /password: "\*\*\* \(after\)"/);
    for (const secret of ['hunter2', 'aHVudGVyMi', Buffer.from('hunter2-new').toString('base64')]) {
      assert.ok(!run.summary.includes(secret) && !printed(run).includes(secret), `${secret} printed`);
    }
    assert.equal(imageOf(await f.get('deployment', 'web', 'dry')), f.v1);
    assert.equal(
      Buffer.from((await f.get('secret', 'creds', 'dry')).data.password, 'base64').toString(),
      'hunter2-old',
    );
  });

  it('pins images in CronJobs, StatefulSets, DaemonSets and init containers, and waits for them', async () => {
    const template = (containers: string) => `    metadata: { labels: { app: x } }\n    spec:\n${containers}`;
    const containers = (indent: string) =>
      `${indent}initContainers: [{ name: init, image: "${f.repository}:v0" }]\n${indent}containers: [{ name: app, image: "${f.repository}:v0" }]\n`;
    const files = {
      'all.yaml': [
        namespace('kinds'),
        `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db }\nspec:\n  serviceName: db\n  replicas: 2\n  selector: { matchLabels: { app: x } }\n  template:\n${template(containers('      '))}`,
        `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent }\nspec:\n  selector: { matchLabels: { app: x } }\n  template:\n${template(containers('      '))}`,
        `apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: nightly }\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n${containers('          ')}`,
        `apiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate }\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n${containers('      ')}`,
      ].join('---\n'),
    };
    const run = await f.deploy(files, {
      manifests: 'all.yaml',
      images: f.v1,
      namespace: 'kinds',
      timeout: '30s',
    });
    assert.equal(run.outputs.status, 'deployed', run.stdout);
    const sts = await f.get('statefulset', 'db', 'kinds');
    const ds = await f.get('daemonset', 'agent', 'kinds');
    const cron = await f.get('cronjob', 'nightly', 'kinds');
    const job = await f.get('job', 'migrate', 'kinds');
    for (const spec of [
      sts.spec.template.spec,
      ds.spec.template.spec,
      cron.spec.jobTemplate.spec.template.spec,
      job.spec.template.spec,
    ]) {
      assert.equal(spec.initContainers[0].image, f.v1);
      assert.equal(spec.containers[0].image, f.v1);
    }
    const outcomes = JSON.parse(run.outputs.resources!).map((r: Loose) => `${r.kind}:${r.outcome}`);
    assert.deepEqual(outcomes, [
      'Namespace:applied',
      'StatefulSet:ready',
      'DaemonSet:ready',
      'CronJob:ready',
      'Job:ready',
    ]);
  });

  it('names file and document of invalid YAML and of a kind the cluster does not serve, before applying', async () => {
    const invalid = await f.deploy(
      { 'k8s/a.yaml': `${namespace('bad')}---\nkind: [\n` },
      { manifests: 'k8s' },
    );
    assert.equal(invalid.exitCode, 1);
    assert.match(invalid.errors[0]!, /^k8s\/a\.yaml \(document 2\): invalid YAML/);
    const unknown = await f.deploy(
      {
        'k8s/a.yaml': `${namespace('bad')}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n`,
      },
      { manifests: 'k8s' },
    );
    assert.equal(unknown.exitCode, 1);
    assert.match(
      unknown.errors[0]!,
      /^k8s\/a\.yaml \(document 2\): the cluster does not serve kind 'Widget' in apiVersion 'example\.com\/v1'/,
    );
    await assert.rejects(f.get('namespace', 'bad', 'default'), /NotFound|not found/);
  });

  it('refuses an images entry that matches no container', async () => {
    const run = await f.deploy(
      { 'a.yaml': `${namespace('typo')}---\n${deployment('web', f.repository)}` },
      { manifests: 'a.yaml', images: `${f.registry.host}/team/ap@${f.v1.split('@')[1]}` },
    );
    assert.equal(run.exitCode, 1);
    assert.match(run.errors[0]!, /^Input 'images': '.*team\/ap@sha256:[0-9a-f]+' matches no container image/);
    await assert.rejects(f.get('namespace', 'typo', 'default'), /NotFound|not found/);
  });

  it("renders a kustomization with the runner's kubectl", async () => {
    const run = await f.deploy(
      {
        'overlay/kustomization.yaml':
          'namespace: kust\nresources: [ns.yaml, app.yaml]\ncommonLabels: { team: shop }\n',
        'overlay/ns.yaml': namespace('kust'),
        'overlay/app.yaml': deployment('web', f.repository),
      },
      { kustomize: 'overlay', images: f.v1 },
    );
    assert.equal(run.outputs.status, 'deployed', run.stdout);
    const web = await f.get('deployment', 'web', 'kust');
    assert.equal(web.metadata.labels.team, 'shop');
    assert.equal(imageOf(web), f.v1);
  });
});
