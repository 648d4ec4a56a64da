// Integrations (consumer–provider pairs): list, one, and delete (removes every pact and
// verification between the pair).
import type { Request, Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { NotFoundError } from '../../errors.ts';
import { deleteIntegration, findIntegration, listIntegrations } from '../../store/integrations.ts';
import { sendHal } from '../hal.ts';
import { paths, route } from '../../paths.ts';
import { integrationBody, integrationsBody } from '../representations/integration.ts';

type PairParams = { provider: string; consumer: string };

const notFound = ({ provider, consumer }: PairParams) =>
  new NotFoundError(`No integration between consumer ${consumer} and provider ${provider}. GET /integrations lists the existing ones.`);

export function registerIntegrationRoutes(router: Router, deps: RouteDeps): void {
  const { db } = deps;
  router.get(paths.integrations, async (_req, res) => {
    sendHal(res, 200, integrationsBody(res.locals.baseUrl, await listIntegrations(db)));
  });
  router.get(route(paths.integration), async (req: Request<PairParams>, res) => {
    const row = await findIntegration(db, req.params.provider, req.params.consumer);
    if (!row) throw notFound(req.params);
    sendHal(res, 200, integrationBody(res.locals.baseUrl, row));
  });
  router.delete(route(paths.integration), async (req: Request<PairParams>, res) => {
    if (!(await deleteIntegration(db, req.params.provider, req.params.consumer))) throw notFound(req.params);
    res.status(204).end();
  });
}
