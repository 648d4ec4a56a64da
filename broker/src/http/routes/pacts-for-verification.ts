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
import { answerCacheOf } from '../../store/answer-cache.ts';
import { createPactsForVerificationReader } from '../../store/pacts/pacts-for-verification.ts';
import { sendHalText } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';

type ProviderParams = { provider: string };

/** Selector sets larger than this run in an expensive-work slot (admission.ts). */
const EXPENSIVE_SELECTOR_COUNT = 10;

/** How many consumer version selectors the body (or the deprecated query string) carries. */
function selectorCount(input: unknown, source: QuerySource): number {
  if (typeof input !== 'object' || input === null) return 0;
  const record = input as Record<string, unknown>;
  const list = source === 'json' ? record.consumerVersionSelectors : (record.consumer_version_selectors ?? record.consumerVersionSelectors);
  if (Array.isArray(list)) return list.length;
  // qs turns more than 20 indexed entries (consumer_version_selectors[25][tag]=...) into an object keyed by index.
  return typeof list === 'object' && list !== null ? Object.keys(list).length : 0;
}

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
    const selectors = selectorCount(input, source);
    const { maxConsumerVersionSelectors } = deps.config.limits;
    if (selectors > maxConsumerVersionSelectors)
      throw new ValidationError(
        `The request has ${selectors} consumer version selectors; at most ${maxConsumerVersionSelectors} are accepted (TREATY_MAX_CONSUMER_VERSION_SELECTORS). Combine selectors (e.g. one {"branch": ...} instead of one per version).`,
        [{ field: 'consumerVersionSelectors', message: `must have at most ${maxConsumerVersionSelectors} selectors` }],
      );
    // The body is cached (issue #14) under the answer generation, which every write the answer reads bumps
    // (store/answer-cache.ts); the key is everything the answer depends on: provider, input form, input, base URL.
    const answer = async () => {
      const baseUrl: string = res.locals.baseUrl;
      const view = await answerCacheOf(deps.db).view();
      const body = await view.get(
        `pacts-for-verification:${source}:${baseUrl}:${req.params.provider}:${JSON.stringify(input ?? {})}`,
        async () =>
          JSON.stringify(
            pactsForVerificationBody(baseUrl, await findPactsForVerification(reader, req.params.provider, input ?? {}, source)),
          ),
        (text) => text.length * 2,
      );
      sendHalText(res, 200, body);
    };
    await (selectors > EXPENSIVE_SELECTOR_COUNT ? deps.admission.run('pacts-for-verification', answer) : answer());
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
