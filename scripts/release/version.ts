// Release versions: vX.Y.Z tags, the next one from a bump or an explicit version.
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export type Bump = 'major' | 'minor' | 'patch';

export function parseVersion(text: string): Version {
  const match = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.exec(text.trim());
  if (!match) throw new Error(`'${text}' is not a version: expected X.Y.Z (e.g. 1.4.0)`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** The version after `last` (undefined before the first release) for a bump or an explicit X.Y.Z. */
export function nextVersion(last: Version | undefined, request: string): Version {
  const base = last ?? { major: 0, minor: 0, patch: 0 };
  switch (request) {
    case 'major':
      return { major: base.major + 1, minor: 0, patch: 0 };
    case 'minor':
      return { major: base.major, minor: base.minor + 1, patch: 0 };
    case 'patch':
      return { major: base.major, minor: base.minor, patch: base.patch + 1 };
  }
  const explicit = parseVersion(request);
  if (last && compareVersions(explicit, last) <= 0) {
    throw new Error(`${formatVersion(explicit)} is not after the last release ${formatVersion(last)}`);
  }
  return explicit;
}
