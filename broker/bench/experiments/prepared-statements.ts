// EXPERIMENT, only with `npm run bench -- --experiment prepared-statements`; not how the broker runs.
// The broker now prepares its hand-written hot-path statements itself (prisma/src/connect.ts, its own pool with
// generic plans). This preload goes further, for comparison: preloaded into the broker process (node --import), it
// names EVERY parameterised query, Prisma's included, and the bench sets plan_cache_mode=force_generic_plan for all
// connections through PGOPTIONS.
import { createHash } from 'node:crypto';
import pg from 'pg';

type QueryConfig = { text: string; values?: unknown[]; name?: string };
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
const nameOf = (text: string) => `t_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;

pg.Client.prototype.query = function patchedQuery(this: pg.Client, ...args: unknown[]) {
  const [first, second] = args;
  if (typeof first === 'string' && Array.isArray(second) && second.length > 0) {
    return original.call(this, { text: first, values: second, name: nameOf(first) }, ...args.slice(2));
  }
  if (
    first !== null &&
    typeof first === 'object' &&
    typeof (first as QueryConfig).text === 'string' &&
    !(first as QueryConfig).name &&
    ((first as QueryConfig).values?.length ?? 0) > 0
  ) {
    return original.call(this, { ...(first as QueryConfig), name: nameOf((first as QueryConfig).text) }, ...args.slice(1));
  }
  return original.apply(this, args);
} as typeof pg.Client.prototype.query;
