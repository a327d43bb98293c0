// Docker token scopes as ACR uses them: `repository:<name>:<actions>` and `registry:catalog:*`.
// ACR adds `delete`, `metadata_read` and `metadata_write` to distribution's pull and push.

export const ACR_ACTIONS = ['pull', 'push', 'delete', 'metadata_read', 'metadata_write'] as const;
export type AcrAction = (typeof ACR_ACTIONS)[number];

export interface ScopeAccess {
  readonly type: 'repository' | 'registry';
  readonly name: string;
  readonly actions: readonly string[];
}

/** Parses one or more scopes, space separated as clients send them in a single form field. */
export function parseScopes(text: string): ScopeAccess[] {
  const scopes: ScopeAccess[] = [];
  for (const item of text.split(' ').filter((s) => s !== '')) {
    const first = item.indexOf(':');
    const last = item.lastIndexOf(':');
    if (first === -1 || first === last) continue;
    const type = item.slice(0, first);
    if (type !== 'repository' && type !== 'registry') continue;
    scopes.push({ type, name: item.slice(first + 1, last), actions: item.slice(last + 1).split(',') });
  }
  return scopes;
}

export function formatScope(scope: ScopeAccess): string {
  return `${scope.type}:${scope.name}:${scope.actions.join(',')}`;
}

/** Whether `granted` (an access claim) allows every action of `required`. */
export function allows(granted: readonly ScopeAccess[], required: ScopeAccess): boolean {
  return required.actions.every((action) =>
    granted.some(
      (g) =>
        g.type === required.type &&
        g.name === required.name &&
        (g.actions.includes(action) || g.actions.includes('*')),
    ),
  );
}
