import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../src/objects.ts';
import { rolloutStatus } from '../src/rollout.ts';

const meta = { name: 'web', namespace: 'shop', generation: 2 };
const deployment = (spec: object, status: object): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta,
  spec,
  status,
});

describe('rolloutStatus', () => {
  const cases: Array<[string, KubeObject, 'done' | 'progressing' | 'failed', RegExp]> = [
    [
      'deployment: generation not observed',
      deployment({ replicas: 2 }, { observedGeneration: 1 }),
      'progressing',
      /spec update to be observed/,
    ],
    [
      'deployment: progress deadline exceeded',
      deployment(
        { replicas: 2 },
        {
          observedGeneration: 2,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "web-1" has timed out progressing.',
            },
          ],
        },
      ),
      'failed',
      /exceeded its progress deadline: ReplicaSet "web-1" has timed out/,
    ],
    [
      'deployment: not all updated',
      deployment({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 1, replicas: 3 }),
      'progressing',
      /1 out of 3 new replicas have been updated/,
    ],
    [
      'deployment: old pending termination',
      deployment({ replicas: 2 }, { observedGeneration: 2, updatedReplicas: 2, replicas: 3 }),
      'progressing',
      /1 old replicas are pending termination/,
    ],
    [
      'deployment: updated not available',
      deployment(
        { replicas: 2 },
        { observedGeneration: 2, updatedReplicas: 2, replicas: 2, availableReplicas: 1 },
      ),
      'progressing',
      /1 of 2 updated replicas are available/,
    ],
    [
      'deployment: done',
      deployment(
        { replicas: 2 },
        { observedGeneration: 2, updatedReplicas: 2, replicas: 2, availableReplicas: 2 },
      ),
      'done',
      /successfully rolled out/,
    ],
    [
      'deployment: scaled to zero',
      deployment({ replicas: 0 }, { observedGeneration: 2 }),
      'done',
      /successfully rolled out/,
    ],
    [
      'statefulset: not ready',
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: meta,
        spec: { replicas: 3 },
        status: { observedGeneration: 2, readyReplicas: 1 },
      },
      'progressing',
      /waiting for 2 pods to be ready/,
    ],
    [
      'statefulset: revisions differ',
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: meta,
        spec: { replicas: 1 },
        status: {
          observedGeneration: 2,
          readyReplicas: 1,
          updateRevision: 'b',
          currentRevision: 'a',
          updatedReplicas: 1,
        },
      },
      'progressing',
      /rolling update to complete: 1 pods at revision b/,
    ],
    [
      'statefulset: partition done',
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: meta,
        spec: { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } },
        status: { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 1 },
      },
      'done',
      /partitioned roll out complete: 1 new pods/,
    ],
    [
      'statefulset: done',
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: meta,
        spec: { replicas: 1 },
        status: {
          observedGeneration: 2,
          readyReplicas: 1,
          updateRevision: 'b',
          currentRevision: 'b',
          currentReplicas: 1,
        },
      },
      'done',
      /rolling update complete: 1 pods at revision b/,
    ],
    [
      'statefulset: OnDelete has no rollout',
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: meta,
        spec: { updateStrategy: { type: 'OnDelete' } },
        status: {},
      },
      'done',
      /OnDelete strategy/,
    ],
    [
      'daemonset: not all scheduled updated',
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: meta,
        spec: {},
        status: { observedGeneration: 2, desiredNumberScheduled: 3, updatedNumberScheduled: 1 },
      },
      'progressing',
      /1 out of 3 new pods have been updated/,
    ],
    [
      'daemonset: not available',
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: meta,
        spec: {},
        status: {
          observedGeneration: 2,
          desiredNumberScheduled: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 2,
        },
      },
      'progressing',
      /2 of 3 updated pods are available/,
    ],
    [
      'daemonset: done',
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: meta,
        spec: {},
        status: {
          observedGeneration: 2,
          desiredNumberScheduled: 1,
          updatedNumberScheduled: 1,
          numberAvailable: 1,
        },
      },
      'done',
      /successfully rolled out/,
    ],
    [
      'job: running',
      { apiVersion: 'batch/v1', kind: 'Job', metadata: meta, status: { active: 1 } },
      'progressing',
      /0 succeeded, 1 active/,
    ],
    [
      'job: complete',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta,
        status: { conditions: [{ type: 'Complete', status: 'True' }] },
      },
      'done',
      /completed/,
    ],
    [
      'job: failed',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta,
        status: {
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        },
      },
      'failed',
      /failed: BackoffLimitExceeded: Job has reached/,
    ],
    [
      'pod: ready',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: meta,
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      },
      'done',
      /is ready/,
    ],
    [
      'pod: failed',
      { apiVersion: 'v1', kind: 'Pod', metadata: meta, status: { phase: 'Failed' } },
      'failed',
      /failed/,
    ],
    [
      'cronjob: nothing to wait for',
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta },
      'done',
      /applied/,
    ],
  ];
  for (const [name, object, state, message] of cases) {
    it(name, () => {
      const status = rolloutStatus(object);
      assert.equal(status.state, state, status.message);
      assert.match(status.message, message);
    });
  }
});
