// `npm run bench` end to end at a tiny scale (issue #7): seeds, starts the broker as its own process,
// loads it from the load process, exits 0 and writes a JSON report with every scenario. On PGlite by
// default; with DATABASE_URL, on a scratch PostgreSQL database next to it (dropped afterwards).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dropPostgresDatabase } from '../../bench/postgres-admin.ts';
import type { BenchReport } from '../../bench/report.ts';
import { selectScenarios } from '../../bench/scenarios.ts';
import { testDatabaseUrl } from '../support/test-database.ts';

const runScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench/run.ts');

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, runScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('npm run bench (tiny scale)', () => {
  const postgresUrl = testDatabaseUrl();
  const scratchUrl = postgresUrl
    ? Object.assign(new URL(postgresUrl), { pathname: `/treaty_bench_test_${randomBytes(4).toString('hex')}` }).toString()
    : undefined;
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    if (scratchUrl) await dropPostgresDatabase(scratchUrl);
  });

  it('exits 0 and writes a report with every scenario at both concurrencies', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'treaty-bench-test-'));
    const json = path.join(dir, 'out.json');
    const target = scratchUrl ? ['--database-url', scratchUrl] : ['--pglite'];
    const { code, output } = await runBench([
      ...target,
      '--services',
      '5',
      '--versions',
      '12',
      '--duration',
      '0.3',
      '--warmup',
      '0.1',
      '--json',
      json,
    ]);
    expect(code, output).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8')) as BenchReport;
    expect(report.rows.pacticipants).toBe(5);
    expect(report.rows.versions).toBe(60);
    expect(report.scenarios.map((s) => `${s.scenario}@${s.concurrency}`)).toEqual(
      [
        'can-i-deploy to environment',
        'can-i-deploy explicit versions',
        'matrix for an integration',
        'pacts for verification',
        'publish new pact',
        'publish repeated pact',
        'publish verification result',
      ].flatMap((s) => [`${s}@1`, `${s}@16`]),
    );
    for (const s of report.scenarios) {
      expect(s.requests, s.scenario).toBeGreaterThan(0);
      expect(s.p50, s.scenario).toBeLessThanOrEqual(s.p99);
      expect(s.floorMs, s.scenario).toBeGreaterThan(0);
      expect(s.rssPeakMb, s.scenario).toBeGreaterThan(0);
      // The broker's event-loop delay over the measured period, from two scrapes of its /metrics (#14).
      expect(s.eventLoop?.samples, s.scenario).toBeGreaterThan(0);
      expect(s.eventLoop?.p99Ms, s.scenario).toBeGreaterThanOrEqual(0);
    }
    // The broker ran as production runs it: compiled.
    expect(report.settings.brokerLaunch).toBe('compiled');
    expect(report.broker.startMs).toBeGreaterThan(0);
    expect(report.broker.rssAtRestMb).toBeGreaterThan(0);
    expect(report.broker.rssPeakMb).toBeGreaterThanOrEqual(Math.max(...report.scenarios.map((s) => s.rssPeakMb ?? 0)));
    expect(report.targets.map((t) => t.target)).toContain('event-loop delay p99 <= 20 ms during every scenario');
    expect(report.targets.length).toBeGreaterThan(5);
    expect(output).toContain('p50/floor');
  }, 600_000);
});

describe('npm run bench -- --only', () => {
  const all = [{ name: 'can-i-deploy to environment' }, { name: 'can-i-deploy explicit versions' }, { name: 'publish new pact' }];
  it('keeps the scenarios whose name contains one of the texts, all of them without --only', () => {
    expect(selectScenarios(all, ['publish', 'explicit']).map((s) => s.name)).toEqual([
      'can-i-deploy explicit versions',
      'publish new pact',
    ]);
    expect(selectScenarios(all, [])).toEqual(all);
  });
  it('refuses a text that matches nothing, naming the scenarios', () => {
    expect(() => selectScenarios(all, ['matrix'])).toThrow(/--only matched no scenario; the scenarios are: can-i-deploy to environment; /);
  });
});
