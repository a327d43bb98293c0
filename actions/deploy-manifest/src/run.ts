import { requiredInput, runAction } from '@digestflow/action-kit';

export async function run(): Promise<void> {
  await runAction(async () => {
    requiredInput('manifests', 'manifest files, folders or globs to apply (or give kustomize)');
    throw new Error('not implemented yet');
  });
}
