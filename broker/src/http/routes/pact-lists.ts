// Pact list resources: GET /pacts/latest (`pact-broker list-latest-pact-versions`), a pair's
// versions, the provider lists the Rust verifier falls back to (`pb:latest-provider-pacts`), and the
// lists by consumer branch that `pact-broker get-pacts` reads.
import type { Request, Response, Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { NotFoundError } from '../../errors.ts';
import { findPacticipant } from '../../store/pacticipants/pacticipants.ts';
import {
  consumerBranchExists,
  listLatestPacts,
  listPactPublications,
  listProviderPacts,
  type ConsumerBranch,
  type ProviderPactsQuery,
} from '../../store/pacts/pact-queries.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route, type PathParams } from '../../paths.ts';
import { latestPactsBody, pactVersionsBody, providerPactsBody } from '../representations/pact.ts';

type ProviderParams = { provider: string; tag?: string };
type BranchParams = { provider: string; consumer?: string; branch?: string };

export function registerPactListRoutes(router: Router, deps: RouteDeps): void {
  const { db } = deps;
  router.get(paths.latestPactVersions, async (_req, res) => {
    sendHal(res, 200, latestPactsBody(res.locals.baseUrl, await listLatestPacts(db)));
  });

  router.get(route(paths.pactVersions), async (req: Request<{ provider: string; consumer: string }>, res) => {
    const { provider, consumer } = req.params;
    const rows = await listPactPublications(db, provider, consumer);
    sendHal(res, 200, pactVersionsBody(res.locals.baseUrl, rows[0]?.providerName ?? provider, rows[0]?.consumerName ?? consumer, rows));
  });

  const providerList =
    (template: string, query: (tag: string | undefined) => ProviderPactsQuery, title: (p: string, tag?: string) => string) =>
    async (req: Request<ProviderParams>, res: Response) => {
      const { provider, tag } = req.params;
      const rows = await listProviderPacts(db, provider, query(tag));
      const name = rows[0]?.providerName ?? provider;
      const self = href(res.locals.baseUrl, template, tag === undefined ? { provider } : { provider, tag });
      sendHal(res, 200, providerPactsBody(res.locals.baseUrl, name, self, title(name, tag), rows));
    };
  router.get(
    route(paths.providerPacts),
    providerList(
      paths.providerPacts,
      () => ({ latest: false }),
      (p) => `All pact versions for the provider ${p}`,
    ),
  );
  router.get(
    route(paths.latestProviderPacts),
    providerList(
      paths.latestProviderPacts,
      () => ({ latest: true }),
      (p) => `Latest pact versions for the provider ${p}`,
    ),
  );
  router.get(
    route(paths.latestProviderPactsWithTag),
    providerList(
      paths.latestProviderPactsWithTag,
      (tag) => ({ latest: true, tag }),
      (p, tag) => `Latest pact versions for the provider ${p} with consumer version tag '${tag}'`,
    ),
  );
  router.get(
    route(paths.providerPactsWithTag),
    providerList(
      paths.providerPactsWithTag,
      (tag) => ({ latest: false, tag }),
      (p, tag) => `All pact versions for the provider ${p} with consumer version tag '${tag}'`,
    ),
  );

  registerBranchListRoutes(router, deps);
}

/**
 * Pacts by consumer branch (the Pact Broker's ProviderPactsForConsumerBranch, LatestProviderPactsForBranch and
 * PactVersionsForBranch). Without a branch in the path, each consumer's own main branch is meant. An unknown
 * provider, consumer or branch is a 404 naming it; a known branch without pacts is an empty list.
 */
function registerBranchListRoutes(router: Router, deps: RouteDeps): void {
  const { db } = deps;

  async function resolve(params: BranchParams): Promise<{ provider: string; consumer?: string; branch: ConsumerBranch }> {
    const provider = await findPacticipant(db, params.provider);
    if (!provider)
      throw new NotFoundError(`No provider named ${params.provider}. Check the name (GET /pacticipants) or publish a pact for it first.`);
    const consumer = params.consumer === undefined ? undefined : await findPacticipant(db, params.consumer);
    if (params.consumer !== undefined && !consumer)
      throw new NotFoundError(`No consumer named ${params.consumer}. Check the name (GET /pacticipants) or publish a pact from it first.`);
    if (params.branch !== undefined && !(await consumerBranchExists(db, provider.name, params.branch, consumer?.name)))
      throw new NotFoundError(
        `No ${consumer ? `branch ${params.branch} of ${consumer.name}` : `consumer of ${provider.name} has a branch ${params.branch}`}. ` +
          'Check the branch name (GET /pacticipants/{consumer}/branches), or leave --branch out for the main branch.',
      );
    return {
      provider: provider.name,
      ...(consumer ? { consumer: consumer.name } : {}),
      branch: params.branch === undefined ? { kind: 'main' } : { kind: 'named', name: params.branch },
    };
  }

  const branchSuffix = (branch: ConsumerBranch) =>
    branch.kind === 'main' ? ' for main branch' : ` with consumer version branch '${branch.name}'`;

  const providerList = (template: string, latest: boolean) => async (req: Request<BranchParams>, res: Response) => {
    const { provider, branch } = await resolve(req.params);
    const rows = await listProviderPacts(db, provider, { latest, branch });
    const title = `${latest ? 'Latest' : 'All'} pact versions for the provider ${provider}${branchSuffix(branch)}`;
    const self = href(res.locals.baseUrl, template, req.params as PathParams);
    sendHal(res, 200, providerPactsBody(res.locals.baseUrl, provider, self, title, rows));
  };
  // `branch/latest` first: like the Pact Broker, it is the main-branch form, not a branch named "latest".
  router.get(route(paths.latestProviderPactsForMainBranch), providerList(paths.latestProviderPactsForMainBranch, true));
  router.get(route(paths.providerPactsForMainBranch), providerList(paths.providerPactsForMainBranch, false));
  router.get(route(paths.latestProviderPactsForBranch), providerList(paths.latestProviderPactsForBranch, true));
  router.get(route(paths.providerPactsForBranch), providerList(paths.providerPactsForBranch, false));

  const pairList = (template: string, latest: boolean) => async (req: Request<BranchParams>, res: Response) => {
    const { provider, consumer, branch } = await resolve(req.params);
    const rows = await listProviderPacts(db, provider, { latest, branch, consumer });
    const self = href(res.locals.baseUrl, template, req.params as PathParams);
    sendHal(res, 200, pactVersionsBody(res.locals.baseUrl, provider, consumer!, rows, self));
  };
  router.get(route(paths.mainBranchPactVersions), pairList(paths.mainBranchPactVersions, false));
  router.get(route(paths.latestMainBranchPactVersions), pairList(paths.latestMainBranchPactVersions, true));
  router.get(route(paths.mainBranchPactVersionsShort), pairList(paths.mainBranchPactVersionsShort, false));
  router.get(route(paths.latestMainBranchPactVersionsShort), pairList(paths.latestMainBranchPactVersionsShort, true));
  router.get(route(paths.latestBranchPactVersions), pairList(paths.latestBranchPactVersions, true));

  // pb:tagged-pact-versions (the Pact Broker's TaggedPactVersions): every pact of the pair from versions with the tag.
  router.get(route(paths.taggedPactVersions), async (req: Request<BranchParams & { tag: string }>, res: Response) => {
    const { provider, consumer } = await resolve({ provider: req.params.provider, consumer: req.params.consumer });
    const rows = await listProviderPacts(db, provider, { latest: false, tag: req.params.tag, consumer });
    const base = res.locals.baseUrl;
    const body = pactVersionsBody(base, provider, consumer!, rows, href(base, paths.taggedPactVersions, req.params as PathParams));
    body._links.self.title = `All versions of the pact between ${consumer!} and ${provider} with tag ${req.params.tag}`;
    sendHal(res, 200, body);
  });
  router.get(route(paths.branchPactVersions), pairList(paths.branchPactVersions, false));
}
