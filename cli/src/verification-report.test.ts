// The summary `treaty verify` prints after the Pact verifier's report (pinned as users read it).
import type { VerificationSummary } from '@treaty/verifiers/pact';
import { describe, expect, it } from 'vitest';
import { formatVerificationSummary, verdictLine } from './verification-report.ts';

const summary: VerificationSummary = {
  status: 'passed-with-pending-failures',
  success: true,
  provider: 'payment-service',
  providerVersion: '0123456789abcdef0123456789abcdef01234567',
  providerBranch: 'main',
  published: true,
  notices: [],
  pacts: [
    {
      consumer: 'order-service',
      consumerVersion: '1.0.0',
      selectedBecause: 'latest from main branch, deployed to production',
      pending: false,
      wip: false,
      url: 'http://treaty/pacts/1',
      outcome: 'passed',
      interactions: [
        { description: 'a request for charge ch-1', providerStates: ['charge ch-1 exists'], outcome: 'passed', mismatches: [] },
      ],
    },
    {
      consumer: 'order-service',
      consumerVersion: '2.0.0',
      selectedBecause: 'latest from branch feat-refunds',
      pending: true,
      wip: true,
      url: 'http://treaty/pacts/2',
      outcome: 'failed-pending',
      interactions: [
        {
          description: 'a request for charge ch-1',
          providerStates: ['charge ch-1 exists'],
          outcome: 'failed',
          mismatches: ['$: Actual map is missing the following keys: refund_status'],
        },
      ],
    },
  ],
};

describe('formatVerificationSummary', () => {
  it('groups pacts by consumer, marks pending ones and their failures, and ends with the verdict', () => {
    expect(formatVerificationSummary(summary)).toMatchInlineSnapshot(`
      "Verification of payment-service 0123456 (branch main):

      order-service
        version 1.0.0 — latest from main branch, deployed to production
          ✓ a request for charge ch-1 (given charge ch-1 exists)
        version 2.0.0 — latest from branch feat-refunds [pending, wip]
          ✗ a request for charge ch-1 (given charge ch-1 exists) [pending]
              $: Actual map is missing the following keys: refund_status

      ✓ Verification passed; only pending pacts failed, which does not fail the build: "a request for charge ch-1" (order-service 2.0.0). The consumer team should hear about it (https://docs.pact.io/go/pending). Results published to Treaty."
    `);
  });
});

describe('verdictLine', () => {
  it('names each failed interaction and its consumer version when a non-pending pact fails', () => {
    const failed: VerificationSummary = {
      ...summary,
      status: 'failed',
      success: false,
      published: false,
      pacts: [{ ...summary.pacts[1]!, pending: false, outcome: 'failed' }],
    };
    expect(verdictLine(failed)).toMatchInlineSnapshot(
      `"✗ Verification failed: "a request for charge ch-1" (order-service 2.0.0). The provider breaks what its consumers expect: fix the provider, or agree the change with the consumer team. Results not published (add --publish in CI)."`,
    );
  });

  it('says nothing was verified when Treaty selected no pacts', () => {
    expect(verdictLine({ ...summary, status: 'no-pacts', pacts: [] })).toContain('nothing was verified');
  });
});
