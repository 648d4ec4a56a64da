// Schema rows (issue #8) in the matrix: they never stand in for a pact row between the same versions, and a failed or
// missing schema check is reported with the subject and the broken rule.
import { describe, expect, test } from 'vitest';
import { decideDeployability } from './deployment-decision.ts';
import { applyLatestBy } from './latestby.ts';
import type { MatrixRow, SchemaContract } from './matrix-row.ts';
import { reasonText } from './reasons.ts';

const row = (success: boolean | null, contract?: SchemaContract): MatrixRow => ({
  consumerId: 1,
  consumerName: 'order-service',
  consumerVersionId: 10,
  consumerVersionNumber: '2.0.0',
  providerId: 2,
  providerName: 'payment-service',
  pactPublicationId: contract ? -5 : 5,
  pactVersionId: contract ? -7 : 7,
  pactVersionSha: 'sha',
  pactRevision: 1,
  pactCreatedAt: new Date(0),
  providerVersionId: 20,
  providerVersionNumber: '12.0.0',
  verificationId: success === null ? null : contract ? -3 : 3,
  verificationNumber: success === null ? null : 1,
  success,
  verifiedAt: success === null ? null : new Date(1),
  ...(contract ? { contract } : {}),
});
const schema = (checkStatus: SchemaContract['checkStatus'], breakingChange: string | null = null): SchemaContract => ({
  kind: 'schema',
  subject: 'payment.v1.PaymentService',
  checkStatus,
  breakingChange,
});

describe('schema rows', () => {
  test.each(['cvpv', 'cvp', 'cp'] as const)('latestby=%s keeps a schema row and a pact row between the same versions apart', (latestby) => {
    expect(applyLatestBy([row(true), row(false, schema('failure', 'FIELD_NO_DELETE: gone'))], latestby)).toHaveLength(2);
  });

  test('a failed schema check makes the answer false and names the subject and the rule', () => {
    const decision = decideDeployability({
      selectors: [],
      ignoreSelectors: [],
      rows: [row(true), row(false, schema('failure', 'FIELD_NO_DELETE: gone'))],
      integrations: [],
      specifiedCount: 2,
      hasTagEnvironmentOrMainBranch: false,
    });
    expect(decision.deployable).toBe(false);
    expect(decision.reasons.map(reasonText)).toEqual([
      'The schema check of subject payment.v1.PaymentService between version 2.0.0 of order-service and version 12.0.0 of payment-service failed: FIELD_NO_DELETE: gone',
    ]);
  });

  test('an undecided check is unknown (null), never success', () => {
    const decision = decideDeployability({
      selectors: [],
      ignoreSelectors: [],
      rows: [row(null, schema('unknown'))],
      integrations: [],
      specifiedCount: 2,
      hasTagEnvironmentOrMainBranch: false,
    });
    expect(decision.deployable).toBe(null);
    expect(reasonText(decision.reasons[0]!)).toContain('could not decide (unknown)');
  });
});
