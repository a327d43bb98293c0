import { isWorkload, type KubeObject } from './objects.ts';

export const ANNOTATION_PREFIX = 'digestflow.dev';

export interface DeployInfo {
  readonly commit?: string;
  readonly runUrl?: string;
  readonly version?: string;
  /** Image references pinned by this deploy. */
  readonly images: readonly string[];
}

/**
 * Records what was deployed on each workload's own metadata. The pod template is left
 * alone on purpose: a change there would restart every pod even when nothing else changed.
 */
export function annotateWorkloads(objects: readonly KubeObject[], info: DeployInfo): void {
  const annotations: Record<string, string> = {};
  if (info.commit) annotations[`${ANNOTATION_PREFIX}/commit`] = info.commit;
  if (info.runUrl) annotations[`${ANNOTATION_PREFIX}/run-url`] = info.runUrl;
  if (info.version) annotations[`${ANNOTATION_PREFIX}/version`] = info.version;
  if (info.images.length > 0) annotations[`${ANNOTATION_PREFIX}/images`] = info.images.join(',');
  for (const object of objects) {
    if (!isWorkload(object)) continue;
    object.metadata.annotations = { ...object.metadata.annotations, ...annotations };
  }
}

/** The commit, run URL and release version of the workflow run, from the runner's environment. */
export function deployInfoFromEnv(env: NodeJS.ProcessEnv, images: readonly string[]): DeployInfo {
  const { GITHUB_SHA, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_REF } = env;
  const tag = GITHUB_REF?.startsWith('refs/tags/') ? GITHUB_REF.slice('refs/tags/'.length) : undefined;
  return {
    ...(GITHUB_SHA ? { commit: GITHUB_SHA } : {}),
    ...(GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
      ? { runUrl: `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}` }
      : {}),
    ...(tag && /^v?\d+\.\d+\.\d+/.test(tag) ? { version: tag.replace(/^v/, '') } : {}),
    images,
  };
}
