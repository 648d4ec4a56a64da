// PactFlow's bi-directional provider contracts, so `pactflow publish-provider-contract` works unchanged: the OpenAPI
// document becomes a provider schema publication (store/schemas/provider-contracts.ts), its self-verification is
// kept with the provider version, and Treaty's pact-vs-OpenAPI check (the schema-check job) records the cross-contract
// verification of each consumer pact. A failed self-verification fails every one of them, so can-i-deploy says no.
import type { Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../../deps.ts';
import { validateSchemaFiles } from '../../domain/schemas/schema-content.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { findProviderContract, publishProviderContract, type SelfVerificationRow } from '../../store/schemas/provider-contracts.ts';
import { findVerificationOfConsumerVersionByProviderVersion } from '../../store/verifications.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';
import { parseBody } from '../request-validation.ts';
import { publisherFields } from './publish.ts';
import { formatDateTime } from '../representations/format.ts';

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
const base64Text = (what: string) =>
  z
    .string({ error: `must be the ${what}, base64-encoded` })
    .refine((value) => BASE64.test(value), `must be the ${what}, base64-encoded (it contains characters base64 does not use)`)
    .transform((value) => Buffer.from(value, 'base64').toString('utf8'));

const SelfVerificationSchema = z.object({
  success: z.boolean({
    error: 'must be true or false (pactflow publish-provider-contract --verification-success / --verification-exit-code)',
  }),
  content: base64Text('verification results file').optional(),
  contentType: z.string().optional(),
  format: z.string().optional(),
  verifier: z.string().optional(),
  verifierVersion: z.string().optional(),
});

const PublishProviderContractSchema = z.object({
  pacticipantVersionNumber: publisherFields.pacticipantVersionNumber,
  branch: publisherFields.branch,
  tags: publisherFields.tags,
  buildUrl: publisherFields.buildUrl,
  contract: z.object(
    {
      content: base64Text('OpenAPI document').refine((text) => text.trim() !== '', "can't be blank"),
      contentType: z.string().optional(),
      specification: z
        .string()
        .optional()
        .refine((s) => s === undefined || s.toLowerCase() === 'oas', 'must be "oas": Treaty takes OpenAPI documents as provider contracts'),
      selfVerificationResults: SelfVerificationSchema.optional(),
    },
    { error: 'must be {content, contentType, specification, selfVerificationResults}' },
  ),
});

const EXAMPLE =
  '{"pacticipantVersionNumber": "1.0.0", "branch": "main", "contract": {"content": "<base64 of openapi.yaml>", "contentType": "application/yaml", "specification": "oas", "selfVerificationResults": {"success": true, "verifier": "dredd"}}}';

export function registerProviderContractRoutes(router: Router, deps: RouteDeps): void {
  const { db } = deps;

  router.post(route(paths.publishProviderContract), async (req, res) => {
    const provider = String(req.params.provider);
    const input = parseBody(PublishProviderContractSchema, req.body, `provider contract publication (e.g. ${EXAMPLE})`);
    const json = (input.contract.contentType ?? '').toLowerCase().includes('json');
    const file = { path: json ? 'openapi.json' : 'openapi.yaml', content: input.contract.content };
    const problems = await validateSchemaFiles('openapi', [file]);
    if (problems.length > 0)
      throw ValidationError.field(
        'contract.content',
        `is not an OpenAPI document: ${problems.map((p) => `${p.line === null ? '' : `line ${p.line}: `}${p.message}`).join('; ')}. Publish the provider's OpenAPI (3.x or Swagger 2) document.`,
      );
    const result = await publishProviderContract(
      db,
      {
        providerName: provider,
        versionNumber: input.pacticipantVersionNumber,
        branch: input.branch,
        tags: input.tags,
        buildUrl: input.buildUrl,
        file,
        selfVerification: input.contract.selfVerificationResults,
      },
      { allowOverwrite: deps.config.allowContractOverwrite },
    );
    const base = res.locals.baseUrl;
    const ids = { provider: result.pacticipant, version: result.version };
    const self = input.contract.selfVerificationResults;
    const notices = [
      { type: 'info', text: `Provider contract for ${result.pacticipant} version ${result.version} ${describeOutcome(result.outcome)}.` },
      ...(self === undefined
        ? []
        : [
            self.success
              ? { type: 'info', text: 'Self-verification results: success.' }
              : { type: 'warning', text: 'Self-verification results: failed. This provider version verifies no consumer pact.' },
          ]),
      { type: 'info', text: `Consumer pacts are compared with it in the background; see ${href(base, paths.providerContract, ids)}` },
    ];
    sendHal(res, 200, {
      notices,
      _embedded: {
        pacticipant: {
          name: result.pacticipant,
          _links: { self: { href: href(base, paths.pacticipant, { pacticipant: result.pacticipant }) } },
        },
        version: {
          number: result.version,
          _links: { self: { href: href(base, paths.pacticipantVersion, { pacticipant: result.pacticipant, version: result.version }) } },
        },
      },
      _links: {
        'pb:pacticipant': {
          title: 'Pacticipant',
          name: result.pacticipant,
          href: href(base, paths.pacticipant, { pacticipant: result.pacticipant }),
        },
        'pb:pacticipant-version': {
          title: 'Pacticipant version',
          name: result.version,
          href: href(base, paths.pacticipantVersion, { pacticipant: result.pacticipant, version: result.version }),
        },
        'pb:pacticipant-version-tags': (input.tags ?? []).map((tag) => ({
          title: 'Tag',
          name: tag,
          href: href(base, paths.versionTag, { pacticipant: result.pacticipant, version: result.version, tag }),
        })),
        ...(input.branch
          ? {
              'pb:branch-version': {
                title: 'Branch version',
                name: input.branch,
                href: href(base, paths.branchVersion, { pacticipant: result.pacticipant, branch: input.branch, version: result.version }),
              },
            }
          : {}),
        'pf:provider-contract': { title: 'Provider contract', href: href(base, paths.providerContract, ids) },
        'pf:provider-contract-verification-results': {
          title: 'Provider contract self-verification results',
          href: href(base, paths.providerContractVerificationResults, ids),
        },
      },
    });
  });

  async function requireContract(provider: string, version: string) {
    const contract = await findProviderContract(db, provider, version);
    if (!contract)
      throw new NotFoundError(
        `${provider} has published no provider contract for version ${version}. Check the provider name and version, or publish it with \`pactflow publish-provider-contract\`.`,
      );
    return contract;
  }

  router.get(route(paths.providerContract), async (req, res) => {
    const contract = await requireContract(String(req.params.provider), String(req.params.version));
    const base = res.locals.baseUrl;
    const ids = { provider: contract.providerName, version: contract.versionNumber };
    const file = contract.files[0]!;
    sendHal(res, 200, {
      content: file.content,
      contentType: file.path.endsWith('.json') ? 'application/json' : 'application/yaml',
      specification: 'oas',
      createdAt: formatDateTime(contract.publishedAt),
      selfVerificationResults: contract.selfVerification ? selfVerificationBody(contract.selfVerification) : null,
      _links: {
        self: { href: href(base, paths.providerContract, ids) },
        'pb:provider': { name: contract.providerName, href: href(base, paths.pacticipant, { pacticipant: contract.providerName }) },
        'pb:provider-version': {
          name: contract.versionNumber,
          href: href(base, paths.pacticipantVersion, { pacticipant: contract.providerName, version: contract.versionNumber }),
        },
        'pf:provider-contract-verification-results': { href: href(base, paths.providerContractVerificationResults, ids) },
      },
    });
  });

  router.get(route(paths.providerContractVerificationResults), async (req, res) => {
    const contract = await requireContract(String(req.params.provider), String(req.params.version));
    if (!contract.selfVerification)
      throw new NotFoundError(
        `${contract.providerName} ${contract.versionNumber} published its provider contract without self-verification results. Publish it again with --verification-results and --verifier.`,
      );
    const ids = { provider: contract.providerName, version: contract.versionNumber };
    sendHal(res, 200, {
      ...selfVerificationBody(contract.selfVerification),
      _links: {
        self: { href: href(res.locals.baseUrl, paths.providerContractVerificationResults, ids) },
        'pf:provider-contract': { href: href(res.locals.baseUrl, paths.providerContract, ids) },
      },
    });
  });

  router.get(route(paths.crossContractVerificationResults), async (req, res) => {
    const { provider, version, consumer, consumerVersion } = req.params as Record<string, string>;
    const contract = await requireContract(provider!, version!);
    const verification = await findVerificationOfConsumerVersionByProviderVersion(
      db,
      contract.providerName,
      contract.versionNumber,
      consumer!,
      consumerVersion!,
    );
    if (!verification)
      throw new NotFoundError(
        `No cross-contract verification yet between ${consumer} ${consumerVersion} and ${contract.providerName} ${contract.versionNumber}: the consumer version has no pact for this provider, or the comparison has not run (or could not decide).`,
      );
    sendHal(res, 200, {
      success: verification.success,
      verifiedAt: formatDateTime(verification.createdAt),
      providerContractSelfVerificationSuccess: contract.selfVerification?.success ?? null,
      results: verification.testResults,
      verifiedBy: verification.verifiedBy,
      _links: {
        self: {
          href: href(res.locals.baseUrl, paths.crossContractVerificationResults, { provider, version, consumer, consumerVersion } as Record<
            string,
            string
          >),
        },
        'pf:provider-contract': {
          href: href(res.locals.baseUrl, paths.providerContract, { provider: contract.providerName, version: contract.versionNumber }),
        },
        'pb:verification-result': {
          href: href(res.locals.baseUrl, paths.verificationResult, {
            provider: verification.providerName,
            consumer: verification.consumerName,
            sha: verification.sha,
            number: verification.number,
          }),
        },
      },
    });
  });
}

function describeOutcome(outcome: string): string {
  if (outcome === 'unchanged') return 'was already published with the same content';
  if (outcome === 'overwritten') return 'replaced the one published before';
  return 'published';
}

function selfVerificationBody(s: SelfVerificationRow) {
  return {
    success: s.success,
    content: s.content,
    contentType: s.contentType,
    format: s.format,
    verifier: s.verifier,
    verifierVersion: s.verifierVersion,
    createdAt: formatDateTime(s.createdAt),
  };
}
