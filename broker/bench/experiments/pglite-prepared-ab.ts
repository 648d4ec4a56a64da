// npx tsx broker/bench/experiments/pglite-prepared-ab.ts [requests per scenario, default 40]
//
// Issue #14, PGlite within 3 x PostgreSQL: what PGlite's prepared statements with generic plans (prisma/src/connect.ts)
// save, as an A/B in one process, so a busy machine distorts both sides alike. The same seeded data folder (20 x 100)
// is copied twice, one copy opened with prepared statements and one without; each scenario's requests alternate
// between the two apps (in-process, through supertest), and the CPU time per request (process.cpuUsage) is summed per side.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import supertest from 'supertest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/store/db.ts';
import { requestFor } from '../load/request-plans.ts';
import { buildScenarios } from '../scenarios.ts';
import { seedPglite } from '../seed/seed-target.ts';

const base = await mkdtemp(path.join(os.tmpdir(), 'h14m-ab-'));
const a = path.join(base, 'a');
await seedPglite(a, { services: 20, versions: 100, seed: 1, onProgress: () => {} });
const b = path.join(base, 'b');
await cp(a, b, { recursive: true });
const side = async (dir: string, preparedStatements: boolean) => {
  const db = await openDatabase({ kind: 'embedded', dataDir: dir, preparedStatements });
  const app = createApp({
    config: loadConfig({ TREATY_DATA_DIR: dir, LOG_LEVEL: 'warn', TREATY_JOBS: 'off' }),
    db,
    logger: pino({ level: 'warn' }),
  });
  return { db, app, cpu: 0, n: 0 };
};
const on = await side(a, true);
const off = await side(b, false);
const scenarios = await buildScenarios(on.db.pools.hotPool, 1, Date.now().toString(36));
const N = Number(process.argv[2] ?? 40);
for (const s of scenarios) {
  for (const x of [on, off]) {
    x.cpu = 0;
    x.n = 0;
  }
  for (let i = 0; i < N + 5; i++) {
    for (const x of i % 2 ? [on, off] : [off, on]) {
      const spec = requestFor(s.plan, i);
      const t = process.cpuUsage();
      const r =
        spec.method === 'GET'
          ? supertest(x.app).get(spec.path)
          : supertest(x.app)
              .post(spec.path)
              .set('content-type', 'application/json')
              .send(spec.body ?? '');
      const res = await r;
      if (res.status >= 300) throw new Error(`${s.name}: ${res.status} ${res.text.slice(0, 200)}`);
      const u = process.cpuUsage(t);
      if (i >= 5) {
        x.cpu += (u.user + u.system) / 1000;
        x.n++;
      }
    }
  }
  console.log(
    `${s.name.padEnd(32)} prepared ${(on.cpu / on.n).toFixed(2)} ms CPU/req   unprepared ${(off.cpu / off.n).toFixed(2)} ms CPU/req   ratio ${(off.cpu / on.cpu).toFixed(2)}x`,
  );
}
await on.db.close();
await off.db.close();
await rm(base, { recursive: true, force: true });
