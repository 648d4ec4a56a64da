// Token scopes. They are nested: `admin` includes `write`, and `write` includes `read`, so a token
// needs only its highest scope (a token stored with ["read", "admin"] can do everything).

export const Scope = {
  /** GET every resource except the admin ones (tokens, audit log, webhooks); fetch pacts for verification. */
  read: 'read',
  /** Publish pacts and verification results; create/update pacticipants, versions, branches, tags; record deployments and releases. */
  write: 'write',
  /** Environments (create/update/delete), webhooks, tokens, the audit log, and every DELETE. */
  admin: 'admin',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];

export const allScopes: readonly Scope[] = [Scope.read, Scope.write, Scope.admin];

const rank = { read: 1, write: 2, admin: 3 } satisfies Record<Scope, number>;

export function isScope(value: string): value is Scope {
  return (allScopes as readonly string[]).includes(value);
}

/** True when a holder of `held` may do what needs `needed`. Unknown stored scope names grant nothing. */
export function grants(held: readonly string[], needed: Scope): boolean {
  return held.some((s) => isScope(s) && rank[s] >= rank[needed]);
}

/** The highest of the held scopes, for messages ("this token has the read scope"). */
export function highestScope(held: readonly string[]): Scope | undefined {
  let best: Scope | undefined;
  for (const s of held) if (isScope(s) && (best === undefined || rank[s] > rank[best])) best = s;
  return best;
}
