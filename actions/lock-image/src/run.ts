import { requiredInput, runAction } from '@digestflow/action-kit';

export async function run(): Promise<void> {
  await runAction(async () => {
    requiredInput('image', 'the repository whose tags to lock, e.g. myregistry.azurecr.io/team/app');
    throw new Error('not implemented yet');
  });
}
