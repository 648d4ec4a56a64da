// GET /integrations and /integrations/provider/{p}/consumer/{c}, shaped like the Pact Broker's
// IntegrationsDecorator (plus the latest pact's verification status).
import type { IntegrationRow } from '../../store/integrations.ts';
import { href, paths } from '../../paths.ts';

export type VerificationStatus = 'never' | 'success' | 'failed';

export const verificationStatusOf = (success: boolean | null | undefined): VerificationStatus =>
  success === null || success === undefined ? 'never' : success ? 'success' : 'failed';

export function integrationBody(base: string, row: IntegrationRow) {
  const pair = { provider: row.providerName, consumer: row.consumerName };
  return {
    consumer: { name: row.consumerName, _links: { self: { href: href(base, paths.pacticipant, { pacticipant: row.consumerName }) } } },
    provider: { name: row.providerName, _links: { self: { href: href(base, paths.pacticipant, { pacticipant: row.providerName }) } } },
    createdAt: row.createdAt.toISOString(),
    ...(row.latestPactCreatedAt ? { latestPactCreatedAt: row.latestPactCreatedAt.toISOString() } : {}),
    verificationStatus: verificationStatusOf(row.latestVerificationSuccess),
    _links: {
      self: { href: href(base, paths.integration, pair) },
      'pb:latest-pact': { title: 'Latest pact', href: href(base, paths.latestPact, pair) },
      'pb:matrix': { title: 'Matrix', href: href(base, paths.matrixForIntegration, pair) },
    },
  };
}

export function integrationsBody(base: string, rows: IntegrationRow[]) {
  return {
    _embedded: { integrations: rows.map((row) => integrationBody(base, row)) },
    _links: { self: { title: 'Integrations', href: `${base}${paths.integrations}` } },
  };
}
