import { requiredInput, runAction } from '@digestflow/action-kit';

export async function run(): Promise<void> {
  await runAction(async () => {
    requiredInput('path', 'the folders or files to edit in the configuration repository');
    throw new Error('not implemented yet');
  });
}
