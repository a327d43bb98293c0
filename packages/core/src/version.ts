// Release versions: the pushed `v*` tag or an explicit input, parsed once as semver. The `v`
// is dropped (tags are `1.2.3`), pre-releases are kept, build metadata is refused: `+` cannot
// appear in an image tag, and semver ignores it for ordering, so two builds would collide.
import semver from 'semver';
import { ConfigurationError } from './errors.ts';
import type { GitHubContext } from './github.ts';

export interface ReleaseVersion {
  /** `1.2.3` or `1.2.3-rc.1`: what becomes the image tag. */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers (`['rc', 1]`), empty for a release. */
  readonly prerelease: readonly (string | number)[];
}

export function parseReleaseVersion(text: string): ReleaseVersion {
  const trimmed = text.trim();
  const bare = trimmed.replace(/^[vV]/, '');
  const plus = bare.indexOf('+');
  if (plus !== -1) {
    throw new ConfigurationError(
      `'${trimmed}' carries build metadata '${bare.slice(plus)}': an image tag cannot hold '+' and semver ignores it for ordering; use a pre-release (e.g. ${bare.slice(0, plus)}-rc.1) or a new version`,
    );
  }
  const parsed = semver.parse(bare);
  if (parsed === null) {
    throw new ConfigurationError(
      `'${trimmed}' is not a semantic version: expected MAJOR.MINOR.PATCH with an optional -prerelease, e.g. 1.2.3 or v1.2.3-rc.1`,
    );
  }
  return {
    version: parsed.version,
    major: parsed.major,
    minor: parsed.minor,
    patch: parsed.patch,
    prerelease: parsed.prerelease,
  };
}

/** The release version of the run: `explicit` when given, else the pushed `v*` tag. */
export function releaseVersion(context: GitHubContext, explicit: string | undefined): ReleaseVersion {
  if (explicit !== undefined) return parseReleaseVersion(explicit);
  if (context.refKind !== 'tag' || context.tag === undefined || !/^[vV]\d/.test(context.tag)) {
    throw new ConfigurationError(
      `a release needs a version: run on a pushed v* tag (this run is on ${context.ref ?? `a '${context.eventName}' event`}) or set the version input`,
    );
  }
  return parseReleaseVersion(context.tag);
}
