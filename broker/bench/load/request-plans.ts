// What each benchmark request is. A plan is plain data (it crosses to the load process over IPC);
// requestFor(plan, i) turns it into the i-th request. Writes get unique version numbers from `runId`,
// the load run (`series`, see forLoadRun) and `i`, so every publish and verification is a real new write, never
// a cached no-op.
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export type RequestPlan =
  /** The given requests, round-robin. */
  | { kind: 'cycle'; requests: RequestSpec[] }
  /** POST /contracts/publish for a new consumer version: new pact content each time, or the same content. */
  | { kind: 'publish'; runId: string; series?: string; consumer: string; provider: string; newContent: boolean }
  /** POST a verification result for one of the given pact versions, from a new provider version. */
  | { kind: 'verify'; runId: string; series?: string; targets: Array<{ provider: string; consumer: string; sha: string }> };

const enc = encodeURIComponent;

/**
 * The plan of one load run (a scenario at one concurrency). Each load run counts its requests from 0, so without a
 * series of its own the c=16 run of a bench would send the c=1 run's versions and content again: re-publishes of
 * existing versions (another code path: issue #14's "publish new pact" at c=16 measured those), not new writes.
 * The branch stays the bench run's.
 */
export function forLoadRun(plan: RequestPlan, series: string): RequestPlan {
  return plan.kind === 'cycle' ? plan : { ...plan, series };
}

export function benchPact(consumer: string, provider: string, variant: string): string {
  return JSON.stringify({
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [0, 1, 2].map((k) => ({
      description: `a benchmark request ${k} (${variant})`,
      request: { method: 'GET', path: `/bench/${k}` },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: k, variant } },
    })),
    metadata: { pactSpecification: { version: '2.0.0' } },
  });
}

export function requestFor(plan: RequestPlan, i: number): RequestSpec {
  switch (plan.kind) {
    case 'cycle':
      return plan.requests[i % plan.requests.length]!;
    case 'publish': {
      const id = plan.series === undefined ? `${plan.runId}` : `${plan.runId}-${plan.series}`;
      const pact = benchPact(plan.consumer, plan.provider, plan.newContent ? `${id}-${i}` : 'repeated');
      return {
        method: 'POST',
        path: '/contracts/publish',
        body: JSON.stringify({
          pacticipantName: plan.consumer,
          pacticipantVersionNumber: `bench-${id}-${plan.newContent ? 'new' : 'same'}-${i}`,
          // A branch of its own, so the benchmark's writes never move main or what is deployed.
          branch: `bench/${plan.runId}`,
          contracts: [
            {
              consumerName: plan.consumer,
              providerName: plan.provider,
              specification: 'pact',
              contentType: 'application/json',
              content: Buffer.from(pact).toString('base64'),
            },
          ],
        }),
      };
    }
    case 'verify': {
      const t = plan.targets[i % plan.targets.length]!;
      return {
        method: 'POST',
        path: `/pacts/provider/${enc(t.provider)}/consumer/${enc(t.consumer)}/pact-version/${t.sha}/verification-results`,
        body: JSON.stringify({
          success: true,
          providerApplicationVersion: `bench-${plan.series === undefined ? plan.runId : `${plan.runId}-${plan.series}`}-${i}`,
          buildUrl: 'https://ci.example.com/bench',
        }),
      };
    }
    default: {
      const unreachable: never = plan;
      return unreachable;
    }
  }
}
