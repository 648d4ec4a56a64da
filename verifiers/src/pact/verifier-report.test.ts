// Matching the Pact verifier's JSON report (pact_ffi `pactffi_verifier_json`) to the pacts Treaty
// selected: per-interaction outcomes, mismatch lines, and pending pacts that must not fail the build.
import { describe, expect, it } from 'vitest';
import type { PactToVerify } from './treaty-pacts.ts';
import { parseVerifierReport, pactResults, type VerifierReport } from './verifier-report.ts';
import { verificationStatus } from './verification-summary.ts';

const pact = (consumer: string, version: string, pending: boolean, descriptions: string[]): PactToVerify => ({
  url: `http://treaty/pacts/provider/payments/consumer/${consumer}/pact-version/${version}`,
  consumer,
  consumerVersion: version,
  selectedBecause: 'latest from main branch',
  pending,
  wip: false,
  notices: [],
  interactions: descriptions.map((description) => ({ description, providerStates: [`state of ${description}`] })),
});

const bodyMismatch = (consumer: string, description: string) => ({
  interaction: `Verifying a pact between ${consumer} and payments Given state of ${description} - ${description}`,
  mismatch: {
    type: 'mismatches',
    mismatches: [{ type: 'BodyMismatch', path: '$', mismatch: 'Actual map is missing the following keys: status' }],
  },
});

describe('parseVerifierReport', () => {
  it.each([
    ['the report pact-js resolves with', '{"result":true,"errors":[],"interactionResults":[]}', true],
    ['the message pact-js rejects with when the verifier could not run', 'Verification was unable to run', false],
    ['JSON that is not a report', '{"foo":1}', false],
    ['no text at all', undefined, false],
  ])('reads %s', (_name, text, isReport) => {
    expect(parseVerifierReport(text) !== undefined).toBe(isReport);
  });
});

describe('pactResults', () => {
  it('reports each interaction of each pact, with the mismatch of a failed one', () => {
    const report: VerifierReport = {
      result: false,
      errors: [bodyMismatch('orders', 'get charge')],
      interactionResults: [
        { description: 'get charge', result: 'Error' },
        { description: 'create charge', result: 'OK' },
      ],
    };
    const [result] = pactResults([pact('orders', '1', false, ['get charge', 'create charge'])], report, 'payments');
    expect(result?.outcome).toBe('failed');
    expect(result?.interactions).toEqual([
      {
        description: 'get charge',
        providerStates: ['state of get charge'],
        outcome: 'failed',
        mismatches: ['$: Actual map is missing the following keys: status'],
      },
      { description: 'create charge', providerStates: ['state of create charge'], outcome: 'passed', mismatches: [] },
    ]);
  });

  describe('when two pacts of one consumer share interaction descriptions', () => {
    it('takes the results in verification order, so only the pending pact is marked failed (docs.pact.io/go/pending)', () => {
      const report: VerifierReport = {
        result: true,
        pendingErrors: [bodyMismatch('orders', 'get charge')],
        interactionResults: [
          { description: 'get charge', result: 'OK' },
          { description: 'get charge', result: 'Error', pending: true },
        ],
      };
      const results = pactResults(
        [pact('orders', '1', false, ['get charge']), pact('orders', '2', true, ['get charge'])],
        report,
        'payments',
      );
      expect(results.map((r) => r.outcome)).toEqual(['passed', 'failed-pending']);
      expect(verificationStatus(results)).toBe('passed-with-pending-failures');
    });
  });

  it('says "not-run" for an interaction the verifier did not report, which fails a non-pending pact', () => {
    const results = pactResults([pact('orders', '1', false, ['get charge'])], { result: false, interactionResults: [] }, 'payments');
    expect(results[0]?.interactions[0]?.outcome).toBe('not-run');
    expect(verificationStatus(results)).toBe('failed');
  });

  it('falls back to the error list for verifiers that send no per-interaction results', () => {
    const report: VerifierReport = {
      result: false,
      errors: [
        {
          interaction: 'Verifying a pact between orders and payments - b',
          mismatch: { type: 'error', message: 'State change request failed' },
        },
      ],
    };
    const [result] = pactResults([pact('orders', '1', false, ['a', 'b'])], report, 'payments');
    expect(result?.interactions.map((i) => [i.outcome, i.mismatches])).toEqual([
      ['passed', []],
      ['failed', ['State change request failed']],
    ]);
  });
});
