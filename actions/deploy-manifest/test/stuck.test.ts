import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../src/objects.ts';
import { newRevisionMatcher, stuckContainer, stuckMessage } from '../src/stuck.ts';

const waiting = (name: string, reason: string) => ({ name, ready: false, state: { waiting: { reason } } });
const running = (name: string) => ({ name, ready: true, state: { running: {} } });
const pod = (
  name: string,
  labels: Record<string, string>,
  status: { containerStatuses?: object[]; initContainerStatuses?: object[] },
  extra: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels, ...extra },
  status: { phase: 'Pending', ...status },
});
const all = () => true;

describe('stuckContainer', () => {
  const cases: Array<[string, KubeObject, string | undefined]> = [
    [
      'image pull back-off',
      pod('p', {}, { containerStatuses: [waiting('app', 'ImagePullBackOff')] }),
      'app: ImagePullBackOff',
    ],
    [
      'crash loop',
      pod('p', {}, { containerStatuses: [running('side'), waiting('app', 'CrashLoopBackOff')] }),
      'app: CrashLoopBackOff',
    ],
    [
      'invalid image name',
      pod('p', {}, { containerStatuses: [waiting('app', 'InvalidImageName')] }),
      'app: InvalidImageName',
    ],
    [
      'never pull',
      pod('p', {}, { containerStatuses: [waiting('app', 'ErrImageNeverPull')] }),
      'app: ErrImageNeverPull',
    ],
    [
      'config error',
      pod('p', {}, { containerStatuses: [waiting('app', 'CreateContainerConfigError')] }),
      'app: CreateContainerConfigError',
    ],
    [
      'create error',
      pod('p', {}, { containerStatuses: [waiting('app', 'CreateContainerError')] }),
      'app: CreateContainerError',
    ],
    [
      'an init container first',
      pod(
        'p',
        {},
        {
          initContainerStatuses: [waiting('init', 'CrashLoopBackOff')],
          containerStatuses: [waiting('app', 'PodInitializing')],
        },
      ),
      'init: CrashLoopBackOff',
    ],
    [
      'ErrImagePull is only the first attempt',
      pod('p', {}, { containerStatuses: [waiting('app', 'ErrImagePull')] }),
      undefined,
    ],
    ['creating', pod('p', {}, { containerStatuses: [waiting('app', 'ContainerCreating')] }), undefined],
    ['running', pod('p', {}, { containerStatuses: [running('app')] }), undefined],
    ['no status yet', pod('p', {}, {}), undefined],
    [
      'being deleted',
      pod(
        'p',
        {},
        { containerStatuses: [waiting('app', 'ImagePullBackOff')] },
        { deletionTimestamp: '2026-01-01T00:00:00Z' },
      ),
      undefined,
    ],
  ];
  for (const [title, object, expected] of cases) {
    it(title, () => {
      const stuck = stuckContainer(object, all);
      assert.equal(stuck && `${stuck.container}: ${stuck.reason}`, expected);
    });
  }

  it('ignores a stuck pod of another revision', () => {
    const old = pod(
      'web-old-1',
      { 'pod-template-hash': 'old' },
      { containerStatuses: [waiting('app', 'CrashLoopBackOff')] },
    );
    assert.equal(
      stuckContainer(old, (p) => p.metadata.labels?.['pod-template-hash'] === 'new'),
      undefined,
    );
  });

  it('names workload, pod, container and reason', () => {
    assert.equal(
      stuckMessage('Deployment shop/web', {
        pod: 'web-7d9c-x2k',
        container: 'app',
        reason: 'ImagePullBackOff',
      }),
      'Deployment shop/web: pod web-7d9c-x2k (new revision) container app: ImagePullBackOff',
    );
  });
});

describe('newRevisionMatcher', () => {
  const template = (image: string) => ({
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image }] },
  });
  const deployment = (image: string, revision: string, observed: boolean): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'd-uid',
      generation: 3,
      annotations: { 'deployment.kubernetes.io/revision': revision },
    },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template(image) },
    status: { observedGeneration: observed ? 3 : 2 },
  });
  const replicaSet = (hash: string, image: string, revision: string, owner = 'd-uid'): KubeObject => {
    const t = template(image);
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `web-${hash}`,
        labels: { app: 'web', 'pod-template-hash': hash },
        annotations: { 'deployment.kubernetes.io/revision': revision },
        ownerReferences: [{ uid: owner, controller: true }],
      },
      spec: { template: { ...t, metadata: { labels: { ...t.metadata.labels, 'pod-template-hash': hash } } } },
    };
  };
  const byHash = (hash: string) => pod(`web-${hash}-x`, { app: 'web', 'pod-template-hash': hash }, {});
  const byRevision = (hash: string) => pod(`db-x`, { app: 'db', 'controller-revision-hash': hash }, {});
  const byGeneration = (generation: string) => pod('agent-x', { 'pod-template-generation': generation }, {});
  const sets = [replicaSet('aaa', 'app:v1', '1'), replicaSet('bbb', 'app:v2', '2')];
  const statefulSet = (observedGeneration: number): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', generation: 2 },
    status: { observedGeneration, updateRevision: 'db-new', currentRevision: 'db-old' },
  });

  const cases: Array<[string, KubeObject, KubeObject[], KubeObject, boolean]> = [
    ['deployment: the RS with its template', deployment('app:v2', '1', false), sets, byHash('bbb'), true],
    ['deployment: not the old RS', deployment('app:v2', '1', false), sets, byHash('aaa'), false],
    [
      'deployment: the RS of its observed revision',
      deployment('app:v3', '2', true),
      sets,
      byHash('bbb'),
      true,
    ],
    [
      'deployment: a stale revision annotation decides nothing',
      deployment('app:v3', '1', false),
      sets,
      byHash('aaa'),
      false,
    ],
    ['deployment: new RS not made yet', deployment('app:v3', '2', false), sets, byHash('bbb'), false],
    [
      "deployment: another deployment's RS",
      deployment('app:v2', '1', false),
      [replicaSet('bbb', 'app:v2', '2', 'other')],
      byHash('bbb'),
      false,
    ],
    ['statefulset: update revision', statefulSet(2), [], byRevision('db-new'), true],
    ['statefulset: current revision', statefulSet(2), [], byRevision('db-old'), false],
    ['statefulset: not observed yet', statefulSet(1), [], byRevision('db-new'), false],
    [
      'daemonset: pods of its generation',
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', generation: 4 } },
      [],
      byGeneration('4'),
      true,
    ],
    [
      'daemonset: pods of an older generation',
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', generation: 4 } },
      [],
      byGeneration('3'),
      false,
    ],
    [
      'job: all its pods',
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' } },
      [],
      byHash('x'),
      true,
    ],
    [
      'pod: itself',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-aaa-x' } },
      [],
      byHash('aaa'),
      true,
    ],
    [
      'pod: not another',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'other' } },
      [],
      byHash('aaa'),
      false,
    ],
  ];
  for (const [title, workload, replicaSets, candidate, expected] of cases) {
    it(title, () => {
      const isNew = newRevisionMatcher(workload, replicaSets) ?? (() => false);
      assert.equal(isNew(candidate), expected);
    });
  }
});
