// Pact resources (Pact Broker-compatible): the legacy publish (PUT, PATCH = merge), fetching a
// pact by consumer version / latest / tag / branch / untagged / content SHA, deleting one, the
// previous-distinct pact and diffs. Lists live in pact-lists.ts.
import type { Request, Response, Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import type { JsonObject } from '../../domain/pacts/canonical-json.ts';
import { validatePact } from '../../domain/pacts/pact-document.ts';
import { diffPacts, formatPactDiff } from '../../domain/pacts/pact-diff.ts';
import { NotFoundError } from '../../errors.ts';
import { findPactContentBySha, findPactDocument, findPreviousDistinctPact, type PactSelector } from '../../store/pact-queries.ts';
import { nameKey } from '../../store/pacticipants.ts';
import { ConflictPolicy, deletePactPublication, publishContracts } from '../../store/pacts.ts';
import { sendHalText } from '../hal.ts';
import { paths, route } from '../../paths.ts';
import { pactDocumentText, pactLinks } from '../representations/pact.ts';
import { validationError } from '../request-validation.ts';
import { registerPactListRoutes } from './pact-lists.ts';
import { jobTriggerOptions } from '../../store/publication-events.ts';

type PairParams = { provider: string; consumer: string };
type VersionParams = PairParams & { consumerVersion: string };

export function registerPactRoutes(router: Router, deps: RouteDeps): void {
  const { db } = deps;
  const legacyPublish = (onConflict: ConflictPolicy) => async (req: Request<VersionParams>, res: Response) => {
    const { provider, consumer, consumerVersion } = req.params;
    const contract = legacyContract(req.body, provider, consumer, onConflict);
    const result = await publishContracts(
      db,
      { pacticipantName: consumer, versionNumber: consumerVersion, contracts: [contract] },
      {
        allowContractOverwrite: deps.config.allowContractOverwrite,
        jobs: jobTriggerOptions(deps.config, res.locals.baseUrl),
      },
    );
    const status = result.contracts[0]?.outcome === 'created' ? 201 : 200;
    await sendPact(req, res, deps, { kind: 'version', number: consumerVersion }, status);
  };
  router.put(route(paths.pactForConsumerVersion), legacyPublish(ConflictPolicy.overwrite));
  router.patch(route(paths.pactForConsumerVersion), legacyPublish(ConflictPolicy.merge));

  router.get(route(paths.pactForConsumerVersion), (req: Request<VersionParams>, res) =>
    sendPact(req, res, deps, { kind: 'version', number: req.params.consumerVersion }),
  );
  router.get(route(paths.latestPact), (req: Request<PairParams>, res) => sendPact(req, res, deps, { kind: 'latest' }));
  router.get(route(paths.latestUntaggedPact), (req: Request<PairParams>, res) => sendPact(req, res, deps, { kind: 'latestUntagged' }));
  router.get(route(paths.latestBranchPact), (req: Request<PairParams & { branch: string }>, res) =>
    sendPact(req, res, deps, { kind: 'latestOnBranch', branch: req.params.branch }),
  );
  router.get(route(paths.latestTaggedPact), (req: Request<PairParams & { tag: string }>, res, next) =>
    // `.../latest/badge` is the badge (badges.ts), not a tag named "badge".
    req.params.tag === 'badge' ? next() : sendPact(req, res, deps, { kind: 'latestTagged', tag: req.params.tag }),
  );

  router.delete(route(paths.pactForConsumerVersion), async (req: Request<VersionParams>, res) => {
    const { provider, consumer, consumerVersion } = req.params;
    if (!(await deletePactPublication(db, provider, consumer, consumerVersion)))
      throw notFound(req.params, `consumer version ${consumerVersion}`);
    res.status(204).end();
  });

  const bySha = async (req: Request<PairParams & { sha: string; metadata?: string }>, res: Response) => {
    const { provider, consumer, sha, metadata } = req.params;
    const row = await findPactContentBySha(db, provider, consumer, sha);
    if (!row) throw notFound(req.params, `content SHA ${sha}`);
    const versions = row.consumerVersionNumber === null ? [] : [row.consumerVersionNumber];
    const links = pactLinks(res.locals.baseUrl, {
      provider: row.providerName,
      consumer: row.consumerName,
      consumerVersion: row.consumerVersionNumber,
      sha: row.sha,
      consumerVersions: versions,
      metadata,
    });
    if (row.consumerVersionNumber !== null) res.setHeader('X-Pact-Consumer-Version', row.consumerVersionNumber);
    sendHalText(res, 200, pactDocumentText(row.content, row.createdAt, links));
  };
  router.get(route(paths.pactByContentSha), bySha);
  router.get(route(paths.pactByContentShaWithMetadata), bySha);

  router.get(route(paths.previousDistinctPact), async (req: Request<VersionParams>, res) => {
    const { previous } = await previousDistinct(deps, req.params);
    await sendPact(req, res, deps, { kind: 'version', number: previous.consumerVersionNumber });
  });
  router.get(route(paths.diffPreviousDistinct), async (req: Request<VersionParams>, res) => {
    const { current, previous } = await previousDistinct(deps, req.params);
    sendDiff(res, previous.content, current.pact.content, previous.consumerVersionNumber, req.params.consumerVersion);
  });
  router.get(route(paths.diffVersions), async (req: Request<VersionParams & { otherVersion: string }>, res) => {
    const { provider, consumer, consumerVersion, otherVersion } = req.params;
    const current = await findPactDocument(db, provider, consumer, { kind: 'version', number: consumerVersion });
    const other = await findPactDocument(db, provider, consumer, { kind: 'version', number: otherVersion });
    if (!current) throw notFound(req.params, `consumer version ${consumerVersion}`);
    if (!other) throw notFound(req.params, `consumer version ${otherVersion}`);
    sendDiff(res, other.pact.content, current.pact.content, otherVersion, consumerVersion);
  });

  registerPactListRoutes(router, deps);
}

/** Validates a legacy PUT/PATCH body: a pact whose consumer and provider match the URL. */
function legacyContract(body: unknown, provider: string, consumer: string, onConflict: ConflictPolicy) {
  const parsed = validatePact(body);
  if (!parsed.ok) throw validationError('pact', parsed.issues);
  const mismatches = (['consumer', 'provider'] as const)
    .map((role) => ({
      role,
      inPact: role === 'consumer' ? parsed.summary.consumerName : parsed.summary.providerName,
      inPath: role === 'consumer' ? consumer : provider,
    }))
    .filter((m) => nameKey(m.inPact) !== nameKey(m.inPath))
    .map((m) => ({
      field: `${m.role}.name`,
      message: `"${m.inPact}" in the pact does not match the ${m.role} name "${m.inPath}" in the URL.`,
    }));
  if (mismatches.length) throw validationError('pact', mismatches);
  // The body was parsed by express.json(); its re-serialisation is what gets stored.
  return {
    providerName: provider,
    text: JSON.stringify(body),
    pact: parsed.pact,
    interactionCount: parsed.summary.interactionCount,
    onConflict,
  };
}

async function sendPact(req: Request<PairParams>, res: Response, deps: RouteDeps, selector: PactSelector, status = 200): Promise<void> {
  const { provider, consumer } = req.params;
  const found = await findPactDocument(deps.db, provider, consumer, selector);
  if (!found) throw notFound(req.params, describeSelector(selector));
  const { pact, consumerVersions } = found;
  const links = pactLinks(res.locals.baseUrl, {
    provider: pact.providerName,
    consumer: pact.consumerName,
    consumerVersion: pact.consumerVersionNumber,
    sha: pact.sha,
    consumerVersions,
  });
  res.setHeader('X-Pact-Consumer-Version', pact.consumerVersionNumber);
  sendHalText(res, status, pactDocumentText(pact.content, pact.createdAt, links));
}

async function previousDistinct(deps: RouteDeps, params: VersionParams) {
  const current = await findPactDocument(deps.db, params.provider, params.consumer, {
    kind: 'version',
    number: params.consumerVersion,
  });
  if (!current) throw notFound(params, `consumer version ${params.consumerVersion}`);
  const previous = await findPreviousDistinctPact(deps.db, current.pact);
  if (!previous) {
    throw new NotFoundError(
      `The pact for ${params.consumer} version ${params.consumerVersion} and provider ${params.provider} has no earlier version with different content.`,
    );
  }
  return { current, previous };
}

function sendDiff(res: Response, beforeText: string, afterText: string, beforeVersion: string, afterVersion: string): void {
  const diff = formatPactDiff(diffPacts(JSON.parse(beforeText) as JsonObject, JSON.parse(afterText) as JsonObject));
  res.status(200).type('text/plain; charset=utf-8').send(`Changes from consumer version ${beforeVersion} to ${afterVersion}:\n${diff}\n`);
}

function describeSelector(selector: PactSelector): string {
  switch (selector.kind) {
    case 'version':
      return `consumer version ${selector.number}`;
    case 'latest':
      return 'any consumer version';
    case 'latestTagged':
      return `a consumer version tagged ${selector.tag}`;
    case 'latestUntagged':
      return 'an untagged consumer version';
    case 'latestOnBranch':
      return `a consumer version on branch ${selector.branch}`;
    default: {
      const unreachable: never = selector;
      return unreachable;
    }
  }
}

function notFound(params: PairParams, what: string): NotFoundError {
  return new NotFoundError(
    `No pact between consumer ${params.consumer} and provider ${params.provider} for ${what}. Check the names (GET /pacticipants), or publish the pact with \`pact-broker publish\`.`,
  );
}
