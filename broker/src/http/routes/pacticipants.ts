// /pacticipants and /pacticipants/{name}: list, create (POST; what create-or-update-pacticipant
// falls back to after a 404), read, PUT/PATCH create-or-update (201 when created, 200 when updated),
// and delete with everything that belongs to the pacticipant.
import type { Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../../deps.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { requirePacticipant } from '../../store/lookups.ts';
import {
  createPacticipant,
  deletePacticipant,
  listPacticipants,
  loadPacticipantViews,
  upsertPacticipant,
  type PacticipantAttributes,
} from '../../store/pacticipants.ts';
import { sendHal } from '../hal.ts';
import { paths, route } from '../../paths.ts';
import { parseBody, parsePage, pathParam } from '../request-body.ts';
import { pacticipantBody, pacticipantHref, pacticipantsBody } from '../representations/pacticipant.ts';

const text = z.string().nullable().optional();
const ATTRIBUTES = {
  displayName: 'display_name',
  repositoryUrl: 'repository_url',
  repositoryName: 'repository_name',
  repositoryNamespace: 'repository_namespace',
  mainBranch: 'main_branch',
} as const satisfies Record<keyof PacticipantAttributes, string>;

/** camelCase keys, plus the snake_case ones older clients send (`{"repository_url": ...}` in the client's pact). */
const PacticipantBody = z
  .object({
    name: z.string().trim().min(1, 'must not be blank').optional(),
    ...Object.fromEntries(
      Object.entries(ATTRIBUTES).flatMap(([camel, snake]) => [
        [camel, text],
        [snake, text],
      ]),
    ),
  })
  .transform((body: Record<string, string | null | undefined>) => {
    const attributes: PacticipantAttributes = {};
    for (const [camel, snake] of Object.entries(ATTRIBUTES) as Array<[keyof PacticipantAttributes, string]>) {
      if (body[camel] !== undefined) attributes[camel] = body[camel];
      else if (body[snake] !== undefined) attributes[camel] = body[snake];
    }
    return { name: body.name, attributes };
  });
const EXAMPLE = '{"name": "order-service", "repositoryUrl": "https://github.com/acme/order-service", "mainBranch": "main"}';

export function registerPacticipantRoutes(router: Router, deps: RouteDeps): void {
  const db = deps.db;

  router.get(route(paths.pacticipants), async (req, res) => {
    const page = parsePage(req.query);
    const { rows, total } = await listPacticipants(db, page);
    sendHal(res, 200, pacticipantsBody(res.locals.baseUrl, { rows: await loadPacticipantViews(db, rows), total, page }));
  });

  router.post(route(paths.pacticipants), async (req, res) => {
    const { name, attributes } = parseBody(PacticipantBody, req.body, EXAMPLE);
    if (!name) throw ValidationError.field('name', `is required, e.g. ${EXAMPLE}`);
    const created = await createPacticipant(db, name, attributes);
    if (!created) {
      throw new ConflictError(
        `A pacticipant named '${name}' already exists (names are matched case-insensitively). Update it with PATCH ${paths.pacticipant.replace('{pacticipant}', encodeURIComponent(name))}.`,
      );
    }
    const [view] = await loadPacticipantViews(db, [created]);
    res.location(pacticipantHref(res.locals.baseUrl, created.name));
    sendHal(res, 201, pacticipantBody(res.locals.baseUrl, view!));
  });

  router.get(route(paths.pacticipant), async (req, res) => {
    const [view] = await loadPacticipantViews(db, [await requirePacticipant(db, pathParam(req, 'pacticipant'))]);
    sendHal(res, 200, pacticipantBody(res.locals.baseUrl, view!));
  });

  for (const method of ['put', 'patch'] as const) {
    router[method](route(paths.pacticipant), async (req, res) => {
      const { attributes } = parseBody(PacticipantBody, req.body, EXAMPLE);
      const { pacticipant, created } = await upsertPacticipant(
        db,
        pathParam(req, 'pacticipant'),
        attributes,
        method === 'put' ? 'replace' : 'merge',
      );
      const [view] = await loadPacticipantViews(db, [pacticipant]);
      sendHal(res, created ? 201 : 200, pacticipantBody(res.locals.baseUrl, view!));
    });
  }

  router.delete(route(paths.pacticipant), async (req, res) => {
    if (!(await deletePacticipant(db, pathParam(req, 'pacticipant')))) await requirePacticipant(db, pathParam(req, 'pacticipant'));
    res.status(204).end();
  });
}
