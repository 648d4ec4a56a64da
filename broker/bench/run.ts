// npm run bench [-- --database-url URL --duration S --warmup S --json out.json --pglite --only TEXT --from-source]
//
// 1. Makes sure the seeded database exists (PostgreSQL: seeds treaty_bench when it is missing or
//    empty; --pglite: seeds a small dataset into a temporary PGlite data folder).
// 2. Picks random scenario inputs and times the raw SQL floor of each scenario.
// 3. Starts the broker as its own process on that database, compiled as production runs it (--from-source: the
//    TypeScript sources with tsx): start time, RSS at rest.
// 4. From a separate load process: per scenario and concurrency, a warm-up, then p50/p95/p99 and
//    throughput, the broker's event-loop delay over the measured period, its peak RSS. Any bad answer fails the
//    run (exit 1).
// 5. Prints a table and the targets of issue #14 (with --compare-with, PGlite against a PostgreSQL report), and
//    writes JSON (default ./bench-results.json).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase, type Database } from '../src/store/db.ts';
import { parseBenchArgs, UsageError } from './bench-args.ts';
import { cpuOf, launchBroker, rssMb, sampleRss, type LaunchedBroker } from './broker-launch.ts';
import { LoadProcess } from './load/load-process.ts';
import type { LoadResult } from './load/load-generator.ts';
import { forLoadRun } from './load/request-plans.ts';
import { DEFAULT_BENCH_URL, postgresDatabaseExists } from './postgres-admin.ts';
import { buildScenarios, measureFloor, selectScenarios, type Scenario } from './scenarios.ts';
import { countRows, type RowCounts } from './seed/seed.ts';
import { seedPglite, seedPostgres } from './seed/seed-target.ts';
import { evaluateTargets, formatTable, type BenchReport, type ScenarioResult } from './report.ts';

const usage = `Usage: npm run bench [-- options]

Seeds the benchmark database when needed, starts the broker as its own process, loads it from a separate
process and prints p50/p95/p99, throughput and memory per scenario (README, Performance).

Options:
  --database-url URL   PostgreSQL database to benchmark (default ${DEFAULT_BENCH_URL}); seeded when missing or empty
  --pglite             use a temporary embedded PGlite database instead (default dataset 20 x 100)
  --services N         pacticipants in the dataset when seeding (default 200; 20 with --pglite)
  --versions N         versions per pacticipant when seeding (default 500; 100 with --pglite)
  --seed N             dataset seed (default 1)
  --reseed             recreate and seed the PostgreSQL database even when it exists
  --duration S         seconds measured per scenario and concurrency (default 10)
  --warmup S           warm-up seconds before each measurement (default 3)
  --concurrency LIST   comma-separated concurrencies (default 1,16)
  --only TEXT[,TEXT]   run only the scenarios whose name contains one of these (case-insensitive)
  --json FILE          where to write the JSON report (default bench-results.json)
  --log-level LEVEL    the broker's log level (default warn)
  --experiment NAME    prepared-statements: run the broker with the prepared-statements experiment
  --from-source        run the broker from its TypeScript sources with tsx instead of the compiled
                       broker/dist/main.js (rebuilt when stale) that npm start and the image run
  --compare-with FILE  a JSON report of a PostgreSQL run: with --pglite, checks every scenario's p50 at c=1 is
                       within 3 x PostgreSQL's (issue #14)
  -h, --help           print this help

Exit codes: 0 done, 1 a scenario or the run failed, 2 invalid options.`;

