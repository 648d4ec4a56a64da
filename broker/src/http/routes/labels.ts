// Pacticipant labels, as the Pact Broker serves them (resources/label.rb, pacticipants_for_label.rb):
//   PUT    /pacticipants/{pacticipant}/labels/{label}  adds it, creating the pacticipant when missing: 201, then 200
//   GET    /pacticipants/{pacticipant}/labels/{label}  200, or 404 when the pacticipant does not have it
//   DELETE /pacticipants/{pacticipant}/labels/{label}  204, or 404
//   GET    /pacticipants/label/{label}                 the pacticipants with the label
// Webhooks can be scoped by label, so this is how a team's services get a shared webhook.
import type { Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { addLabel, deleteLabel, hasLabel, pacticipantsWithLabel } from '../../store/labels.ts';
import { requirePacticipant } from '../../store/lookups.ts';
import { findOrCreatePacticipant, loadPacticipantViews, type PacticipantRow } from '../../store/pacticipants.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';
import { pathParam } from '../request-body.ts';
import { pacticipantBody, pacticipantHref } from '../representations/pacticipant.ts';

function labelBody(base: string, pacticipant: PacticipantRow, label: string) {
  return {
    name: label,
    _links: {
      self: { title: 'Label', name: label, href: href(base, paths.pacticipantLabel, { pacticipant: pacticipant.name, label }) },
      pacticipant: { title: 'Pacticipant', name: pacticipant.name, href: pacticipantHref(base, pacticipant.name) },
    },
  };
}

function labelParam(raw: string): string {
  const label = raw.trim();
  if (label === '') throw ValidationError.field('label', 'must not be blank, e.g. PUT /pacticipants/order-service/labels/team-payments.');
  return label;
}

export function registerLabelRoutes(router: Router, deps: RouteDeps): void {
  const db = deps.db;

  // Before the /pacticipants/{pacticipant}/... routes, so a pacticipant named "label" cannot shadow it.
  router.get(route(paths.pacticipantsWithLabel), async (req, res) => {
    const label = labelParam(pathParam(req, 'label'));
    const views = await loadPacticipantViews(db, await pacticipantsWithLabel(db, label));
    const base = res.locals.baseUrl;
    sendHal(res, 200, {
      _embedded: { pacticipants: views.map((view) => pacticipantBody(base, view)) },
      _links: { self: { href: href(base, paths.pacticipantsWithLabel, { label }) } },
    });
  });

  router.put(route(paths.pacticipantLabel), async (req, res) => {
    const label = labelParam(pathParam(req, 'label'));
    const { pacticipant } = await findOrCreatePacticipant(db, pathParam(req, 'pacticipant'));
    const { created } = await addLabel(db, pacticipant.id, label);
    const body = labelBody(res.locals.baseUrl, pacticipant, label);
    if (created) res.location(body._links.self.href);
    sendHal(res, created ? 201 : 200, body);
  });

  router.get(route(paths.pacticipantLabel), async (req, res) => {
    const label = labelParam(pathParam(req, 'label'));
    const pacticipant = await requirePacticipant(db, pathParam(req, 'pacticipant'));
    if (!(await hasLabel(db, pacticipant.id, label)))
      throw new NotFoundError(`${pacticipant.name} has no label '${label}'. Add it with PUT on this URL.`);
    sendHal(res, 200, labelBody(res.locals.baseUrl, pacticipant, label));
  });

  router.delete(route(paths.pacticipantLabel), async (req, res) => {
    const label = labelParam(pathParam(req, 'label'));
    const pacticipant = await requirePacticipant(db, pathParam(req, 'pacticipant'));
    if (!(await deleteLabel(db, pacticipant.id, label))) throw new NotFoundError(`${pacticipant.name} has no label '${label}'.`);
    res.status(204).end();
  });
}
