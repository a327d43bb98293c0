import type { BuilderName } from '../inputs.ts';
import type { Builder } from './builder.ts';

export type { Builder, BuildRequest, BuildResult } from './builder.ts';

/** Each builder is loaded when chosen: a start that fails on its inputs loads none of them. */
export const builders: Readonly<Record<BuilderName, () => Promise<Builder>>> = {
  docker: async () => (await import('./docker.ts')).dockerBuilder,
  buildah: async () => (await import('./buildah.ts')).buildahBuilder,
  acr: async () => (await import('./acr.ts')).acrBuilder,
};
