// The bench's event-loop window (issue #14): two scrapes of the broker's cumulative lateness histogram, diffed, give
// the p99 and the max over exactly the period between them, whatever was sampled before.
import { describe, expect, it } from 'vitest';
import { parseHistogram, windowBetween, type HistogramSnapshot } from '../../bench/event-loop.ts';

const exposition = (counts: Record<string, number>) =>
  [
    '# HELP treaty_event_loop_lateness_seconds How late a timer ran',
    '# TYPE treaty_event_loop_lateness_seconds histogram',
    ...Object.entries(counts).map(([le, n]) => `treaty_event_loop_lateness_seconds_bucket{le="${le}"} ${n}`),
    `treaty_event_loop_lateness_seconds_sum 1.5`,
    `treaty_event_loop_lateness_seconds_count ${counts['+Inf']}`,
    'treaty_event_loop_delay_seconds{quantile="0.99"} 0.01',
  ].join('\n');

describe('parseHistogram', () => {
  it('reads the cumulative buckets of the lateness histogram, +Inf last', () => {
    expect(parseHistogram(exposition({ '0.001': 5, '0.02': 9, '+Inf': 10 }))).toEqual({
      bounds: [0.001, 0.02, Infinity],
      cumulative: [5, 9, 10],
    });
  });
  it('is undefined for a broker that does not expose it', () => {
    expect(parseHistogram('treaty_event_loop_delay_seconds{quantile="0.99"} 0.01\n')).toBeUndefined();
  });
});

describe('windowBetween', () => {
  const snapshot = (cumulative: number[]): HistogramSnapshot => ({ bounds: [0.001, 0.01, 0.02, 0.05, Infinity], cumulative });

  it('counts only what was sampled between the two scrapes', () => {
    // Before: 1 000 samples, 100 of them over 50 ms. The window adds 1 000 samples, all within 1 ms.
    const before = snapshot([800, 850, 880, 900, 1000]);
    const after = snapshot([1800, 1850, 1880, 1900, 2000]);
    expect(windowBetween(before, after)).toEqual({ samples: 1000, p99Ms: 0.99, maxAtMostMs: 1 });
  });

  it('interpolates the p99 inside its bucket, and bounds the max by the highest bucket with samples', () => {
    // 1 000 samples: 980 within 1 ms, 20 between 10 and 20 ms. Rank 990 is the 10th of those 20: 10 + 10 x 10/20 = 15 ms.
    const w = windowBetween(snapshot([0, 0, 0, 0, 0]), snapshot([980, 980, 1000, 1000, 1000]));
    expect(w).toEqual({ samples: 1000, p99Ms: 15, maxAtMostMs: 20 });
  });

  it('is exact at a bucket bound: 99% within 20 ms gives a p99 of at most 20 ms, 98.9% above it', () => {
    expect(windowBetween(snapshot([0, 0, 0, 0, 0]), snapshot([0, 0, 990, 1000, 1000]))!.p99Ms).toBeLessThanOrEqual(20);
    expect(windowBetween(snapshot([0, 0, 0, 0, 0]), snapshot([0, 0, 989, 1000, 1000]))!.p99Ms).toBeGreaterThan(20);
  });

  it('reports a max beyond the last bound as unknown (null) and the p99 there as that bound', () => {
    expect(windowBetween(snapshot([0, 0, 0, 0, 0]), snapshot([0, 0, 0, 0, 10]))).toEqual({ samples: 10, p99Ms: 50, maxAtMostMs: null });
  });

  it('is an empty window when nothing was sampled, and undefined when the buckets differ', () => {
    expect(windowBetween(snapshot([1, 2, 3, 4, 5]), snapshot([1, 2, 3, 4, 5]))).toEqual({ samples: 0, p99Ms: 0, maxAtMostMs: 0 });
    expect(windowBetween(snapshot([1, 2, 3, 4, 5]), { bounds: [0.001, Infinity], cumulative: [1, 5] })).toBeUndefined();
  });
});
