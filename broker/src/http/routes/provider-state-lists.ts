// GET /pacts/provider/{p}/provider-states[/branch/{b}|/environment/{env}] (`pact-broker provider-states list`):
// the provider states the provider's consumers use, each with the consumers that use it. Which pacts count,
// as in the Pact Broker: the latest pact of each consumer's main branch; of the named branch; or the pacts of
// the consumer versions currently deployed or supported in the environment (named, or given by uuid).
import type { Request, Response, Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { aggregateProviderStates, providerStatesOfPact } from '../../domain/pacts/provider-states.ts';
import { NotFoundError } from '../../errors.ts';
import { findEnvironment, findEnvironmentByName } from '../../store/environments/environments.ts';
import { findPacticipant } from '../../store/pacticipants/pacticipants.ts';
import { consumerBranchExists, listProviderPactContents, type ProviderPactsQuery } from '../../store/pacts/pact-queries.ts';
import { sendHal } from '../hal.ts';
import { paths, route } from '../../paths.ts';

type Params = { provider: string; branch?: string; environment?: string };

export function registerProviderStateListRoutes(router: Router, deps: RouteDeps): void {
  const { db } = deps;

  async function pactsQuery(params: Params, providerName: string): Promise<ProviderPactsQuery> {
    if (params.environment !== undefined) {
      const environment = (await findEnvironmentByName(db, params.environment)) ?? (await findEnvironment(db, params.environment));
      if (!environment)
        throw new NotFoundError(`No environment named ${params.environment}. Check the name with \`pact-broker list-environments\`.`);
      return { latest: false, environmentUuid: environment.uuid };
    }
    if (params.branch !== undefined) {
      if (!(await consumerBranchExists(db, providerName, params.branch)))
        throw new NotFoundError(
          `No consumer of ${providerName} has a branch ${params.branch}. Check the branch name (GET /pacticipants/{consumer}/branches), or leave --branch out for the main branch.`,
        );
      return { latest: true, branch: { kind: 'named', name: params.branch } };
    }
    return { latest: true, branch: { kind: 'main' } };
  }

  const list = async (req: Request<Params>, res: Response) => {
    const provider = await findPacticipant(db, req.params.provider);
    if (!provider)
      throw new NotFoundError(
        `No provider named ${req.params.provider}. Check the name (GET /pacticipants) or publish a pact for it first.`,
      );
    const pacts = await listProviderPactContents(db, provider.name, await pactsQuery(req.params, provider.name));
    const states = aggregateProviderStates(
      pacts.map((pact) => ({ consumer: pact.consumerName, states: providerStatesOfPact(parseContent(pact.content)) })),
    );
    sendHal(res, 200, { providerStates: states });
  };
  router.get(route(paths.providerStates), list);
  router.get(route(paths.providerStatesForBranch), list);
  router.get(route(paths.providerStatesForEnvironment), list);
}

/** Stored pacts were validated JSON at publication; a row that is not (say, edited by hand) lists no states. */
function parseContent(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return undefined;
  }
}
