// Authentication and authorization, as two middlewares around the body parser:
//  1. `authenticate` runs before the body is read and before routing: it checks the credentials
//     and answers 401 when a request needs them, so an unauthenticated caller learns nothing (not
//     even whether a resource exists) and cannot make the broker parse a large body.
//  2. `authorize` runs after the body parser: it checks the scope (403) and, for tokens limited to
//     some pacticipants, which pacticipant the write is for (which may be named in the body).
// Both do nothing when auth is off (no credential settings: the embedded quick start).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { AuthConfig } from '../config.ts';
import { requiredAccess, type RequiredAccess, type Subject } from '../domain/auth/access-rules.ts';
import { allowedWithoutCredentials, decideAccess, PrincipalKind, type Principal } from '../domain/auth/authorize.ts';
import { Scope } from '../domain/auth/scopes.ts';
import { hashesEqual, hashTokenSecret, secretsEqual } from '../domain/auth/token-secret.ts';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { findTokenByHash, touchToken } from '../store/auth/tokens.ts';
import { pacticipantOfDeployedVersion, pacticipantOfReleasedVersion } from '../store/auth/write-subjects.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own extension point
  namespace Express {
    interface Locals {
      /** Who made the request; undefined when anonymous (or auth is off). */
      principal?: Principal;
      /** What the request needs (domain/auth/access-rules.ts), set by `authenticate`. */
      access?: RequiredAccess;
    }
  }
}

export interface AuthDeps {
  auth: AuthConfig;
  db: Db;
  logger: Logger;
}

/** Longest Authorization header value considered; anything longer is refused without hashing. */
const MAX_CREDENTIAL_LENGTH = 1024;

type Credentials =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'malformed'; detail: string };

export function parseAuthorization(header: string | undefined): Credentials {
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  if (header.length > MAX_CREDENTIAL_LENGTH) return { kind: 'malformed', detail: 'The Authorization header is too long.' };
  const match = /^(\S+)(?:\s+(.*))?$/.exec(header.trim());
  const scheme = match?.[1]?.toLowerCase();
  const value = match?.[2]?.trim() ?? '';
  // The pact-broker CLI sends a bare "Bearer" when PACT_BROKER_TOKEN is set but empty: no credentials.
  if (scheme === 'bearer') return value === '' ? { kind: 'none' } : { kind: 'bearer', token: value };
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { kind: 'malformed', detail: 'The Basic credentials must be base64("username:password").' };
    return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { kind: 'malformed', detail: 'Use "Authorization: Bearer <token>" or "Authorization: Basic <base64 username:password>".' };
}

function challenges(auth: AuthConfig, bearerError: boolean): string[] {
  const basic = auth.readWriteUser || auth.readOnlyUser ? ['Basic realm="Treaty", charset="UTF-8"'] : [];
  return [...basic, bearerError ? 'Bearer realm="Treaty", error="invalid_token"' : 'Bearer realm="Treaty"'];
}

function unauthorized(res: Response, auth: AuthConfig, detail: string, bearerError = false): UnauthorizedError {
  res.setHeader('WWW-Authenticate', challenges(auth, bearerError));
  return new UnauthorizedError(detail);
}

function basicPrincipal(auth: AuthConfig, username: string, password: string): Principal | undefined {
  // Both users are always compared (no early exit), in constant time per comparison.
  const matches = (user: AuthConfig['readWriteUser']) =>
    user !== undefined && Number(secretsEqual(username, user.username)) & Number(secretsEqual(password, user.password));
  const readWrite = matches(auth.readWriteUser);
  const readOnly = matches(auth.readOnlyUser);
  // The Pact Broker's read-write user may do everything, deletions and webhooks included.
  if (readWrite)
    return { kind: PrincipalKind.basicUser, actor: `user:${username}`, scopes: [Scope.read, Scope.write, Scope.admin], pacticipants: [] };
  if (readOnly) return { kind: PrincipalKind.basicUser, actor: `user:${username}`, scopes: [Scope.read], pacticipants: [] };
  return undefined;
}

