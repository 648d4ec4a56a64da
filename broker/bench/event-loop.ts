// The broker's event-loop delay over one window of the benchmark (issue #14: p99 <= 20 ms during every scenario).
//
// The broker exposes a cumulative, never-reset histogram, treaty_event_loop_lateness_seconds, on /metrics (see
// broker/src/http/metrics.ts). The bench scrapes it at the start and the end of a scenario's measured period and
// diffs the bucket counts: the window is exactly that period, nothing in the broker is reset (Prometheus scraping
// the same broker is undisturbed), and there is no bench-only endpoint in the broker. The price is bucket precision:
// the p99 is interpolated inside its bucket as Prometheus' histogram_quantile does (exact at the bucket bounds, one of
// which is the 20 ms target), and the max is known as the upper bound of the highest bucket that has samples.

export const LATENESS_METRIC = 'treaty_event_loop_lateness_seconds';

/** Cumulative counts per upper bound (seconds, ascending, the last one Infinity), as Prometheus exposes them. */
export interface HistogramSnapshot {
  bounds: number[];
  cumulative: number[];
}

export interface EventLoopWindow {
  /** Timer ticks sampled in the window (about one per 10 ms of idle loop; fewer when the loop is busy). */
  samples: number;
  /** Interpolated 99th percentile of the lateness, ms. */
  p99Ms: number;
  /** The highest lateness is at most this (ms): the upper bound of the highest bucket with samples; null above the last bound. */
  maxAtMostMs: number | null;
}

/** The histogram's buckets in Prometheus text exposition, or undefined when the broker does not expose it. */
export function parseHistogram(text: string, name = LATENESS_METRIC): HistogramSnapshot | undefined {
  const buckets: Array<[number, number]> = [];
  const pattern = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)`, 'gm');
  for (const m of text.matchAll(pattern)) {
    const bound = m[1] === '+Inf' ? Infinity : Number(m[1]);
    buckets.push([bound, Number(m[2])]);
  }
  if (buckets.length === 0 || buckets.some(([b, c]) => Number.isNaN(b) || !Number.isFinite(c))) return undefined;
  buckets.sort((a, b) => a[0] - b[0]);
  return { bounds: buckets.map((b) => b[0]), cumulative: buckets.map((b) => b[1]) };
}

/** The samples taken between two snapshots of the same histogram, summarised; undefined when they do not match. */
export function windowBetween(before: HistogramSnapshot, after: HistogramSnapshot): EventLoopWindow | undefined {
  if (before.bounds.length !== after.bounds.length || before.bounds.some((b, i) => b !== after.bounds[i])) return undefined;
  const cumulative = after.cumulative.map((c, i) => c - before.cumulative[i]!);
  const bounds = after.bounds;
  const total = cumulative.at(-1) ?? 0;
  if (total <= 0) return { samples: 0, p99Ms: 0, maxAtMostMs: 0 };
  const ms = (seconds: number) => Math.round(seconds * 1000 * 100) / 100;
  // histogram_quantile: the bucket holding the rank, linear inside it; in the +Inf bucket, the last finite bound.
  const rank = 0.99 * total;
  const i = cumulative.findIndex((c) => c >= rank);
  const upper = bounds[i]!;
  const lower = i === 0 ? 0 : bounds[i - 1]!;
  const below = i === 0 ? 0 : cumulative[i - 1]!;
  const inBucket = cumulative[i]! - below;
  const p99 = upper === Infinity ? lower : lower + (upper - lower) * (inBucket > 0 ? (rank - below) / inBucket : 1);
  // The highest bucket whose cumulative count rose above the one below it.
  let top = 0;
  for (let j = 0; j < cumulative.length; j++) if (cumulative[j]! > (j === 0 ? 0 : cumulative[j - 1]!)) top = j;
  const topBound = bounds[top]!;
  return { samples: total, p99Ms: ms(p99), maxAtMostMs: topBound === Infinity ? null : ms(topBound) };
}

/** Scrapes the broker's /metrics for the lateness histogram; undefined when it is not there (an older broker). */
export async function scrapeLateness(baseUrl: string): Promise<HistogramSnapshot | undefined> {
  try {
    const res = await fetch(new URL('/metrics', baseUrl));
    if (!res.ok) return undefined;
    return parseHistogram(await res.text());
  } catch {
    return undefined;
  }
}