/** The parsed options, or undefined when --help was asked for (the usage is printed). */
function options() {
  const values = parseBenchArgs(
    process.argv.slice(2),
    {
      'database-url': { type: 'string', default: DEFAULT_BENCH_URL },
      pglite: { type: 'boolean', default: false },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      json: { type: 'string', default: 'bench-results.json' },
      concurrency: { type: 'string', default: '1,16' },
      services: { type: 'string' },
      versions: { type: 'string' },
      seed: { type: 'string', default: '1' },
      reseed: { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'warn' },
      experiment: { type: 'string' },
      only: { type: 'string' },
      'from-source': { type: 'boolean', default: false },
      'compare-with': { type: 'string' },
    },
    usage,
  );
  if (!values) return undefined;
  const num = (v: string, flag: string, min = 0) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new UsageError(`${flag} must be a number >= ${min}, got "${v}"`);
    return n;
  };
  const pglite = values.pglite;
  return {
    url: values['database-url'],
    pglite,
    durationMs: num(values.duration, '--duration', 0.1) * 1000,
    warmupMs: num(values.warmup, '--warmup') * 1000,
    json: path.resolve(values.json),
    concurrencies: values.concurrency.split(',').map((c) => Math.trunc(num(c, '--concurrency', 1))),
    services: Math.trunc(num(values.services ?? (pglite ? '20' : '200'), '--services', 1)),
    versions: Math.trunc(num(values.versions ?? (pglite ? '100' : '500'), '--versions', 1)),
    seed: Math.trunc(num(values.seed, '--seed', 1)),
    reseed: values.reseed,
    logLevel: values['log-level'],
    experiment: experimentOption(values.experiment),
    fromSource: values['from-source'],
    compareWith: values['compare-with'] === undefined ? undefined : path.resolve(values['compare-with']),
    /** Run only the scenarios whose name contains one of these (comma-separated, case-insensitive). */
    only:
      values.only
        ?.split(',')
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== '') ?? [],
  };
}
type Options = NonNullable<ReturnType<typeof options>>;

/** `--experiment prepared-statements`: see experiments/prepared-statements.ts. Labelled in the report. */
function experimentOption(value: string | undefined): 'prepared-statements' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'prepared-statements') throw new UsageError(`--experiment must be "prepared-statements", got "${value}"`);
  return value;
}

function experimentLaunch(o: Options): { env: Record<string, string>; preload: string[] } {
  if (o.experiment !== 'prepared-statements') return { env: {}, preload: [] };
  return {
    env: { PGOPTIONS: '-c plan_cache_mode=force_generic_plan' },
    preload: [path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'experiments/prepared-statements.ts')],
  };
}

const log = (m: string) => console.log(`[bench] ${m}`);

/** Opens the benchmark database, seeding it first when needed; returns how to point the broker at it. */
async function prepareDatabase(
  o: Options,
): Promise<{ open: () => Promise<Database>; brokerEnv: Record<string, string>; cleanup: () => Promise<void>; label: string }> {
  const seedOptions = { services: o.services, versions: o.versions, seed: o.seed, onProgress: (m: string) => log(`seed: ${m}`) };
  if (o.pglite) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'treaty-bench-pglite-'));
    log(`seeding ${o.services} services x ${o.versions} versions into PGlite at ${dir}`);
    await seedPglite(dir, seedOptions);
    return {
      open: () => openDatabase({ kind: 'embedded', dataDir: dir }),
      brokerEnv: { TREATY_DATA_DIR: dir },
      cleanup: () => rm(dir, { recursive: true, force: true }),
      label: `PGlite (embedded), ${o.services} services x ${o.versions} versions`,
    };
  }
  let seeded = !o.reseed && (await postgresDatabaseExists(o.url));
  if (seeded) {
    const db = await openDatabase({ kind: 'postgres', url: o.url, poolSize: 1 });
    try {
      seeded =
        (await db.pools.pool.query(`SELECT to_regclass('public.verifications') IS NOT NULL AS ok`)).rows[0]?.ok === true &&
        (await countRows(db)).verifications > 0;
    } finally {
      await db.close();
    }
  }
  if (!seeded) {
    log(`seeding ${o.services} services x ${o.versions} versions into ${o.url} (takes minutes; npm run bench:seed does only this)`);
    await seedPostgres(o.url, seedOptions);
  }
  return {
    open: () => openDatabase({ kind: 'postgres', url: o.url, poolSize: 1 }),
    brokerEnv: { DATABASE_URL: o.url },
    cleanup: async () => {},
    label: 'PostgreSQL',
  };
}

