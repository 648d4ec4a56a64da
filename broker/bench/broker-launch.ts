// Starts the broker as production runs it — `node ${BROKER_NODE_FLAGS} broker/dist/main.js`, the compiled build
// (rebuilt first when its sources changed, as `npm start` does) — or, with `fromSource`, from the TypeScript sources
// with the tsx loader (one process either way, so its pid is the broker's own), and measures the time until it
// answers HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from '../test/support/broker-process.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const mainScript = path.resolve(here, '../src/main.ts');
const compiledScript = path.resolve(here, '../dist/main.js');
const buildScript = path.resolve(here, '../../scripts/build.mjs');

export interface LaunchedBroker {
  url: string;
  child: ChildProcess;
  /** Spawn until the first 200 on GET / (includes Node start-up, loading the code, opening and migrating the database). */
  startMs: number;
  /** What the broker itself logs as its start-up time (config, database, listen), when it logs it. */
  reportedStartupMs: number | undefined;
  logs: string[];
  stop(): Promise<void>;
}

/**
 * The V8 flags `npm start` (broker/package.json) and the Dockerfile run the broker with (README, Performance; a
 * test keeps the three in step):
 * - `--max-semi-space-size=4`: a 4 MB young generation (V8's default is 16 MB) takes ~40 MB off the resident memory
 *   at rest, at no cost in throughput on the benchmark.
 * - `--heap-growing-percent=100`: after a full collection the old generation may grow to twice what survived it.
 *   V8's own factor reaches 4 when the program allocates fast, and a busy broker does (a 240 KB matrix body per
 *   answer, promoted out of the small young generation while the answer is in flight): the heap grew to ~190 MB
 *   for ~50 MB of live data and RSS peaked at 260 MB; with the factor at 2 it peaks at ~165 MB for ~10 % more GC
 *   time on those answers (issue #14). Not a cap: a request that really needs more memory still gets it.
 */
export const BROKER_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=100'];

export async function launchBroker(
  env: Record<string, string>,
  options: { preload?: string[]; nodeArgs?: string[]; timeoutMs?: number; fromSource?: boolean } = {},
): Promise<LaunchedBroker> {
  // Generous: on a loaded CI machine loading the TypeScript sources alone can take a minute.
  const timeoutMs = options.timeoutMs ?? 180_000;
  const port = await freePort();
  const preloads = options.preload ?? [];
  // The tsx loader: for the sources, and for a TypeScript preload (an --experiment) into the compiled broker.
  const tsx =
    options.fromSource || preloads.length > 0 ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  if (!options.fromSource) await buildIfStale();
  const entry = options.fromSource ? mainScript : compiledScript;
  const started = performance.now();
  const preload = preloads.flatMap((file) => ['--import', pathToFileURL(file).href]);
  const child = spawn(process.execPath, [...BROKER_NODE_FLAGS, ...(options.nodeArgs ?? []), ...tsx, ...preload, entry], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // The load holds up to 16 requests in flight per scenario: expensive ones (whole-integration matrices) wait for
      // a slot (TREATY_EXPENSIVE_CONCURRENCY, the production default) instead of being refused with 503.
      TREATY_EXPENSIVE_QUEUE: '64',
      TREATY_EXPENSIVE_WAIT_MS: '60000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const collect = (d: Buffer) => {
    // Keep the start-up lines and errors, not one line per request.
    for (const line of d.toString().split('\n')) if (line && logs.length < 200) logs.push(line);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the broker exited with ${child.exitCode}:\n${logs.join('\n')}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`the broker did not start within ${timeoutMs} ms:\n${logs.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - started;
  const reported = logs.map((l) => /"startupMs":(\d+)/.exec(l)?.[1]).find((v) => v !== undefined);
  return {
    url,
    child,
    startMs,
    logs,
    reportedStartupMs: reported === undefined ? undefined : Number(reported),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `node scripts/build.mjs --if-stale broker`, as `npm start` runs before starting: the bench measures current code. */
async function buildIfStale(): Promise<void> {
  const child = spawn(process.execPath, [buildScript, '--if-stale', 'broker'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`building the broker (scripts/build.mjs --if-stale broker) failed with exit code ${code}`);
}

/** A field of /proc/<pid>/status in MB (VmRSS: resident now, VmHWM: peak resident); Linux only, else undefined. */
async function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

/** Resident set size of a process in MB (VmRSS from /proc; Linux only), or undefined. */
export function rssMb(pid: number): Promise<number | undefined> {
  return statusMb(pid, 'VmRSS');
}

/**
 * The peak RSS of a process from now until stopped, in MB. Exact where the kernel lets us reset the process's
 * high-water mark (writing 5 to /proc/<pid>/clear_refs; then VmHWM is the peak since the reset, however short);
 * otherwise sampled every `everyMs` (a peak between two samples is missed).
 */
export async function sampleRss(pid: number, everyMs = 200): Promise<{ exact: boolean; stop(): Promise<number | undefined> }> {
  let exact = false;
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    exact = (await statusMb(pid, 'VmHWM')) !== undefined;
  } catch {
    // Not permitted (another user's process, a hardened kernel) or not Linux: sample.
  }
  let peak: number | undefined;
  const sample = async () => {
    const mb = await statusMb(pid, exact ? 'VmHWM' : 'VmRSS');
    if (mb !== undefined) peak = Math.max(peak ?? 0, mb);
  };
  const timer = exact ? undefined : setInterval(() => void sample(), everyMs);
  return {
    exact,
    async stop() {
      clearInterval(timer);
      await sample();
      return peak;
    },
  };
}

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat; undefined when gone. */
export async function cpuMs(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm) ": state is [0], utime [11], stime [12], in clock ticks (100 per second on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Total CPU ms of a set of processes, by pid. */
export async function cpuOf(pids: readonly number[]): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  for (const pid of pids) {
    const ms = await cpuMs(pid);
    if (ms !== undefined) result.set(pid, ms);
  }
  return result;
}
