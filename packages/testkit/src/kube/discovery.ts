import { apiResources, groupVersion, type ResourceType } from './resources.ts';

/** The server version `kubectl version` and client-go see. */
export const serverVersion = {
  major: '1',
  minor: '35',
  emulationMajor: '1',
  emulationMinor: '35',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '34',
  gitVersion: 'v1.35.0-digestflow-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.25.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** `/api`: the legacy core group's versions. */
export function coreVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groups(types: readonly ResourceType[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of types) {
    if (t.group === '') continue;
    const versions = out.get(t.group) ?? [];
    if (!versions.includes(t.version)) versions.push(t.version);
    out.set(t.group, versions);
  }
  return out;
}

function apiGroup(name: string, versions: readonly string[]): unknown {
  const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: entries, preferredVersion: entries[0] };
}

/** `/apis`: every named group (no aggregated discovery: kubectl falls back to this). */
export function groupList(types: readonly ResourceType[]): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups(types)].map(([name, versions]) => apiGroup(name, versions)),
  };
}

/** `/apis/<group>`. */
export function groupInfo(types: readonly ResourceType[], group: string): unknown {
  const versions = groups(types).get(group);
  if (!versions) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...(apiGroup(group, versions) as object) };
}

/** `/api/v1` or `/apis/<group>/<version>`: the APIResourceList. */
export function resourceList(types: readonly ResourceType[], group: string, version: string): unknown {
  const members = types.filter((t) => t.group === group && t.version === version);
  if (members.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources: apiResources(members),
  };
}
