// Verification results: POST (what a Pact verifier does after verifying a pact fetched from the
// broker: the pact's `pb:publish-verification-results` link), and the GETs for one result and the
// latest results of a pact version / consumer version / latest pact.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../../deps.ts';
import { decodePactMetadata } from '../../domain/pacts/pact-metadata.ts';
import { NotFoundError } from '../../errors.ts';
import { findPactSummary, type PactSelector } from '../../store/pacts/pact-queries.ts';
import {
  findLatestVerificationsForConsumerVersion,
  findLatestVerificationForPactVersion,
  findLatestVerificationForSha,
  findVerification,
  recordVerification,
  type VerificationRow,
} from '../../store/verifications.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';
import { findPacticipant } from '../../store/pacticipants/pacticipants.ts';
import { verificationBody, verificationUrl } from '../representations/verification.ts';
import { parseBody } from '../request-validation.ts';
import { jobTriggerOptions } from '../../store/pacts/publication-events.ts';

const VerificationSchema = z.object({
  success: z.boolean({ error: 'is required and must be true or false' }),
  providerApplicationVersion: z.string({ error: "can't be blank" }).trim().min(1, "can't be blank"),
  buildUrl: z.url({ error: 'must be a valid URL, e.g. https://ci.example.com/builds/42' }).nullish(),
  testResults: z.unknown().optional(),
  verifiedBy: z.unknown().optional(),
});

type ShaParams = { provider: string; consumer: string; sha: string; metadata?: string };

export function registerVerificationRoutes(router: Router, deps: RouteDeps): void {
  const { db } = deps;
  const publish = async (req: Request<ShaParams>, res: Response) => {
    const { provider, consumer, sha, metadata } = req.params;
    const body = parseBody(VerificationSchema, req.body, 'verification result');
    const { wip, pending } = decodePactMetadata(metadata);
    const verification = await recordVerification(
      db,
      {
        providerName: provider,
        consumerName: consumer,
        sha,
        providerVersionNumber: body.providerApplicationVersion,
        success: body.success,
        buildUrl: body.buildUrl ?? undefined,
        testResults: body.testResults,
        verifiedBy: body.verifiedBy,
        wip,
        pending,
      },
      jobTriggerOptions(deps.config, res.locals.baseUrl),
    );
    if (!verification)
      throw new NotFoundError(
        `No pact between consumer ${consumer} and provider ${provider} with content SHA ${sha}. Publish results to the pb:publish-verification-results link of the pact you verified.`,
      );
    res.location(verificationUrl(res.locals.baseUrl, verification));
    sendHal(res, 201, verificationBody(res.locals.baseUrl, verification));
  };
  router.post(route(paths.verificationResults), publish);
  router.post(route(paths.verificationResultsWithMetadata), publish);

  // `latest` before `{number}`, so it is not read as a number.
  router.get(route(paths.latestVerificationForPactVersion), async (req: Request<ShaParams>, res) => {
    const { provider, consumer, sha } = req.params;
    send(
      res,
      await findLatestVerificationForSha(db, provider, consumer, sha),
      `of the pact between ${consumer} and ${provider} with content SHA ${sha}`,
    );
  });
  const one = async (req: Request<ShaParams & { number: string }>, res: Response) => {
    const { provider, consumer, sha, number } = req.params;
    const n = /^\d{1,9}$/.test(number) ? Number(number) : undefined;
    const found = n === undefined ? undefined : await findVerification(db, provider, consumer, sha, n);
    send(res, found, `number ${number} of the pact between ${consumer} and ${provider} with content SHA ${sha}`);
  };
  router.get(route(paths.verificationResult), one);
  router.get(route(paths.verificationResultWithMetadata), one);

  const latestFor =
    (selector: (params: Record<string, string>) => PactSelector) =>
    async (req: Request<{ provider: string; consumer: string } & Record<string, string>>, res: Response) => {
      const { provider, consumer } = req.params;
      const pact = await findPactSummary(db, provider, consumer, selector(req.params));
      if (!pact) throw new NotFoundError(`No pact between consumer ${consumer} and provider ${provider} matches ${req.path}.`);
      send(res, await findLatestVerificationForPactVersion(db, pact.pactVersionId), `of the pact between ${consumer} and ${provider}`);
    };
  router.get(
    route(paths.latestVerificationForConsumerVersion),
    latestFor((p) => ({ kind: 'version', number: p.consumerVersion ?? '' })),
  );
  router.get(
    route(paths.latestVerificationForLatestPact),
    latestFor(() => ({ kind: 'latest' })),
  );

  // pb:latest-verification-results-where-pacticipant-is-consumer (linked from every version): the Pact Broker's
  // VerificationSummaryDecorator, the latest verification of each of the version's pacts.
  router.get(
    route(paths.latestVerificationsForConsumerVersion),
    async (req: Request<{ consumer: string; consumerVersion: string }>, res) => {
      const { consumer, consumerVersion } = req.params;
      const verifications = await findLatestVerificationsForConsumerVersion(db, consumer, consumerVersion);
      if (verifications.length === 0 && !(await findPacticipant(db, consumer)))
        throw new NotFoundError(`No pacticipant named ${consumer}. Check the name (GET /pacticipants).`);
      const base = res.locals.baseUrl;
      sendHal(res, 200, {
        success: verifications.length > 0 && verifications.every((v) => v.success),
        providerSummary: {
          successful: verifications.filter((v) => v.success).map((v) => v.providerName),
          failed: verifications.filter((v) => !v.success).map((v) => v.providerName),
          unknown: [],
        },
        _embedded: { verificationResults: verifications.map((v) => verificationBody(base, v)) },
        _links: {
          self: {
            title: 'Latest verification results for consumer version',
            href: href(base, paths.latestVerificationsForConsumerVersion, req.params),
          },
        },
      });
    },
  );
}

function send(res: Response, verification: VerificationRow | undefined, what: string): void {
  if (!verification)
    throw new NotFoundError(
      `No verification result ${what}. Verify the pact and publish the results (e.g. pact-js Verifier with publishVerificationResult: true).`,
    );
  sendHal(res, 200, verificationBody(res.locals.baseUrl, verification));
}
