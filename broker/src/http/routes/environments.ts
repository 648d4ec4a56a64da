// Environments: GET/POST /environments (pact-broker list-environments / create-environment) and
// GET/PUT/DELETE /environments/{uuid}. record-deployment finds an environment by name in the
// list's pb:environments links, so names are unique and contain no spaces.
import type { Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../../deps.ts';
import { ConflictError } from '../../errors.ts';
import {
  createEnvironment,
  deleteEnvironment,
  listEnvironments,
  updateEnvironment,
  type EnvironmentRow,
  type EnvironmentWriteResult,
} from '../../store/environments.ts';
import { requireEnvironment } from '../../store/lookups.ts';
import { sendHal } from '../hal.ts';
import { paths, route } from '../../paths.ts';
import { parseBody, pathParam } from '../request-body.ts';
import { environmentBody, environmentHref, environmentsBody } from '../representations/environment.ts';

const Contact = z.object({ name: z.string().min(1, 'must not be blank'), details: z.record(z.string(), z.unknown()).optional() });
const EnvironmentBody = z.object({
  name: z
    .string({ error: 'is required and must be a string' })
    .min(1, 'must not be blank')
    .regex(/^\S+$/, 'must not contain spaces (use displayName for a human-friendly name, e.g. "Production EU")'),
  displayName: z.string().nullable().optional(),
  production: z.boolean({ error: 'must be true or false' }).default(false),
  contacts: z.array(Contact).nullable().optional(),
});
const NewEnvironmentBody = EnvironmentBody.extend({ uuid: z.uuid({ error: 'must be a UUID' }).optional() });
const EXAMPLE =
  '{"name": "production", "displayName": "Production", "production": true, "contacts": [{"name": "Team A", "details": {"emailAddress": "a@example.com"}}]}';

export function registerEnvironmentRoutes(router: Router, deps: RouteDeps): void {
  const db = deps.db;

  router.get(route(paths.environments), async (req, res) => {
    const name = typeof req.query.name === 'string' ? req.query.name : undefined;
    sendHal(res, 200, environmentsBody(res.locals.baseUrl, await listEnvironments(db, { name })));
  });

  router.post(route(paths.environments), async (req, res) => {
    const environment = orConflict(await createEnvironment(db, parseBody(NewEnvironmentBody, req.body, EXAMPLE)));
    res.location(environmentHref(res.locals.baseUrl, environment.uuid));
    sendHal(res, 201, environmentBody(res.locals.baseUrl, environment));
  });

  router.get(route(paths.environment), async (req, res) => {
    sendHal(res, 200, environmentBody(res.locals.baseUrl, await requireEnvironment(db, pathParam(req, 'environment'))));
  });

  router.put(route(paths.environment), async (req, res) => {
    const input = parseBody(EnvironmentBody, req.body, EXAMPLE);
    const result = await updateEnvironment(db, pathParam(req, 'environment'), input);
    const environment = result ? orConflict(result) : await requireEnvironment(db, pathParam(req, 'environment'));
    sendHal(res, 200, environmentBody(res.locals.baseUrl, environment));
  });

  router.delete(route(paths.environment), async (req, res) => {
    if (!(await deleteEnvironment(db, pathParam(req, 'environment')))) await requireEnvironment(db, pathParam(req, 'environment'));
    res.status(204).end();
  });
}

function orConflict(result: EnvironmentWriteResult): EnvironmentRow {
  if (result.ok) return result.environment;
  switch (result.reason) {
    case 'name-taken':
      throw new ConflictError(
        `Another environment with name '${result.existing?.name}' already exists (uuid ${result.existing?.uuid}). Choose another name, or update that environment with pact-broker update-environment --uuid ${result.existing?.uuid}.`,
      );
    case 'uuid-taken':
      throw new ConflictError(
        `An environment with uuid '${result.existing?.uuid ?? 'given'}' already exists. Omit uuid to have one generated.`,
      );
    default: {
      const unreachable: never = result.reason;
      throw new Error(`unknown conflict ${String(unreachable)}`);
    }
  }
}
