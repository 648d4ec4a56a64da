// Pact list resources: GET /pacts/latest (`pact-broker list-latest-pact-versions`), a pair's
// versions, and the provider lists the Rust verifier falls back to (`pb:latest-provider-pacts`).
import type { Request, Response, Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { listLatestPacts, listPactPublications, listProviderPacts, type ProviderPactsQuery } from '../../store/pact-queries.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';
import { latestPactsBody, pactVersionsBody, providerPactsBody } from '../representations/pact.ts';

type ProviderParams = { provider: string; tag?: string };

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
}
