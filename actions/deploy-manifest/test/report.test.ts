import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffObjects, unifiedLines } from '../src/diff.ts';
import { containerState, formatDiagnosis, selectorQuery } from '../src/explain.ts';
import type { KubeObject } from '../src/objects.ts';
import { restoreConfiguration } from '../src/rollback.ts';
import { renderSummary } from '../src/summary.ts';

const secret = (data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', namespace: 'shop', resourceVersion: '7', managedFields: [{ manager: 'x' }] },
  data,
});

describe('diffObjects', () => {
  it('shows changed lines with context, without server bookkeeping', () => {
    const before: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', resourceVersion: '1' },
      data: { a: '1', b: '2' },
    };
    const after: KubeObject = {
      ...before,
      metadata: { name: 'c', resourceVersion: '2' },
      data: { a: '1', b: '3' },
    };
    const diff = diffObjects(before, after);
    assert.match(diff, /^- {3}b: "2"$/m);
    assert.match(diff, /^\+ {3}b: "3"$/m);
    assert.doesNotMatch(diff, /resourceVersion/);
    assert.equal(diffObjects(before, { ...before, metadata: { name: 'c', resourceVersion: '9' } }), '');
  });

  it('never shows Secret values, only which key changed', () => {
    const diff = diffObjects(
      secret({ user: 'YWRtaW4=', password: 'b2xk' }),
      secret({ user: 'YWRtaW4=', password: 'bmV3', token: 'dG9r' }),
    );
    assert.doesNotMatch(diff, /YWRtaW4|b2xk|bmV3|dG9r/);
    assert.match(diff, /^- {3}password: "\*\*\* \(before\)"$/m);
    assert.match(diff, /^\+ {3}password: "\*\*\* \(after\)"$/m);
    assert.match(diff, /^\+ {3}token: "\*\*\*"$/m);
  });

  it('shows a created object as all added', () => {
    assert.ok(
      diffObjects(undefined, secret({ k: 'c2VjcmV0' }))
        .split('\n')
        .every((line) => line.startsWith('+')),
    );
  });

  it('elides unchanged stretches', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7', '8'];
    assert.deepEqual(unifiedLines(a, ['1', '2', '3', '4', 'x', '6', '7', '8'], 1), [
      '  …',
      '  4',
      '- 5',
      '+ x',
      '  6',
      '  …',
    ]);
  });
});

describe('explanations', () => {
  it('describes container states', () => {
    assert.equal(
      containerState({
        state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "r/app"' } },
      }),
      'waiting: ImagePullBackOff: Back-off pulling image "r/app"',
    );
    assert.equal(
      containerState({
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { reason: 'Error', exitCode: 3 } },
        restartCount: 4,
      }),
      'waiting: CrashLoopBackOff; last terminated: Error, exit code 3; 4 restarts',
    );
  });

  it('turns a selector into a query', () => {
    assert.equal(
      selectorQuery({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'x', operator: 'DoesNotExist' },
        ],
      }),
      'app=web,tier in (a,b),!x',
    );
  });

  it('formats conditions, pods, events and logs', () => {
    const text = formatDiagnosis({
      object: 'Deployment shop/web',
      message: 'timed out after 5s',
      conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }],
      pods: [
        {
          name: 'web-1',
          phase: 'Running',
          containers: [{ name: 'app', state: 'waiting: CrashLoopBackOff' }],
        },
      ],
      events: [
        { object: 'Pod web-1', reason: 'BackOff', message: 'Back-off restarting failed container', count: 3 },
      ],
      logs: [{ pod: 'web-1', container: 'app', lines: ['panic: no config'] }],
    });
    assert.equal(
      text,
      [
        'Deployment shop/web: timed out after 5s',
        '  condition Available=False (MinimumReplicasUnavailable)',
        '  pod web-1 (Running), not ready:',
        '    container app: waiting: CrashLoopBackOff',
        '  event BackOff on Pod web-1 (x3): Back-off restarting failed container',
        '  last log lines of web-1/app:',
        '    | panic: no config',
      ].join('\n'),
    );
  });

  it('names the object once when the rollout message already starts with it', () => {
    const text = formatDiagnosis({
      object: 'Deployment shop/web',
      message: 'Deployment shop/web: pod web-2 (new revision) container app: ImagePullBackOff',
      conditions: [],
      pods: [],
      events: [],
      logs: [],
    });
    assert.equal(text, 'Deployment shop/web: pod web-2 (new revision) container app: ImagePullBackOff');
  });
});

