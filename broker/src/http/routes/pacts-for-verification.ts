// Pacts for verification (`pb:provider-pacts-for-verification`): which pacts a provider should
// verify, with pending/WIP status and notices. POST with a JSON body is the current form; GET with
// a query string is the deprecated one, and a bare GET is what the Rust verifier does first
// (`navigate`) before POSTing to the `_links.self` it gets back (PB provider_pacts_for_verification.rb).
import type { Request, Response, Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import type { QuerySource } from '../../domain/verification/consumer-version-selectors.ts';
import { buildNotices, pactName, shortDescription } from '../../domain/verification/notices.ts';
import { findPactsForVerification, type PactsForVerification } from '../../domain/verification/pacts-for-verification.ts';
import type { VerifiablePact } from '../../domain/verification/verifiable-pacts.ts';
import { encodeNoticeMetadata, encodeVerificationMetadata } from '../../domain/verification/verification-metadata.ts';
import { ValidationError } from '../../errors.ts';
import { createPactsForVerificationReader } from '../../store/pacts-for-verification.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';

type ProviderParams = { provider: string };

export function registerPactsForVerificationRoutes(router: Router, deps: RouteDeps): void {
  const reader = createPactsForVerificationReader(deps.db);
  const handle = (source: QuerySource) => async (req: Request<ProviderParams>, res: Response) => {
    const input: unknown = source === 'json' ? req.body : req.query;
    if (source === 'json' && input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
      throw new ValidationError(
        'The request body must be a JSON object, e.g. {"consumerVersionSelectors":[{"mainBranch":true}],"providerVersionBranch":"main"}.',
        [{ field: 'body', message: 'must be a JSON object' }],
      );
    }
    const result = await findPactsForVerification(reader, req.params.provider, input ?? {}, source);
    sendHal(res, 200, pactsForVerificationBody(res.locals.baseUrl, result));
  };
  router.get(route(paths.providerPactsForVerification), handle('query'));
  router.post(route(paths.providerPactsForVerification), handle('json'));
}

/** The Pact Broker's VerifiablePactsDecorator / VerifiablePactDecorator shape. */
export function pactsForVerificationBody(base: string, { provider, query, pacts }: PactsForVerification) {
  return {
    _embedded: { pacts: pacts.map((pact) => verifiablePactBody(base, pact, query.includePendingStatus)) },
    _links: { self: { href: href(base, paths.providerPactsForVerification, { provider: provider.name }), title: 'Pacts to be verified' } },
  };
}

function verifiablePactBody(base: string, pact: VerifiablePact, includePendingStatus: boolean) {
  const params = { provider: pact.providerName, consumer: pact.consumer.name, sha: pact.pactVersion.sha };
  const noticeMetadata = encodeNoticeMetadata(pact);
  const noticeUrl = noticeMetadata
    ? href(base, paths.pactByContentShaWithMetadata, { ...params, metadata: noticeMetadata })
    : href(base, paths.pactByContentSha, params);
  const showPending = (includePendingStatus || pact.wip) && pact.pending !== undefined;
  return {
    shortDescription: shortDescription(pact),
    verificationProperties: {
      ...(showPending ? { pending: pact.pending?.pending } : {}),
      ...(pact.wip ? { wip: true } : {}),
      notices: buildNotices(pact, noticeUrl, includePendingStatus),
    },
    _links: {
      self: {
        href: href(base, paths.pactByContentShaWithMetadata, { ...params, metadata: encodeVerificationMetadata(pact) }),
        name: pactName(pact),
      },
    },
  };
}
