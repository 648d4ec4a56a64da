import { describe, expect, it } from 'vitest';
import type { MatrixResponse, MatrixRowBody, MatrixVersion } from '@treaty/wire';
import { abbreviateVersion, formatCanIDeployReport } from './matrix-report.ts';

const link = (href: string) => ({ self: { href } });
function version(number: string): MatrixVersion {
  return { number, branch: null, branches: [], branchVersions: [], environments: [], tags: [], _links: link(`http://b/v/${number}`) };
}
function row(
  consumerVersion: string,
  providerVersion: string | null,
  success: boolean | null,
  extra: Partial<MatrixRowBody> = {},
): MatrixRowBody {
  return {
    consumer: { name: 'order-service', version: version(consumerVersion), _links: link('http://b/pacticipants/order-service') },
    provider: {
      name: 'payment-service',
      version: providerVersion === null ? null : version(providerVersion),
      _links: link('http://b/pacticipants/payment-service'),
    },
    pact: { createdAt: '2025-01-01T00:00:00Z', _links: link('http://b/pact') },
    verificationResult:
      success === null
        ? null
        : { success, verifiedAt: '2025-01-01T00:00:00Z', _links: link(`http://b/verification-results/${providerVersion}`) },
    ...extra,
  };
}

const yes: MatrixResponse = {
  summary: {
    deployable: true,
    reason: 'All required verification results are published and successful',
    success: 1,
    failed: 0,
    unknown: 0,
  },
  notices: [{ type: 'success', text: 'All required verification results are published and successful' }],
  matrix: [row('e5d2c1a8b7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2', '2.0.0', true)],
};

const unknownAndFailed: MatrixResponse = {
  summary: { deployable: null, reason: '...', success: 0, failed: 1, unknown: 1, ignored: 1 },
  notices: [
    {
      type: 'warning',
      text: 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
    },
    { type: 'error', text: 'There is no verified pact between version 3 of order-service and the latest version of payment-service (7)' },
  ],
  matrix: [row('3', null, null), row('2', '6', false), row('1', '5', true, { ignored: true })],
};

describe('formatCanIDeployReport (PBC can_i_deploy.rb + matrix/text_formatter.rb)', () => {
  it('prints yes, the table with the verification result URLs, and the notices', () => {
    expect(formatCanIDeployReport(yes, { dryRun: false })).toMatchInlineSnapshot(`
      "Computer says yes \\o/

      CONSUMER      | C.VERSION | PROVIDER        | P.VERSION | SUCCESS? | RESULT#
      --------------|-----------|-----------------|-----------|----------|--------
      order-service | e5d2c1a   | payment-service | 2.0.0     | true     | 1

      VERIFICATION RESULTS
      --------------------
      1. http://b/verification-results/2.0.0 (success)

      All required verification results are published and successful"
    `);
  });

  it('prints no, ??? for missing provider versions and results, and [ignored] rows', () => {
    expect(formatCanIDeployReport(unknownAndFailed, { dryRun: false })).toMatchInlineSnapshot(`
      "Computer says no ¯\\_(ツ)_/¯

      CONSUMER      | C.VERSION | PROVIDER        | P.VERSION | SUCCESS?       | RESULT#
      --------------|-----------|-----------------|-----------|----------------|--------
      order-service | 3         | payment-service | ???       | ???            |
      order-service | 2         | payment-service | 6         | false          | 1
      order-service | 1         | payment-service | 5         | true [ignored] | 2

      VERIFICATION RESULTS
      --------------------
      1. http://b/verification-results/6 (failure)
      2. http://b/verification-results/5 (success)

      WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.
      There is no verified pact between version 3 of order-service and the latest version of payment-service (7)"
    `);
  });

  it('falls back to summary.reason when a broker sends no notices, and omits an empty table', () => {
    const body: MatrixResponse = {
      summary: { deployable: true, reason: 'There are no missing dependencies', success: 0, failed: 0, unknown: 0 },
      notices: [],
      matrix: [],
    };
    expect(formatCanIDeployReport(body, { dryRun: false })).toMatchInlineSnapshot(`
      "Computer says yes \\o/

      There are no missing dependencies"
    `);
  });

  it('prefixes every line with [dry-run] and says failures are ignored', () => {
    const body: MatrixResponse = {
      summary: { deployable: false, reason: 'x', success: 0, failed: 1, unknown: 0 },
      notices: [{ type: 'error', text: 'The verification for the pact between version 1 of A and version 2 of B failed' }],
      matrix: [],
    };
    expect(formatCanIDeployReport(body, { dryRun: true })).toMatchInlineSnapshot(`
      "[dry-run] Computer says no ¯\\_(ツ)_/¯ (but you're ignoring this by enabling dry run)
      [dry-run]
      [dry-run] The verification for the pact between version 1 of A and version 2 of B failed
      [dry-run]
      [dry-run] Dry run enabled - ignoring any failures"
    `);
  });
});

describe('abbreviateVersion', () => {
  it('shortens 40-character git SHAs to 7 and leaves other versions alone', () => {
    expect(abbreviateVersion('e5d2c1a8b7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2')).toBe('e5d2c1a');
    expect(abbreviateVersion('1.2.3+e5d2c1a8b7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2')).toBe('1.2.3+e5d2c1a');
    expect(abbreviateVersion('1.2.3')).toBe('1.2.3');
    expect(abbreviateVersion(undefined)).toBe('???');
  });
});
