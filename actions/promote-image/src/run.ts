import { requiredInput, runAction } from '@digestflow/action-kit';

export async function run(): Promise<void> {
  await runAction(async () => {
    requiredInput('image', 'the source repository, without a tag, e.g. ghcr.io/owner/app');
    throw new Error('not implemented yet');
  });
}
