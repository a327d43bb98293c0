import {
  booleanInput,
  choiceInput,
  linesInput,
  listInput,
  optionalInput,
  parsedInput,
  requiredInput,
  secretInput,
} from '@digestflow/action-kit';
import { ConfigurationError, ImageReference, inInput, parseDuration } from '@digestflow/core';
import { PROBE_POLICIES, type ProbePolicy } from './probes.ts';

export interface Inputs {
  readonly manifests: readonly string[];
  readonly kustomize: string | undefined;
  readonly images: readonly ImageReference[];
  readonly namespace: string | undefined;
  readonly kubeconfig: string | undefined;
  readonly context: string | undefined;
  readonly timeoutMs: number;
  readonly wait: boolean;
  readonly failFast: boolean;
  readonly rollbackOnFailure: boolean;
  readonly fieldManager: string;
  readonly forceConflicts: boolean;
  readonly annotate: boolean;
  readonly probePolicy: ProbePolicy;
  readonly dryRun: boolean;
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Every input parsed at the edge; a mistake fails here, before any file is read. */
export function getInputs(): Inputs {
  const kubeconfig = secretInput('kubeconfig');
  const kustomize = optionalInput('kustomize');
  const manifests = linesInput('manifests');
  if (manifests.length === 0 && kustomize === undefined) {
    requiredInput('manifests', 'manifest files, folders or globs to apply, one per line (or give kustomize)');
  }
  const namespace = optionalInput('namespace');
  if (namespace !== undefined && !NAMESPACE.test(namespace)) {
    throw new ConfigurationError(
      `'${namespace}' is not a namespace name: lowercase letters, digits and '-', starting and ending with a letter or digit`,
      { input: 'namespace' },
    );
  }
  return {
    manifests,
    kustomize,
    images: listInput('images').map((image) => inInput('images', () => ImageReference.parse(image))),
    namespace,
    kubeconfig,
    context: optionalInput('context'),
    timeoutMs: parsedInput('timeout', parseDuration) ?? 300_000,
    wait: booleanInput('wait', true),
    failFast: booleanInput('fail-fast', true),
    rollbackOnFailure: booleanInput('rollback-on-failure', true),
    fieldManager: optionalInput('field-manager') ?? 'deploy-manifest',
    forceConflicts: booleanInput('force-conflicts', false),
    annotate: booleanInput('annotate', true),
    probePolicy: choiceInput('probe-policy', PROBE_POLICIES, 'warn'),
    dryRun: booleanInput('dry-run', false),
  };
}
