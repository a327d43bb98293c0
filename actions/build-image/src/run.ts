import { requiredInput, runAction } from '@digestflow/action-kit';

export async function run(): Promise<void> {
  await runAction(async () => {
    requiredInput('image', 'the repository to push to, without a tag, e.g. ghcr.io/owner/app');
    throw new Error('not implemented yet');
  });
}