/** A PostgreSQL report to compare a PGlite run with (--compare-with). */
async function readBaseline(file: string): Promise<BenchReport> {
  let report: BenchReport;
  try {
    report = JSON.parse(await readFile(file, 'utf8')) as BenchReport;
  } catch (err) {
    throw new UsageError(`--compare-with ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(report.scenarios)) throw new UsageError(`--compare-with ${file}: not a bench JSON report (no scenarios)`);
  return report;
}

/** The schema-comparison figures of issue #8, when verifiers/bench/compare-schemas.ts exists. */
async function schemaComparison(): Promise<BenchReport['schemaComparison']> {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../verifiers/bench/compare-schemas.ts');
  if (!existsSync(file)) return { status: 'skipped', note: 'verifiers/bench/compare-schemas.ts does not exist yet (issue #8)' };
  try {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    // Its entry point is benchSchemaComparison(); never call the file's other exports (fixture builders).
    const fn = [mod.benchSchemaComparison, mod.compareSchemas, mod.default].find(
      (v): v is () => Promise<unknown> => typeof v === 'function',
    );
    if (!fn) return { status: 'skipped', note: 'verifiers/bench/compare-schemas.ts does not export benchSchemaComparison()' };
    return { status: 'measured', figures: await fn() };
  } catch (err) {
    return { status: 'failed', note: err instanceof Error ? err.message : String(err) };
  }
}

async function main(): Promise<number> {
  const o = options();
  if (!o) return 0;
  // Read before anything starts: a wrong file is a usage error (exit 2), not a failed run.
  const baseline = o.compareWith ? await readBaseline(o.compareWith) : undefined;
  const loadBefore = os.loadavg();
  const database = await prepareDatabase(o);
  let broker: LaunchedBroker | undefined;
  let load: LoadProcess | undefined;
  const results: ScenarioResult[] = [];
  let failure: string | undefined;
  let counts: RowCounts;
  let scenarios: Scenario[];
  const floors = new Map<string, number>();
  let postgresVersion: string | undefined;
  try {
    // PGlite allows one process per data folder, so the floors are timed before the broker opens it.
    const db = await database.open();
    try {
      counts = await countRows(db);
      postgresVersion = String((await db.pools.pool.query(`SELECT current_setting('server_version') AS v`)).rows[0]?.v);
      scenarios = selectScenarios(await buildScenarios(db.pools.hotPool, o.seed, `${Date.now().toString(36)}`), o.only);
      for (const s of scenarios) floors.set(s.name, await measureFloor(db.pools.hotPool, s));
    } finally {
      await db.close();
    }
    log(
      `rows: ${Object.entries(counts)
        .map(([t, n]) => `${t}=${n}`)
        .join(', ')}`,
    );

    const experiment = experimentLaunch(o);
    broker = await launchBroker(
      { ...database.brokerEnv, ...experiment.env, LOG_LEVEL: o.logLevel },
      { preload: experiment.preload, fromSource: o.fromSource },
    );
    log(
      `broker (${o.fromSource ? 'from source, tsx' : 'compiled'}) listening after ${Math.round(broker.startMs)} ms (pid ${broker.child.pid})`,
    );
    await new Promise((r) => setTimeout(r, 2000));
    const rssAtRest = await rssMb(broker.child.pid!);
    load = new LoadProcess();
    let rssPeak = rssAtRest ?? 0;
    let rssPeakExact = true;
    // CPU per request is what a loaded machine cannot distort much: the broker's own, and (on
    // PostgreSQL) that of the server backends serving this database.
    const monitor = o.pglite ? undefined : await database.open();
    const backendPids = async () =>
      monitor
        ? (
            await monitor.pools.pool.query(
              `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
            )
          ).rows.map((r) => Number(r.pid))
        : [];
    for (const scenario of scenarios) {
      for (const concurrency of o.concurrencies) {
        const sampler = await sampleRss(broker.child.pid!);
        rssPeakExact &&= sampler.exact;
        let result: LoadResult;
        let rssPeakMb: number | null = null;
        const before = await cpuOf([broker.child.pid!, ...(await backendPids())]);
        const started = performance.now();
        try {
          result = await load.run({
            baseUrl: broker.url,
            plan: forLoadRun(scenario.plan, `c${concurrency}`),
            check: scenario.check,
            concurrency,
            warmupMs: o.warmupMs,
            durationMs: o.durationMs,
            eventLoop: true,
          });
        } finally {
          rssPeakMb = (await sampler.stop()) ?? null;
          rssPeak = Math.max(rssPeak, rssPeakMb ?? 0);
        }
        const elapsed = performance.now() - started;
        const after = await cpuOf([broker.child.pid!, ...(await backendPids())]);
        const used = (pid: number) => (after.get(pid) ?? 0) - (before.get(pid) ?? 0);
        // Requests over warm-up and measured period together (the CPU counters cover both).
        const answered = result.requests * (elapsed / result.durationMs);
        const brokerCpuMsPerRequest = Math.round((used(broker.child.pid!) / answered) * 100) / 100;
        const dbCpuMsPerRequest = monitor
          ? Math.round(([...after.keys()].filter((p) => p !== broker!.child.pid).reduce((n, p) => n + used(p), 0) / answered) * 100) / 100
          : null;
        const floorMs = floors.get(scenario.name)!;
        results.push({
          scenario: scenario.name,
          description: scenario.description,
          concurrency,
          ...result,
          floorMs,
          p50OverFloor: Math.round((result.p50 / floorMs) * 10) / 10,
          brokerCpuMsPerRequest,
          dbCpuMsPerRequest,
          rssPeakMb,
        });
        log(
          `${scenario.name} c=${concurrency}: ${result.throughput}/s p50 ${result.p50} ms p99 ${result.p99} ms, CPU/request broker ${brokerCpuMsPerRequest} ms db ${dbCpuMsPerRequest ?? '-'} ms, event loop p99 ${result.eventLoop?.p99Ms ?? '?'} ms, RSS peak ${rssPeakMb ?? '?'} MB`,
        );
      }
    }
    await monitor?.close();
    // What the broker keeps once the load is gone (issue #14: a whole-integration matrix left 650 MB behind).
    await new Promise((r) => setTimeout(r, 5000));
    const rssAfter = await rssMb(broker.child.pid!);
    const report: BenchReport = {
      startedAt: new Date().toISOString(),
      database: database.label,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        postgres: postgresVersion,
        loadAverageBefore: loadBefore,
        loadAverageAfter: os.loadavg(),
      },
      settings: {
        durationS: o.durationMs / 1000,
        warmupS: o.warmupMs / 1000,
        concurrencies: o.concurrencies,
        brokerLogLevel: o.logLevel,
        experiment: o.experiment ?? null,
        brokerLaunch: o.fromSource ? 'source' : 'compiled',
      },
      rows: counts,
      broker: {
        startMs: Math.round(broker.startMs),
        rssAtRestMb: rssAtRest,
        rssPeakMb: rssPeak,
        rssPeakExact,
        rssAfterMb: rssAfter,
      },
      scenarios: results,
      schemaComparison: await schemaComparison(),
      targets: [],
    };
    report.targets = evaluateTargets(report, baseline);
    console.log(formatTable(report));
    await writeFile(o.json, JSON.stringify(report, null, 2) + '\n');
    log(`wrote ${o.json}`);
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  } finally {
    load?.stop();
    await broker?.stop();
    await database.cleanup();
  }
  if (failure !== undefined) {
    console.error(`[bench] FAILED: ${failure}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof UsageError ? err.message : err);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
