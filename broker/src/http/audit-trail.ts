// Writes one audit event per write request (POST/PUT/PATCH/DELETE) once its response has been
// sent: who (the token name, basic-auth user, or "anonymous"), what (method, path, status), from
// where, and the request id. The insert runs after the response, so it adds no latency; when it
// fails, the error is logged and the (already answered) request is unaffected.
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import { insertAuditEvent, type AuditEventInput } from '../store/operations/audit-events.ts';
import { routePattern } from './metrics.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own extension point
  namespace Express {
    interface Locals {
      /**
       * Set by a handler whose request the access rules call a read but which changed something
       * (a GraphQL mutation over POST /graphql), so that it is audited like any other write.
       */
      auditAsWrite?: boolean;
    }
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const ANONYMOUS_ACTOR = 'anonymous';

export interface AuditTrailDeps {
  db: Db;
  logger: Logger;
}

/**
 * True for requests that change something: writes, except those the access rules call reads
 * (POST .../for-verification, GraphQL queries), unless the handler marked them `auditAsWrite`.
 */
export function isWriteRequest(req: Request, res: Response): boolean {
  if (!WRITE_METHODS.has(req.method)) return false;
  if (res.locals.auditAsWrite === true) return true;
  const access = res.locals.access;
  return !(access?.kind === 'scope' && access.scope === 'read');
}

function auditEvent(req: Request, res: Response): AuditEventInput {
  const principal = res.locals.principal;
  const pattern = routePattern(req);
  return {
    actor: principal?.actor ?? ANONYMOUS_ACTOR,
    method: req.method,
    path: req.originalUrl.split('?')[0] ?? req.path,
    status: res.statusCode,
    remoteAddress: req.ip ?? req.socket.remoteAddress,
    requestId: String(res.getHeader('x-request-id') ?? '') || undefined,
    details: {
      route: pattern,
      ...(principal?.tokenId !== undefined ? { tokenId: principal.tokenId } : {}),
      // req.ip honours X-Forwarded-For (trust proxy); keep the connection's own peer too when it differs.
      ...(req.socket.remoteAddress && req.socket.remoteAddress !== req.ip ? { peer: req.socket.remoteAddress } : {}),
    },
  };
}

export function auditTrail(deps: AuditTrailDeps): RequestHandler {
  return (req, res, next) => {
    // 'close' rather than 'finish': a write whose client went away before the answer still happened.
    res.once('close', () => {
      if (!isWriteRequest(req, res)) return;
      const event = auditEvent(req, res);
      insertAuditEvent(deps.db, event).catch((err: unknown) => deps.logger.error({ err, audit: event }, 'could not write the audit event'));
    });
    next();
  };
}
