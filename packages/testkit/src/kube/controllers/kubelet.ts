import { randomBytes } from 'node:crypto';
import { timestamp } from '../cluster.ts';
import { ApiError } from '../errors.ts';
import { type PullError, type PullOptions, type ResolvedImage, resolveImage } from '../pull.ts';
import type { LogSource } from '../server.ts';
import type { KubeObject } from '../store.ts';
import {
  type Condition,
  type Container,
  type Controller,
  type ControllerContext,
  type Pod,
  reportError,
  resource,
} from './util.ts';

/**
 * Pod annotations (on a bare pod or a workload's pod template) that steer the simulated kubelet.
 * Values naming containers take `"true"` for all containers or a comma-separated list of names.
 *
 * - `sim.digestflow.dev/crash`: the container exits (code 1, or `exit-code`) after `run-ms`;
 *   with restartPolicy Always it goes into CrashLoopBackOff with growing `restartCount`,
 *   `lastState.terminated`, `BackOff` Warning events and log lines for `kubectl logs [--previous]`.
 * - `sim.digestflow.dev/unready`: the container runs but its readiness probe fails: never Ready,
 *   `Unhealthy` Warning events ("Readiness probe failed: …").
 * - `sim.digestflow.dev/ready-delay-ms`: time from start to Ready (default: the simulator's
 *   `readyDelayMs`).
 * - `sim.digestflow.dev/run-ms`: how long a container runs before it exits, for crashing
 *   containers and for pods with restartPolicy Never/OnFailure (Jobs); default the ready delay.
 * - `sim.digestflow.dev/exit-code`: the exit code of such a run (default 0, or 1 when crashing).
 * - `sim.digestflow.dev/logs`: lines (newline-separated) the container prints when it starts.
 *
 * Init containers run first, one after the other, each for `run-ms` (sidecars with
 * restartPolicy Always only need to start); naming one in `crash` makes it fail, which holds the
 * pod in `Init:CrashLoopBackOff`.
 *
 * Images are pulled for real: the manifest must resolve in the (loopback) registry, else
 * `ErrImagePull` then `ImagePullBackOff` with `Failed`/`BackOff` events.
 */
export const simAnnotations = {
  crash: 'sim.digestflow.dev/crash',
  unready: 'sim.digestflow.dev/unready',
  readyDelayMs: 'sim.digestflow.dev/ready-delay-ms',
  runMs: 'sim.digestflow.dev/run-ms',
  exitCode: 'sim.digestflow.dev/exit-code',
  logs: 'sim.digestflow.dev/logs',
} as const;

/** Simulated back-off steps: fast, so tests see several restarts in a second or two. */
const backoffBaseMs = 100;
const backoffMaxMs = 2_000;
/** How often a failing readiness probe writes an `Unhealthy` event. */
const probeEventMs = 500;

type Phase = 'pulling' | 'pull-failed' | 'pull-backoff' | 'running' | 'crash-backoff' | 'exited';

interface ContainerRun {
  readonly spec: Container;
  /** An init container that runs to completion (not a `restartPolicy: Always` sidecar). */
  readonly runsToCompletion: boolean;
  readonly fieldPath: string;
  phase: Phase;
  pull?: Promise<void>;
  pullResult?: ResolvedImage | PullError;
  pullMs?: number;
  pullMessage?: string;
  imageId: string;
  containerId: string;
  startedAt?: number;
  readyAt?: number;
  exitAt?: number;
  next?: number;
  attempts: number;
  restartCount: number;
  exitCode?: number;
  finishedAt?: number;
  lastTerminated?: Record<string, unknown>;
  nextProbeEvent?: number;
  logs: string[];
  previousLogs?: string[];
  /** Open `kubectl logs -f` streams: each gets new lines, and ends when the container exits. */
  followers: Set<{ line: (line: string) => void; end: () => void }>;
}

interface PodRun {
  readonly uid: string;
  readonly init: ContainerRun[];
  readonly containers: ContainerRun[];
}

export interface KubeletOptions {
  readonly nodes: number;
  readonly pull: PullOptions;
}

/** The scheduler and the kubelets of the simulated nodes, in one controller. */
export class Kubelet implements Controller, LogSource {
  readonly #ctx: ControllerContext;
  readonly #options: KubeletOptions;
  readonly #runs = new Map<string, PodRun>();
  /** Images each node has pulled, by reference. */
  readonly #images = new Map<string, Map<string, ResolvedImage>>();
  readonly #unschedulableRetry = new Map<string, number>();
  #nextNode = 0;
  #nextIp = 10;

