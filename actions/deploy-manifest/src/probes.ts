import { ConfigurationError } from '@digestflow/core';
import { describeObject, isWorkload, type KubeObject, podSpecOf } from './objects.ts';

export type ProbePolicy = 'warn' | 'require' | 'off';
export const PROBE_POLICIES: readonly ProbePolicy[] = ['warn', 'require', 'off'];

/**
 * One line per long-running container that lacks a readiness or liveness probe. Jobs and
 * CronJobs run to completion, so probes mean nothing there; init containers neither.
 */
export function missingProbes(objects: readonly KubeObject[]): string[] {
  const findings: string[] = [];
  for (const object of objects) {
    if (!isWorkload(object) || object.kind === 'Job' || object.kind === 'CronJob') continue;
    for (const container of podSpecOf(object)?.containers ?? []) {
      const lacks = ['readinessProbe', 'livenessProbe'].filter((probe) => container?.[probe] === undefined);
      if (lacks.length > 0) {
        findings.push(
          `${describeObject(object)}: container '${container?.name}' has no ${lacks.join(' and no ')}`,
        );
      }
    }
  }
  return findings;
}

/** Applies the policy: the warnings to print, or a refusal when probes are required. */
export function checkProbes(objects: readonly KubeObject[], policy: ProbePolicy): string[] {
  if (policy === 'off') return [];
  const findings = missingProbes(objects);
  if (policy === 'require' && findings.length > 0) {
    throw new ConfigurationError(`probes are required: ${findings.join('; ')}`, { input: 'probe-policy' });
  }
  return findings;
}
