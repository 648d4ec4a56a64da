// npm run bench:seed -- --services 200 --versions 500 [--database-url URL] [--seed N]
// (Re)creates the benchmark database on PostgreSQL, migrates it with the broker's migration runner,
// fills it with the simulated dataset and prints the row counts.
import { parseBenchArgs, UsageError } from './bench-args.ts';
import { DEFAULT_BENCH_URL } from './postgres-admin.ts';
import { seedPostgres } from './seed/seed-target.ts';

const usage = `Usage: npm run bench:seed -- [options]

(Re)creates the benchmark database on PostgreSQL (it is dropped first), migrates it and fills it with the
simulated dataset, then prints the row counts.

Options:
  --services N         pacticipants (default 200)
  --versions N         versions per pacticipant (default 500)
  --seed N             dataset seed (default 1)
  --database-url URL   the database to recreate (default ${DEFAULT_BENCH_URL})
  -h, --help           print this help

Exit codes: 0 seeded, 1 failed, 2 invalid options.`;

async function main(): Promise<void> {
  const values = parseBenchArgs(
    process.argv.slice(2),
    {
      services: { type: 'string', default: '200' },
      versions: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string', default: DEFAULT_BENCH_URL },
    },
    usage,
  );
  if (!values) return;
  const services = positiveInt(values.services, '--services');
  const versions = positiveInt(values.versions, '--versions');
  const seed = positiveInt(values.seed, '--seed');
  const url = values['database-url'];
  const started = Date.now();
  console.log(`Recreating ${redact(url)} and seeding ${services} services x ${versions} versions (seed ${seed})...`);
  const counts = await seedPostgres(url, { services, versions, seed, onProgress: (m) => console.log(m) });
  console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(0)} s. Row counts:`);
  console.table(counts);
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

main().catch((err: unknown) => {
  console.error(err instanceof UsageError ? err.message : err);
  process.exit(err instanceof UsageError ? 2 : 1);
});