  constructor(ctx: ControllerContext, options: KubeletOptions) {
    this.#ctx = ctx;
    this.#options = options;
  }

  nodeNames(): string[] {
    return Array.from({ length: this.#options.nodes }, (_, i) => `sim-node-${i + 1}`);
  }

  /** Registers the simulated nodes as Node objects. */
  registerNodes(): void {
    const nodes = resource(this.#ctx, 'v1', 'nodes');
    const now = timestamp();
    this.nodeNames().forEach((name, i) => {
      const node = this.#ctx.cluster.create(
        nodes,
        undefined,
        {
          metadata: {
            name,
            labels: {
              'kubernetes.io/hostname': name,
              'kubernetes.io/os': 'linux',
              'kubernetes.io/arch': 'amd64',
              'node.kubernetes.io/instance-type': 'simulated',
            },
          },
          spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`] },
        },
        { manager: 'kubelet' },
      );
      this.#ctx.cluster.writeStatus(
        nodes,
        node,
        {
          capacity: { cpu: '4', memory: '16Gi', pods: '110' },
          allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            },
          ],
          addresses: [
            { type: 'InternalIP', address: `10.0.0.${i + 10}` },
            { type: 'Hostname', address: name },
          ],
          nodeInfo: {
            kubeletVersion: 'v1.35.0',
            containerRuntimeVersion: 'containerd://2.1.0',
            operatingSystem: 'linux',
            architecture: 'amd64',
            osImage: 'digestflow simulated node',
            kernelVersion: '6.1.0',
            machineID: '',
            systemUUID: '',
            bootID: '',
            kubeProxyVersion: '',
          },
        },
        'kubelet',
      );
    });
  }

  sync(): void {
    const pods = resource(this.#ctx, 'v1', 'pods');
    const live = new Set<string>();
    for (const pod of this.#ctx.cluster.list(pods) as Pod[]) {
      try {
        live.add(pod.metadata.uid);
        if (pod.metadata.deletionTimestamp) continue;
        if (!pod.spec.nodeName) {
          this.#schedule(pod);
          continue;
        }
        this.#syncPod(pod);
      } catch (error) {
        reportError(error);
      }
    }
    for (const uid of this.#runs.keys()) if (!live.has(uid)) this.#runs.delete(uid);
  }

  logs(
    pod: KubeObject,
    options: { container?: string; previous: boolean; tailLines?: number },
  ): ReturnType<LogSource['logs']> {
    const spec = (pod as Pod).spec;
    const names = spec.containers.map((c) => c.name);
    const all = [...(spec.initContainers ?? []).map((c) => c.name), ...names];
    const name = options.container ?? (names.length === 1 ? names[0] : undefined);
    if (!name) {
      throw new ApiError(
        400,
        'BadRequest',
        `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`,
      );
    }
    if (!all.includes(name)) {
      throw new ApiError(400, 'BadRequest', `container ${name} is not valid for pod ${pod.metadata.name}`);
    }
    const runs = this.#runs.get(pod.metadata.uid);
    const run = [...(runs?.init ?? []), ...(runs?.containers ?? [])].find((c) => c.spec.name === name);
    if (!run || run.startedAt === undefined) {
      const reason =
        run?.phase === 'pull-failed'
          ? 'ErrImagePull'
          : run?.phase === 'pull-backoff'
            ? 'ImagePullBackOff'
            : 'ContainerCreating';
      const detail = reason === 'ContainerCreating' ? reason : 'trying and failing to pull image';
      throw new ApiError(
        400,
        'BadRequest',
        `container "${name}" in pod "${pod.metadata.name}" is waiting to start: ${detail}`,
      );
    }
    let lines = options.previous ? run.previousLogs : run.logs;
    if (!lines) {
      throw new ApiError(
        400,
        'BadRequest',
        `previous terminated container "${name}" in pod "${pod.metadata.name}" not found`,
      );
    }
    if (options.tailLines !== undefined) lines = lines.slice(Math.max(0, lines.length - options.tailLines));
    return {
      lines: [...lines],
      ...(options.previous || run.phase === 'exited'
        ? {}
        : {
            follow: (line: (line: string) => void, end: () => void) => {
              const follower = { line, end };
              run.followers.add(follower);
              return () => run.followers.delete(follower);
            },
          }),
    };
  }

  #schedule(pod: Pod): void {
    const pods = resource(this.#ctx, 'v1', 'pods');
    const now = timestamp();
    const selector = pod.spec.nodeSelector ?? {};
    const nodes = this.#ctx.cluster
      .list(resource(this.#ctx, 'v1', 'nodes'))
      .filter((n) => Object.entries(selector).every(([k, v]) => n.metadata.labels?.[k] === v))
      .map((n) => n.metadata.name);
    if (nodes.length === 0) {
      this.#unschedulable(pod, now);
      return;
    }
    const node = nodes[this.#nextNode++ % nodes.length] ?? 'sim-node-1';
    // The binding subresource: sets the node without touching the pod's generation.
    const bound = structuredClone(pod);
    bound.spec.nodeName = node;
    const stored = this.#ctx.cluster.store.put(pods, bound) as Pod;
    this.#ctx.cluster.writeStatus(
      pods,
      stored,
      {
        ...pod.status,
        conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }],
      },
      'kube-scheduler',
    );
    this.#ctx.events.normal(
      pod,
      { component: 'default-scheduler' },
      'Scheduled',
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`,
    );
  }

  /** No node matches the pod's nodeSelector: the scheduler's FailedScheduling, retried each second. */
  #unschedulable(pod: Pod, now: string): void {
    const retryAt = this.#unschedulableRetry.get(pod.metadata.uid) ?? 0;
    if (Date.now() < retryAt) return;
    this.#unschedulableRetry.set(pod.metadata.uid, Date.now() + 1_000);
    this.#ctx.wakeAt(Date.now() + 1_000);
    const total = this.nodeNames().length;
    const message = `0/${total} nodes are available: ${total} node(s) didn't match Pod's node affinity/selector. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
    const before = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    this.#ctx.cluster.writeStatus(
      resource(this.#ctx, 'v1', 'pods'),
      pod,
      {
        ...pod.status,
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: before?.status === 'False' ? (before.lastTransitionTime ?? now) : now,
            reason: 'Unschedulable',
            message,
          },
        ],
      },
      'kube-scheduler',
    );
    this.#ctx.events.warning(pod, { component: 'default-scheduler' }, 'FailedScheduling', message);
  }

  #syncPod(pod: Pod): void {
    let run = this.#runs.get(pod.metadata.uid);
    if (!run) {
      const container = (spec: Container, init: boolean): ContainerRun => ({
        spec,
        runsToCompletion: init && spec.restartPolicy !== 'Always',
        fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${spec.name}}`,
        phase: 'pulling',
        imageId: '',
        containerId: '',
        attempts: 0,
        restartCount: 0,
        logs: [],
        followers: new Set(),
      });
      run = {
        uid: pod.metadata.uid,
        init: (pod.spec.initContainers ?? []).map((spec) => container(spec, true)),
        containers: pod.spec.containers.map((spec) => container(spec, false)),
      };
      this.#runs.set(pod.metadata.uid, run);
    }
    const now = Date.now();
    // Init containers run one after the other; sidecars (restartPolicy Always) only need to start.
    let initialized = true;
    for (const c of run.init) {
      if (!completed(c)) this.#step(pod, c, now);
      if (completed(c) || (!c.runsToCompletion && c.phase === 'running')) continue;
      initialized = false;
      break;
    }
    if (initialized) for (const c of run.containers) this.#step(pod, c, now);
    this.#writeStatus(pod, run, initialized);
    for (const c of [...run.init, ...run.containers]) {
      for (const at of [c.next, c.readyAt, c.exitAt, c.nextProbeEvent])
        if (at !== undefined && at > now) this.#ctx.wakeAt(at);
    }
  }

  /** Advances one container's state machine to `now`. */
  #step(pod: Pod, c: ContainerRun, now: number): void {
    const node = pod.spec.nodeName ?? '';
    const source = { component: 'kubelet', host: node };
    const event = (type: 'Normal' | 'Warning', reason: string, message: string) =>
      this.#ctx.events.record(pod, type, source, reason, message, c.fieldPath);
    const image = c.spec.image;
    switch (c.phase) {
      case 'pulling': {
        const cached = c.spec.imagePullPolicy === 'Always' ? undefined : this.#images.get(node)?.get(image);
        if (cached) {
          c.imageId = cached.imageId;
          event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
          this.#start(pod, c, now, event);
          return;
        }
        if (c.pullResult === undefined) {
          if (!c.pull) {
            event('Normal', 'Pulling', `Pulling image "${image}"`);
            const started = Date.now();
            c.pull = this.#resolve(pod, image)
              .then(
                (resolved) => {
                  c.pullResult = resolved;
                  c.pullMs = Date.now() - started;
                },
                (error: PullError) => {
                  c.pullResult = error;
                },
              )
              .finally(() => this.#ctx.wakeAt(Date.now()));
          }
          return;
        }
        const result = c.pullResult;
        c.pull = undefined;
        c.pullResult = undefined;
        if (result instanceof Error) {
          c.attempts += 1;
          event(
            'Warning',
            'Failed',
            `Failed to pull image "${image}": rpc error: code = ${result.code} desc = ${result.message}`,
          );
          event('Warning', 'Failed', 'Error: ErrImagePull');
          c.phase = 'pull-failed';
          c.pullMessage = `rpc error: code = ${result.code} desc = ${result.message}`;
          c.next = now + backoffBaseMs;
          return;
        }
        c.imageId = result.imageId;
        this.#images.set(node, (this.#images.get(node) ?? new Map()).set(image, result));
        const ms = c.pullMs ?? 0;
        event(
          'Normal',
          'Pulled',
          `Successfully pulled image "${image}" in ${ms}ms (${ms}ms including waiting). Image size: ${result.size} bytes.`,
        );
        this.#start(pod, c, now, event);
        return;
      }
      case 'pull-failed':
        if (now < (c.next ?? 0)) return;
        c.phase = 'pull-backoff';
        event('Normal', 'BackOff', `Back-off pulling image "${image}"`);
        event('Warning', 'Failed', 'Error: ImagePullBackOff');
        c.next = now + Math.min(backoffMaxMs, backoffBaseMs * 2 ** c.attempts);
        return;
      case 'pull-backoff':
        if (now < (c.next ?? 0)) return;
        c.phase = 'pulling';
        this.#step(pod, c, now);
        return;
      case 'running': {
        if (c.exitAt !== undefined && now >= c.exitAt) {
          this.#exit(pod, c, now, event);
          return;
        }
        if (c.readyAt === undefined && this.#unready(pod, c) && now >= (c.nextProbeEvent ?? 0)) {
          event('Warning', 'Unhealthy', `Readiness probe failed: ${probeFailure(c.spec, podIp(pod))}`);
          c.nextProbeEvent = now + probeEventMs;
        }
        return;
      }
      case 'crash-backoff':
        if (now < (c.next ?? 0)) return;
        event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
        this.#start(pod, c, now, event);
        return;
      case 'exited':
        return;
    }
  }

  #start(
    pod: Pod,
    c: ContainerRun,
    now: number,
    event: (type: 'Normal' | 'Warning', reason: string, message: string) => void,
  ): void {
    event('Normal', 'Created', `Created container: ${c.spec.name}`);
    event('Normal', 'Started', `Started container ${c.spec.name}`);
    const annotations = pod.metadata.annotations ?? {};
    const readyDelay = numberOr(annotations[simAnnotations.readyDelayMs], this.#ctx.readyDelayMs);
    const runMs = numberOr(annotations[simAnnotations.runMs], readyDelay);
    const crashes = names(annotations[simAnnotations.crash], c.spec.name);
    const restartPolicy = pod.spec.restartPolicy ?? 'Always';
    c.phase = 'running';
    c.containerId = `containerd://${randomBytes(32).toString('hex')}`;
    c.startedAt = now;
    c.finishedAt = undefined;
    c.next = undefined;
    c.nextProbeEvent = now + Math.min(readyDelay, probeEventMs);
    const serves = restartPolicy === 'Always' && !c.runsToCompletion;
    c.readyAt = this.#unready(pod, c) || !serves ? undefined : now + readyDelay;
    c.exitAt = crashes || !serves ? now + runMs : undefined;
    c.exitCode = numberOr(annotations[simAnnotations.exitCode], crashes ? 1 : 0);
    if (c.restartCount > 0 || c.logs.length > 0) c.previousLogs = c.logs;
    c.logs = [];
    const lines = annotations[simAnnotations.logs]?.split('\n') ?? [
      `simulated container ${c.spec.name} started from ${c.spec.image}`,
    ];
    for (const line of lines) this.#log(c, line);
  }

  #exit(
    pod: Pod,
    c: ContainerRun,
    now: number,
    event: (type: 'Normal' | 'Warning', reason: string, message: string) => void,
  ): void {
    const code = c.exitCode ?? 0;
    if (code !== 0) this.#log(c, `fatal: simulated crash, exiting with code ${code}`);
    const terminated = {
      exitCode: code,
      reason: code === 0 ? 'Completed' : 'Error',
      startedAt: timestamp(new Date(c.startedAt ?? now)),
      finishedAt: timestamp(new Date(now)),
      containerID: c.containerId,
    };
    c.exitAt = undefined;
    c.readyAt = undefined;
    c.finishedAt = now;
    const restartPolicy = pod.spec.restartPolicy ?? 'Always';
    const restarts = c.runsToCompletion
      ? code !== 0 && restartPolicy !== 'Never'
      : restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && code !== 0);
    for (const follower of c.followers) follower.end();
    c.followers.clear();
    if (!restarts) {
      c.phase = 'exited';
      c.lastTerminated = terminated;
      return;
    }
    c.lastTerminated = terminated;
    c.restartCount += 1;
    c.phase = 'crash-backoff';
    c.next = now + Math.min(backoffMaxMs, backoffBaseMs * 2 ** (c.restartCount - 1));
    event(
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${c.spec.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
    );
  }

