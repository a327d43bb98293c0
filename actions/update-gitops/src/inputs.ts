import * as core from '@actions/core';
import {
  booleanInput,
  choiceInput,
  linesInput,
  optionalInput,
  parsedInput,
  requiredInput,
  secretInput,
} from '@digestflow/action-kit';
import { ConfigurationError, type GitHubContext, inInput } from '@digestflow/core';
import { parseValuesPath, type ValuesPath } from './edits/values.ts';
import { type ImageSpec, parseImageSpec } from './images.ts';

export type Mode = 'commit' | 'pull-request';

export interface Inputs {
  /** `owner/name`. */
  readonly repository: string;
  readonly cloneUrl: string;
  readonly branch: string | undefined;
  readonly token: string | undefined;
  readonly paths: string[];
  readonly images: ImageSpec[];
  readonly mode: Mode;
  readonly commitMessage: string | undefined;
  readonly valuesPaths: ValuesPath[];
  readonly pullRequestBranch: string | undefined;
  readonly dryRun: boolean;
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
// git check-ref-format, the parts a branch name typed into a workflow can get wrong.
const BRANCH = /^(?!\/|.*\/$|.*\.\.|.*\/\.|.*\.lock$|.*@\{)[^\s~^:?*[\\]+$/;

function parseBranch(value: string): string {
  if (!BRANCH.test(value)) throw new ConfigurationError(`'${value}' is not a valid branch name`);
  return value;
}

/** A clone URL given outright; a password written into it is masked before anything runs. */
function cloneUrlInput(): string | undefined {
  const value = optionalInput('repository-url');
  if (value === undefined || !URL.canParse(value)) return value; // a local path, or scp-like
  const { password } = new URL(value);
  if (password !== '') {
    core.setSecret(password);
    core.setSecret(decodeURIComponent(password));
  }
  return value;
}

export function getInputs(context: GitHubContext): Inputs {
  const token = secretInput('token');
  const paths = linesInput('path');
  if (paths.length === 0)
    requiredInput('path', 'the folders or files to edit in the configuration repository');
  const imageLines = linesInput('images');
  if (imageLines.length === 0)
    requiredInput('images', 'full image references, one per line, e.g. ghcr.io/owner/app@sha256:…');
  const images = inInput('images', () => imageLines.map(parseImageSpec));

  const repository = optionalInput('repository') ?? context.repository;
  if (repository === undefined || !REPOSITORY.test(repository)) {
    throw new ConfigurationError(`expected owner/name, got '${repository ?? ''}'`, { input: 'repository' });
  }
  const mode = choiceInput<Mode>('mode', ['commit', 'pull-request'], 'commit');
  if (mode === 'pull-request' && token === undefined) {
    throw new ConfigurationError('is required in pull-request mode, to open the pull request', {
      input: 'token',
    });
  }
  return {
    repository,
    cloneUrl: cloneUrlInput() ?? `${context.serverUrl}/${repository}.git`,
    branch: parsedInput('branch', parseBranch),
    token,
    paths,
    images,
    mode,
    commitMessage: optionalInput('commit-message'),
    valuesPaths: inInput('values-path', () => linesInput('values-path').map(parseValuesPath)),
    pullRequestBranch: parsedInput('pull-request-branch', parseBranch),
    dryRun: booleanInput('dry-run', false),
  };
}
