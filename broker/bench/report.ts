// The benchmark's JSON report, the targets of issue #7 checked against it, and the printed table.
import type { LoadResult } from './load/load-generator.ts';
import type { RowCounts } from './seed/seed.ts';

export interface ScenarioResult extends LoadResult {
  scenario: string;
  description: string;
  concurrency: number;
  /** Median time of the scenario's raw indexed SQL lookup on the same database. */
  floorMs: number;
  p50OverFloor: number;
  /** CPU the broker process used per answer (warm-up included): hardly distorted by other load on the machine. */
  brokerCpuMsPerRequest: number;
  /** CPU of the Postgres backends serving the database per answer (null on PGlite, where it is the broker's). */
  dbCpuMsPerRequest: number | null;
  /** The broker's peak resident memory while this scenario ran (MB; null where /proc is unavailable). */
  rssPeakMb: number | null;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export interface BenchReport {
  startedAt: string;
  database: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    postgres: string | undefined;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  settings: { durationS: number; warmupS: number; concurrencies: number[]; brokerLogLevel: string; experiment: string | null };
  rows: RowCounts;
  broker: { startMs: number; rssAtRestMb: number | undefined; rssUnderLoadMb: number };
  scenarios: ScenarioResult[];
  schemaComparison: { status: 'measured'; figures: unknown } | { status: 'skipped' | 'failed'; note: string };
  targets: TargetCheck[];
}

/** The targets of issue #7 (informative: a missed target is reported, never a failed run). */
export function evaluateTargets(report: BenchReport): TargetCheck[] {
  const at = (scenario: string, concurrency: number) =>
    report.scenarios.find((s) => s.scenario === scenario && s.concurrency === concurrency);
  const checks: TargetCheck[] = [];
  const add = (target: string, value: number | undefined, limit: number, atMost: boolean, unit: string) => {
    if (value === undefined) return;
    checks.push({ target, measured: `${value} ${unit}`, met: atMost ? value <= limit : value >= limit });
  };
  for (const name of ['can-i-deploy to environment', 'can-i-deploy explicit versions']) {
    add(`${name}: p50 <= 5 ms at c=1`, at(name, 1)?.p50, 5, true, 'ms');
    add(`${name}: p99 <= 20 ms at c=1`, at(name, 1)?.p99, 20, true, 'ms');
    add(`${name}: >= 500 answers/s at c=16`, at(name, 16)?.throughput, 500, false, '/s');
  }
  for (const c of report.settings.concurrencies)
    add(`pacts for verification: p99 <= 30 ms at c=${c}`, at('pacts for verification', c)?.p99, 30, true, 'ms');
  const bestPublish = Math.max(...report.scenarios.filter((s) => s.scenario === 'publish new pact').map((s) => s.throughput));
  add('publish: >= 200 pacts/s (best concurrency, new content)', Number.isFinite(bestPublish) ? bestPublish : undefined, 200, false, '/s');
  add('broker RSS <= 200 MB at rest', report.broker.rssAtRestMb, 200, true, 'MB');
  add('broker RSS <= 200 MB under load', report.broker.rssUnderLoadMb, 200, true, 'MB');
  add('start <= 3 s', report.broker.startMs, 3000, true, 'ms');
  return checks;
}

export function formatTable(report: BenchReport): string {
  const head = ['scenario', 'c', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'floor ms', 'p50/floor', 'cpu/req broker', 'cpu/req db', 'RSS MB'];
  const rows = report.scenarios.map((s) => [
    s.scenario,
    String(s.concurrency),
    String(s.throughput),
    String(s.p50),
    String(s.p95),
    String(s.p99),
    String(s.floorMs),
    `${s.p50OverFloor}x`,
    `${s.brokerCpuMsPerRequest} ms`,
    s.dbCpuMsPerRequest === null ? '-' : `${s.dbCpuMsPerRequest} ms`,
    s.rssPeakMb === null ? '-' : String(s.rssPeakMb),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const m = report.machine;
  const out = [
    `Treaty benchmark on ${report.database} — ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}${m.postgres ? `, Postgres ${m.postgres}` : ''}`,
    ...(report.settings.experiment ? [`EXPERIMENT: ${report.settings.experiment} (not the broker as shipped)`] : []),
    `load average before/after: ${m.loadAverageBefore.map((n) => n.toFixed(2)).join(' ')} / ${m.loadAverageAfter.map((n) => n.toFixed(2)).join(' ')}`,
    `rows: ${report.rows.versions} versions, ${report.rows.pact_publications} publications, ${report.rows.pact_versions} pact versions, ${report.rows.verifications} verifications`,
    `broker: start ${report.broker.startMs} ms, RSS at rest ${report.broker.rssAtRestMb ?? '?'} MB, under load ${report.broker.rssUnderLoadMb} MB`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    'targets:',
    ...report.targets.map((t) => `  ${t.met ? 'met   ' : 'MISSED'}  ${t.target} (measured ${t.measured})`),
    '',
    report.schemaComparison.status === 'measured'
      ? `schema comparison (#8): ${JSON.stringify(report.schemaComparison.figures)}`
      : `schema comparison (#8): ${report.schemaComparison.status}: ${report.schemaComparison.note}`,
  ];
  return out.join('\n');
}
