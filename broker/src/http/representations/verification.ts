// A verification result, shaped like the Pact Broker's VerificationDecorator.
import type { VerificationRow } from '../../store/verifications.ts';
import { href, paths } from '../../paths.ts';

export function verificationUrl(base: string, v: Pick<VerificationRow, 'providerName' | 'consumerName' | 'sha' | 'number'>): string {
  return href(base, paths.verificationResult, { provider: v.providerName, consumer: v.consumerName, sha: v.sha, number: v.number });
}

export function verificationBody(base: string, v: VerificationRow) {
  const self = verificationUrl(base, v);
  return {
    providerName: v.providerName,
    providerApplicationVersion: v.providerVersionNumber,
    success: v.success,
    verificationDate: v.createdAt.toISOString(),
    ...(v.buildUrl ? { buildUrl: v.buildUrl } : {}),
    ...(v.testResults !== null && v.testResults !== undefined ? { testResults: v.testResults } : {}),
    ...(v.verifiedBy !== null && v.verifiedBy !== undefined ? { verifiedBy: v.verifiedBy } : {}),
    ...(v.pending !== null ? { pending: v.pending } : {}),
    ...(v.wip ? { wip: true } : {}),
    number: v.number,
    _links: {
      self: {
        title: 'Verification result',
        name: `Verification result ${v.number} for ${v.consumerName} and ${v.providerName}`,
        href: self,
      },
      'pb:pact-version': {
        title: 'Pact',
        name: v.sha,
        href: href(base, paths.pactByContentSha, { provider: v.providerName, consumer: v.consumerName, sha: v.sha }),
      },
      'pb:provider-version': {
        title: 'Provider version',
        name: v.providerVersionNumber,
        href: href(base, paths.pacticipantVersion, { pacticipant: v.providerName, version: v.providerVersionNumber }),
      },
      'pb:triggered-webhooks': {
        title: 'Webhooks triggered by the publication of this verification result',
        href: `${self}/triggered-webhooks`,
      },
    },
  };
}
