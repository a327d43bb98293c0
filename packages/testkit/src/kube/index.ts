/**
 * A Kubernetes API simulator that the real `kubectl` (v1.35, see `kubectlPath()`) and
 * `@kubernetes/client-node` work against, for tests of deploy tooling where no API server can run.
 *
 * What it serves (HTTPS on 127.0.0.1 with a throwaway CA, bearer token; anything else is 401):
 * - discovery: `/version`, `/api`, `/apis`, `/api/v1`, `/apis/<group>/<version>` (no aggregated
 *   discovery; kubectl falls back to these), and a minimal `/openapi/v3` so kubectl leaves field
 *   validation to the server. Core kinds, apps/v1, batch/v1, networking.k8s.io/v1,
 *   policy/v1, autoscaling/v2, rbac.authorization.k8s.io/v1, and CustomResourceDefinitions whose
 *   kinds appear in discovery once created.
 * - create/get/list/update/patch/delete with label and field selectors, `dryRun=All`,
 *   `resourceVersion` (global counter, preconditions, no-op writes keep it), `generation`,
 *   defaulting of the fields rollouts read, a little validation (names, selectors, containers).
 * - server-side apply (`application/apply-patch+yaml`, `fieldManager`, `force`) with
 *   `metadata.managedFields` (FieldsV1) and 409 conflicts worded as the apiserver words them;
 *   JSON merge, strategic merge (containers/env/ports/volumes by key, `$patch`) and JSON patch.
 * - watch (`?watch=1`, newline-delimited events, resume from `resourceVersion`, 410 when too
 *   old, `allowWatchBookmarks`, `sendInitialEvents` with the initial-events-end bookmark).
 * - controllers: Deployment -> ReplicaSets (`pod-template-hash`, revision annotations, rolling
 *   update or Recreate, conditions incl. `ProgressDeadlineExceeded`, `kubectl rollout undo`),
 *   StatefulSet and DaemonSet (ControllerRevisions, rolling update, undo), Job (completion,
 *   backoff limit, deadline); LoadBalancer Services get an address from 203.0.113.0/24;
 *   CronJobs are stored, not scheduled. Owner references cascade on
 *   delete. Pods are scheduled on simulated nodes and run by a simulated kubelet that pulls
 *   from the real registries of the test and writes the events the kubelet writes.
 * - `pods/log`, `deployments/scale` and friends, `status` subresources, Tables for `kubectl get`.
 *
 * Pod behaviour is steered with pod (template) annotations: see {@link simAnnotations}.
 *
 * Protobuf request bodies (kubectl's `create <kind>` generators) are decoded for Namespace,
 * ConfigMap, Secret and ServiceAccount; other kinds get 415 (`create -f` and `apply` send JSON).
 *
 * Not simulated: admission webhooks, RBAC enforcement, CronJob schedules, Services' endpoints,
 * graceful pod termination (pods go at once), resource requests in scheduling.
 */
export { simAnnotations } from './controllers/kubelet.ts';
export { type KubeSimulator, type KubeSimulatorOptions, startKubeSimulator } from './simulator.ts';