async function bearerPrincipal(deps: AuthDeps, token: string): Promise<Principal | undefined> {
  if (deps.auth.adminToken !== undefined && secretsEqual(token, deps.auth.adminToken)) {
    return { kind: PrincipalKind.adminToken, actor: 'admin-token', scopes: [Scope.admin], pacticipants: [] };
  }
  const hash = hashTokenSecret(token);
  const row = await findTokenByHash(deps.db, hash);
  if (!row || !hashesEqual(row.tokenHash, hash) || row.revokedAt !== null) return undefined;
  touchToken(deps.db, row).catch((err: unknown) => deps.logger.warn({ err, tokenId: row.id }, 'could not record the token use'));
  return { kind: PrincipalKind.token, actor: `token:${row.name}`, scopes: row.scopes, pacticipants: row.pacticipants, tokenId: row.id };
}

/** Checks the credentials before routing; 401 for missing or wrong ones where they are needed. */
export function authenticate(deps: AuthDeps): RequestHandler {
  const settings = deps.auth;
  return async (req: Request, res: Response, next: NextFunction) => {
    const access = requiredAccess(req.method, req.path, { publicHeartbeat: settings.publicHeartbeat });
    res.locals.access = access;
    // Public resources ignore credentials: a badge renders even for a browser holding stale ones.
    if (!settings.enabled || access.kind === 'public') return next();
    const credentials = parseAuthorization(req.headers.authorization);
    switch (credentials.kind) {
      case 'none':
        if (allowedWithoutCredentials(settings, access)) return next();
        return next(unauthorized(res, settings, decideMessage(settings, access)));
      case 'malformed':
        return next(unauthorized(res, settings, credentials.detail));
      case 'bearer': {
        const principal = await bearerPrincipal(deps, credentials.token);
        if (!principal)
          return next(
            unauthorized(
              res,
              settings,
              'The bearer token is not valid or has been revoked. Ask an admin for a new token (POST /tokens).',
              true,
            ),
          );
        res.locals.principal = principal;
        return next();
      }
      case 'basic': {
        const principal = basicPrincipal(settings, credentials.username, credentials.password);
        if (!principal)
          return next(
            unauthorized(
              res,
              settings,
              'The username or password is wrong. Check --broker-username/--broker-password (PACT_BROKER_USERNAME/PACT_BROKER_PASSWORD).',
            ),
          );
        res.locals.principal = principal;
        return next();
      }
      default: {
        const unreachable: never = credentials;
        return next(new Error(`unknown credentials ${JSON.stringify(unreachable)}`));
      }
    }
  };
}

function decideMessage(settings: AuthConfig, access: RequiredAccess): string {
  const decision = decideAccess(settings, undefined, access);
  return decision.allowed ? 'Authentication required.' : decision.detail;
}

/** Checks the scope and pacticipant limits after the body is parsed; 403 when they do not allow the request. */
export function authorize(deps: AuthDeps): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const access = res.locals.access;
    if (!deps.auth.enabled || access === undefined) return next();
    const principal = res.locals.principal;
    const needsSubject =
      principal !== undefined && principal.pacticipants.length > 0 && access.kind === 'scope' && access.scope === Scope.write;
    const subjectName = needsSubject ? await resolveSubject(deps.db, access.subject, req.body) : undefined;
    const decision = decideAccess(deps.auth, principal, access, subjectName);
    if (decision.allowed) return next();
    switch (decision.status) {
      case 401:
        return next(unauthorized(res, deps.auth, decision.detail));
      case 403:
        return next(new ForbiddenError(decision.detail));
      default: {
        const unreachable: never = decision;
        return next(new Error(`unknown decision ${JSON.stringify(unreachable)}`));
      }
    }
  };
}

async function resolveSubject(db: Db, subject: Subject, body: unknown): Promise<string | undefined> {
  switch (subject.kind) {
    case 'none':
      return undefined;
    case 'pacticipant':
      return subject.name;
    case 'bodyField': {
      const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[subject.field] : undefined;
      return typeof value === 'string' ? value.trim() : undefined;
    }
    case 'deployedVersion':
      return pacticipantOfDeployedVersion(db, subject.uuid);
    case 'releasedVersion':
      return pacticipantOfReleasedVersion(db, subject.uuid);
    default: {
      const unreachable: never = subject;
      throw new Error(`unknown subject ${JSON.stringify(unreachable)}`);
    }
  }
}
