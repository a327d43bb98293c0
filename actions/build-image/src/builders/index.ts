import type { BuilderName } from '../inputs.ts';
import { acrBuilder } from './acr.ts';
import { buildahBuilder } from './buildah.ts';
import type { Builder } from './builder.ts';
import { dockerBuilder } from './docker.ts';

export type { Builder, BuildRequest, BuildResult } from './builder.ts';

export const builders: Readonly<Record<BuilderName, Builder>> = {
  docker: dockerBuilder,
  buildah: buildahBuilder,
  acr: acrBuilder,
};
