import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAction } from '../../../packages/testkit/src/index.ts';
import { actionDir } from './fixture.ts';

describe('inputs are checked before anything is read or applied', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['no manifests and no kustomize', {}, /^Input 'manifests': is required: .*or give kustomize/],
    ['a bad timeout', { manifests: 'k8s', timeout: 'soon' }, /^Input 'timeout': 'soon' is not a duration/],
    [
      'a bad image',
      { manifests: 'k8s', images: 'Team/App:1' },
      /^Input 'images': 'Team\/App:1' is not a valid image reference/,
    ],
    [
      'a bad probe policy',
      { manifests: 'k8s', 'probe-policy': 'maybe' },
      /^Input 'probe-policy': expected one of warn, require, off/,
    ],
    [
      'a bad namespace',
      { manifests: 'k8s', namespace: 'Shop_1' },
      /^Input 'namespace': 'Shop_1' is not a namespace name/,
    ],
    ['a bad boolean', { manifests: 'k8s', wait: 'sometimes' }, /^Input 'wait': expected true or false/],
    [
      'a bad fail-fast',
      { manifests: 'k8s', 'fail-fast': 'soon' },
      /^Input 'fail-fast': expected true or false/,
    ],
  ];
  for (const [name, inputs, error] of cases) {
    it(name, async () => {
      const run = await runAction(actionDir, {
        inputs: { kubeconfig: 'apiVersion: v1\nusers: [{user: {token: s3cr3t-t0ken}}]', ...inputs },
      });
      assert.equal(run.exitCode, 1);
      assert.equal(run.errors.length, 1, run.stdout);
      assert.match(run.errors[0]!, error);
      assert.ok(
        run.masks.some((mask) => mask.includes('s3cr3t-t0ken')),
        'the kubeconfig is masked first',
      );
      assert.doesNotMatch(run.stdout.replace(/^::add-mask::.*$/gm, ''), /s3cr3t-t0ken/);
    });
  }
});