  #log(c: ContainerRun, line: string): void {
    c.logs.push(line);
    for (const follower of c.followers) follower.line(line);
  }

  #unready(pod: Pod, c: ContainerRun): boolean {
    return names(pod.metadata.annotations?.[simAnnotations.unready], c.spec.name);
  }

  async #resolve(pod: Pod, image: string): Promise<ResolvedImage> {
    const secrets = this.#pullSecrets(pod);
    return await resolveImage(image, {
      ...this.#options.pull,
      credentials: (host) => secrets.get(host) ?? this.#options.pull.credentials(host),
    });
  }

  /** Credentials from the pod's `imagePullSecrets` (kubernetes.io/dockerconfigjson). */
  #pullSecrets(pod: Pod): Map<string, { username: string; password: string }> {
    const out = new Map<string, { username: string; password: string }>();
    const secrets = resource(this.#ctx, 'v1', 'secrets');
    for (const ref of pod.spec.imagePullSecrets ?? []) {
      const secret = this.#ctx.cluster.find(secrets, pod.metadata.namespace, ref.name);
      const data = (secret?.data ?? {}) as Record<string, string>;
      const raw = data['.dockerconfigjson'];
      if (!raw) continue;
      try {
        const config = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as {
          auths?: Record<string, { username?: string; password?: string; auth?: string }>;
        };
        for (const [host, entry] of Object.entries(config.auths ?? {})) {
          const [user, ...pass] = entry.auth
            ? Buffer.from(entry.auth, 'base64').toString('utf8').split(':')
            : [];
          const username = entry.username ?? user;
          const password = entry.password ?? pass.join(':');
          if (username !== undefined)
            out.set(host.replace(/^https?:\/\//, '').replace(/\/.*$/, ''), { username, password });
        }
      } catch {
        // A malformed pull secret is ignored, as the kubelet does.
      }
    }
    return out;
  }

  #writeStatus(pod: Pod, run: PodRun, initialized: boolean): void {
    const now = Date.now();
    const previous = (pod.status ?? {}) as { conditions?: Condition[]; podIP?: string; startTime?: string };
    const statuses = run.containers.map((c) => containerStatus(c, now, pod, initialized));
    const initStatuses = run.init.map((c) => containerStatus(c, now, pod, true));
    const initFailed = run.init.some((c) => c.phase === 'exited' && c.exitCode !== 0);
    const incomplete = run.init.filter((c) => !completed(c)).map((c) => c.spec.name);
    const started = run.containers.every((c) => c.startedAt !== undefined);
    const allExited = run.containers.every((c) => c.phase === 'exited');
    const phase = initFailed
      ? 'Failed'
      : !initialized
        ? 'Pending'
        : allExited
          ? run.containers.every((c) => c.exitCode === 0)
            ? 'Succeeded'
            : 'Failed'
          : started
            ? 'Running'
            : 'Pending';
    const ready = statuses.every((s) => s.ready);
    const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
    const stamp = timestamp();
    const condition = (type: string, ok: boolean, reason?: string, message?: string): Condition => {
      const before = previous.conditions?.find((c) => c.type === type);
      const status = ok ? 'True' : 'False';
      return {
        type,
        status,
        lastProbeTime: null,
        lastTransitionTime: before?.status === status ? (before.lastTransitionTime ?? stamp) : stamp,
        ...(ok || !reason ? {} : { reason, message }),
      };
    };
    const finished = phase === 'Succeeded' || phase === 'Failed';
    const notReadyReason = finished ? 'PodCompleted' : 'ContainersNotReady';
    const notReadyMessage = finished ? undefined : `containers with unready status: [${unready.join(' ')}]`;
    const ip = previous.podIP ?? this.#allocateIp(pod);
    const status = {
      observedGeneration: pod.metadata.generation ?? 1,
      phase,
      conditions: [
        condition('PodReadyToStartContainers', true),
        condition(
          'Initialized',
          initialized,
          'ContainersNotInitialized',
          `containers with incomplete status: [${incomplete.join(' ')}]`,
        ),
        condition('Ready', ready, notReadyReason, notReadyMessage),
        condition('ContainersReady', ready, notReadyReason, notReadyMessage),
        condition('PodScheduled', true),
      ],
      hostIP: nodeIp(pod.spec.nodeName ?? ''),
      hostIPs: [{ ip: nodeIp(pod.spec.nodeName ?? '') }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: previous.startTime ?? stamp,
      ...(initStatuses.length > 0 ? { initContainerStatuses: initStatuses } : {}),
      containerStatuses: statuses,
      qosClass: 'BestEffort',
    };
    const pods = resource(this.#ctx, 'v1', 'pods');
    this.#ctx.cluster.writeStatus(pods, pod, status, 'kubelet');
  }

  #allocateIp(pod: Pod): string {
    const index = Math.max(0, this.nodeNames().indexOf(pod.spec.nodeName ?? ''));
    this.#nextIp += 1;
    return `10.244.${index}.${(this.#nextIp % 250) + 2}`;
  }
}

function completed(c: ContainerRun): boolean {
  return c.runsToCompletion && c.phase === 'exited' && c.exitCode === 0;
}

function containerStatus(
  c: ContainerRun,
  now: number,
  pod: Pod,
  initialized: boolean,
): Record<string, unknown> & { name: string; ready: boolean } {
  const ready = completed(c) || (c.phase === 'running' && c.readyAt !== undefined && now >= c.readyAt);
  let state: Record<string, unknown>;
  switch (c.phase) {
    case 'pulling':
      state = { waiting: { reason: initialized ? 'ContainerCreating' : 'PodInitializing' } };
      break;
    case 'pull-failed':
      state = { waiting: { reason: 'ErrImagePull', message: c.pullMessage } };
      break;
    case 'pull-backoff':
      state = {
        waiting: {
          reason: 'ImagePullBackOff',
          message: `Back-off pulling image "${c.spec.image}": ErrImagePull: ${c.pullMessage ?? ''}`,
        },
      };
      break;
    case 'running':
      state = { running: { startedAt: timestamp(new Date(c.startedAt ?? now)) } };
      break;
    case 'crash-backoff': {
      const seconds = Math.min(300, 10 * 2 ** (c.restartCount - 1));
      state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${seconds}s restarting failed container=${c.spec.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
        },
      };
      break;
    }
    case 'exited':
      state = { terminated: c.lastTerminated };
      break;
  }
  return {
    name: c.spec.name,
    state,
    lastState: c.phase !== 'exited' && c.lastTerminated ? { terminated: c.lastTerminated } : {},
    ready,
    restartCount: c.restartCount,
    image: c.spec.image,
    imageID: c.imageId,
    ...(c.containerId ? { containerID: c.containerId } : {}),
    started: c.phase === 'running',
  };
}

function probeFailure(container: Container, ip: string): string {
  const probe = container.readinessProbe;
  if (probe?.tcpSocket) return `dial tcp ${ip}:${String(probe.tcpSocket.port)}: connect: connection refused`;
  if (probe?.exec) return 'command exited with status 1';
  return 'HTTP probe failed with statuscode: 503';
}

function podIp(pod: Pod): string {
  return String((pod.status as { podIP?: string } | undefined)?.podIP ?? '');
}

function nodeIp(node: string): string {
  const index = Number(/(\d+)$/.exec(node)?.[1] ?? 1);
  return `10.0.0.${index + 9}`;
}

function numberOr(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) ? n : fallback;
}

/** `"true"` means every container; otherwise a comma-separated list of container names. */
function names(value: string | undefined, container: string): boolean {
  if (value === undefined) return false;
  if (value === 'true') return true;
  return value
    .split(',')
    .map((s) => s.trim())
    .includes(container);
}
