import { randomSuffix, timestamp } from '../cluster.ts';
import type { KubeObject } from '../store.ts';
import {
  type Condition,
  type Controller,
  type ControllerContext,
  isPodActive,
  isPodReady,
  ownedBy,
  type Pod,
  type PodTemplate,
  podFromTemplate,
  reportError,
  resource,
  setCondition,
} from './util.ts';

interface Job extends KubeObject {
  spec: {
    completions?: number;
    parallelism?: number;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    suspend?: boolean;
    template: PodTemplate;
  };
  status?: { startTime?: string; completionTime?: string; conditions?: Condition[] };
}

const source = { component: 'job-controller' };

/** The Job controller: runs pods until `completions` succeed or failures pass `backoffLimit`. */
export class JobController implements Controller {
  readonly #ctx: ControllerContext;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
  }

  sync(): void {
    const jobs = resource(this.#ctx, 'batch/v1', 'jobs');
    const pods = resource(this.#ctx, 'v1', 'pods');
    for (const job of this.#ctx.cluster.list(jobs) as Job[]) {
      try {
        if (job.metadata.deletionTimestamp) continue;
        const conditions = job.status?.conditions ?? [];
        if (conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True'))
          continue;
        const now = timestamp();
        const owned = ownedBy<Pod>(job, this.#ctx.cluster.list(pods, job.metadata.namespace));
        const succeeded = owned.filter((p) => p.status?.phase === 'Succeeded').length;
        const failedPods = owned.filter((p) => p.status?.phase === 'Failed').length;
        const restarts = owned.reduce(
          (n, p) => n + (p.status?.containerStatuses ?? []).reduce((m, c) => m + (c.restartCount ?? 0), 0),
          0,
        );
        const failed = failedPods + restarts;
        let active = owned.filter(isPodActive);
        const completions = job.spec.completions ?? 1;
        const startTime = job.status?.startTime ?? now;
        let next = conditions;
        let completionTime: string | undefined;
        const deadline = job.spec.activeDeadlineSeconds;
        const overDeadline = deadline !== undefined && Date.now() > Date.parse(startTime) + deadline * 1000;
        if (deadline !== undefined && !overDeadline)
          this.#ctx.wakeAt(Date.parse(startTime) + deadline * 1000 + 1);
        const fail = (reason: string, message: string) => {
          for (const pod of active) this.#ctx.cluster.delete(pods, pod.metadata.namespace, pod.metadata.name);
          active = [];
          next = setCondition(next, { type: 'FailureTarget', status: 'True', reason, message }, now);
          next = setCondition(next, { type: 'Failed', status: 'True', reason, message }, now);
          this.#ctx.events.warning(job, source, reason, message);
        };
        if (failed > (job.spec.backoffLimit ?? 6)) {
          fail('BackoffLimitExceeded', 'Job has reached the specified backoff limit');
        } else if (overDeadline) {
          fail('DeadlineExceeded', 'Job was active longer than specified deadline');
        } else if (succeeded >= completions) {
          const message = 'Reached expected number of succeeded pods';
          next = setCondition(
            next,
            { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message },
            now,
          );
          next = setCondition(
            next,
            { type: 'Complete', status: 'True', reason: 'CompletionsReached', message },
            now,
          );
          completionTime = now;
          this.#ctx.events.normal(job, source, 'Completed', 'Job completed');
        } else if (!job.spec.suspend) {
          const wanted = Math.min(job.spec.parallelism ?? 1, completions - succeeded);
          for (let i = active.length; i < wanted; i++) {
            const name = `${job.metadata.name}-${randomSuffix()}`;
            const pod = this.#ctx.cluster.create(
              pods,
              job.metadata.namespace,
              podFromTemplate(job, job.spec.template, name),
              {
                manager: 'kube-controller-manager',
              },
            );
            active.push(pod as Pod);
            this.#ctx.events.normal(job, source, 'SuccessfulCreate', `Created pod: ${name}`);
          }
        }
        this.#ctx.cluster.writeStatus(
          jobs,
          job,
          {
            ...(next.length > 0 ? { conditions: next } : {}),
            startTime,
            ...(completionTime ? { completionTime } : {}),
            ...(active.length > 0 ? { active: active.length } : {}),
            ...(succeeded > 0 ? { succeeded } : {}),
            ...(failed > 0 ? { failed } : {}),
            terminating: 0,
            uncountedTerminatedPods: {},
            ready: active.filter(isPodReady).length,
          },
          'kube-controller-manager',
        );
      } catch (error) {
        reportError(error);
      }
    }
  }
}