describe('rollback', () => {
  it('applies back the old values of the fields the deploy set, and drops the fields it added', () => {
    const before: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        resourceVersion: '5',
        annotations: { 'deployment.kubernetes.io/revision': '1', 'digestflow.dev/commit': 'old' },
        managedFields: [],
      },
      spec: {
        replicas: 3,
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'app', image: 'r/app@sha256:old', imagePullPolicy: 'IfNotPresent', args: ['a', 'b'] },
              { name: 'injected', image: 'mesh/proxy' },
            ],
          },
        },
      },
      status: { replicas: 3 },
    };
    const applied: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        annotations: { 'digestflow.dev/commit': 'new', 'digestflow.dev/images': 'x' },
      },
      spec: {
        template: {
          metadata: { labels: { app: 'web' }, annotations: { restarted: 'now' } },
          spec: {
            containers: [
              { name: 'app', image: 'r/app@sha256:new', args: ['c'] },
              { name: 'added', image: 'new/sidecar' },
            ],
          },
        },
      },
    };
    assert.deepEqual(restoreConfiguration(applied, before, 'deploy-manifest'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', annotations: { 'digestflow.dev/commit': 'old' } },
      spec: {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'app', image: 'r/app@sha256:old', args: ['a', 'b'] }] },
        },
      },
    });
  });
});

describe('rollback of fields a previous deploy applied and this one dropped', () => {
  it("brings them back from the field manager's field set", () => {
    const fieldsV1 = {
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"app"}': {
                '.': {},
                'f:name': {},
                'f:image': {},
                'f:env': { 'k:{"name":"FOO"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
              },
            },
          },
        },
      },
    };
    const before: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        managedFields: [
          { manager: 'deploy-manifest', operation: 'Apply', fieldsV1 },
          { manager: 'injector', operation: 'Update', fieldsV1: {} },
        ],
      },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'old',
                env: [
                  { name: 'FOO', value: '1' },
                  { name: 'INJECTED', value: 'x' },
                ],
              },
            ],
          },
        },
      },
    };
    const applied: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers: [{ name: 'app', image: 'new' }] } } },
    };
    assert.deepEqual(restoreConfiguration(applied, before, 'deploy-manifest').spec, {
      template: { spec: { containers: [{ name: 'app', image: 'old', env: [{ name: 'FOO', value: '1' }] }] } },
    });
    assert.deepEqual(restoreConfiguration(applied, before, 'someone-else').spec, {
      template: { spec: { containers: [{ name: 'app', image: 'old' }] } },
    });
  });
});

describe('renderSummary', () => {
  it('has a table row per resource, escaping pipes', () => {
    const md = renderSummary({
      status: 'rolled-back',
      dryRun: false,
      headline: 'The rollout failed.',
      resources: [
        {
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
          change: 'configured',
          outcome: 'failed, rolled back',
          message: 'a|b',
        },
      ],
      pinned: [],
      probeWarnings: [],
      explanations: ['Deployment shop/web: x'],
      rollback: [{ label: 'Deployment shop/web', action: 'restored' }],
      diffs: [],
    });
    assert.match(md, /^\| Deployment \| shop \| web \| configured \| failed, rolled back: a\\\|b \|$/m);
    assert.match(md, /### Why the rollout failed/);
    assert.match(md, /- Deployment shop\/web: restored/);
  });
});
