// Whether a caller may make a request: pure, given who the caller is and what the request needs.
import type { RequiredAccess } from './access-rules.ts';
import { grants, highestScope, Scope } from './scopes.ts';

export const PrincipalKind = {
  /** A token from the database (POST /tokens). */
  token: 'token',
  /** TREATY_ADMIN_TOKEN from the environment. */
  adminToken: 'admin-token',
  /** The Pact Broker's basic-auth users. */
  basicUser: 'basic-user',
} as const;
export type PrincipalKind = (typeof PrincipalKind)[keyof typeof PrincipalKind];

export interface Principal {
  kind: PrincipalKind;
  /** Who, as written to the audit log: `token:<name>`, `user:<username>` or `admin-token`. */
  actor: string;
  scopes: readonly string[];
  /** Lower-cased pacticipant names the caller may write for; empty means any. */
  pacticipants: readonly string[];
  tokenId?: number;
}

export interface AuthSettings {
  enabled: boolean;
  allowPublicRead: boolean;
}

export type AccessDecision =
  | { allowed: true }
  /** No (valid) credentials: answer 401 with a challenge. */
  | { allowed: false; status: 401; detail: string }
  /** Valid credentials without the permission: answer 403. */
  | { allowed: false; status: 403; detail: string };

/** Whether the request can go on without credentials (decided before reading the body). */
export function allowedWithoutCredentials(settings: AuthSettings, access: RequiredAccess): boolean {
  if (!settings.enabled || access.kind === 'public') return true;
  return access.scope === Scope.read && settings.allowPublicRead;
}

/**
 * The decision. `subjectName` is the pacticipant the request writes for, when the access names one
 * (resolved by the caller from the path, the body or a deployed/released version); `undefined`
 * when it could not be found.
 */
export function decideAccess(
  settings: AuthSettings,
  principal: Principal | undefined,
  access: RequiredAccess,
  subjectName?: string,
): AccessDecision {
  if (allowedWithoutCredentials(settings, access) || access.kind === 'public') return { allowed: true };
  if (principal === undefined) {
    return {
      allowed: false,
      status: 401,
      detail:
        'This broker requires authentication. Send a token as "Authorization: Bearer <token>" (pact-broker --broker-token, PACT_BROKER_TOKEN) or basic-auth credentials (--broker-username/--broker-password).',
    };
  }
  if (!grants(principal.scopes, access.scope)) {
    const held = highestScope(principal.scopes) ?? 'no';
    return {
      allowed: false,
      status: 403,
      detail: `This request needs the ${access.scope} scope, but ${principal.actor} has ${held === 'no' ? 'no valid scope' : `only the ${held} scope`}. Use a token with the ${access.scope} scope (an admin can create one with POST /tokens).`,
    };
  }
  if (principal.pacticipants.length === 0 || access.scope === Scope.read) return { allowed: true };
  if (access.scope === Scope.admin) {
    return {
      allowed: false,
      status: 403,
      detail: `${principal.actor} is limited to the pacticipants ${principal.pacticipants.join(', ')}, and such tokens cannot make admin requests. Use a token without pacticipant limits.`,
    };
  }
  if (access.subject.kind === 'none') return { allowed: true };
  if (subjectName === undefined || !principal.pacticipants.includes(subjectName.toLowerCase())) {
    const which = subjectName === undefined ? 'a pacticipant it cannot identify' : `the pacticipant '${subjectName}'`;
    return {
      allowed: false,
      status: 403,
      detail: `${principal.actor} may only write for the pacticipants ${principal.pacticipants.join(', ')}; this request writes for ${which}. Use a token for that pacticipant.`,
    };
  }
  return { allowed: true };
}
