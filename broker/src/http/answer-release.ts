// Releases this process's cached read answers (store/answer-cache.ts) once a write request has succeeded. The
// write bumped the answer generation, so none of them can be served again; the next read would drop them, but
// a run of writes with no read in between (a CI burst of publishes) would otherwise keep them, up to the cache's
// bound, on top of the memory the writes use (issue #14: peak RSS).
import type { RequestHandler } from 'express';
import { answerCacheOf } from '../store/answer-cache.ts';
import type { Db } from '../store/db.ts';
import { isWriteRequest } from './audit-trail.ts';

export function releaseAnswersAfterWrites(db: Db): RequestHandler {
  return (req, res, next) => {
    res.once('finish', () => {
      // A refused or failed write changed nothing the cache holds.
      if (res.statusCode < 400 && isWriteRequest(req, res)) answerCacheOf(db).forget();
    });
    next();
  };
}
