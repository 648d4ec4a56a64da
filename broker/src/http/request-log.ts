// One JSON log line per request: request id, method, route pattern, status, duration. Probes and
// scrapes (/health*, /metrics) are logged at debug so they do not drown the info log. The URL is
// logged without its query string, and never a header: credentials stay out of the log.
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { routePattern } from './metrics.ts';

const QUIET_PATHS = /^\/(health(\/ready)?|metrics)\/?$/;

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
      const line = {
        requestId: String(res.getHeader('x-request-id') ?? ''),
        method: req.method,
        route: routePattern(req),
        path: req.path,
        status: res.statusCode,
        durationMs,
        ...(res.locals.principal ? { actor: res.locals.principal.actor } : {}),
      };
      if (QUIET_PATHS.test(req.path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
