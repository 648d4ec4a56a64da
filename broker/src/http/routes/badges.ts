// Pact badges for READMEs: always a 200 SVG (never a redirect, never an error page), so an image
// embedded in a README renders even for a misspelt name. `?label=` replaces the label,
// `?initials=true` shortens the service names.
import type { Request, Response, Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { findPactVerificationStatus, type PactSelector } from '../../store/pact-queries.ts';
import { paths, route } from '../../paths.ts';
import { badgeSvg, defaultBadgeLabel, type BadgeStatus } from '../representations/badge.ts';
import { verificationStatusOf } from '../representations/integration.ts';

type BadgeParams = { provider: string; consumer: string; tag?: string };

export function registerBadgeRoutes(router: Router, deps: RouteDeps): void {
  const badge = (selector: (p: BadgeParams) => PactSelector) => async (req: Request<BadgeParams>, res: Response) => {
    const { provider, consumer } = req.params;
    const found = await findPactVerificationStatus(deps.db, provider, consumer, selector(req.params));
    const status: BadgeStatus = found.found ? verificationStatusOf(found.success) : 'unknown';
    const label =
      typeof req.query.label === 'string' && req.query.label !== ''
        ? req.query.label
        : defaultBadgeLabel(consumer, provider, req.query.initials === 'true');
    res
      .status(200)
      .type('image/svg+xml')
      .set('Cache-Control', 'no-cache, no-store, max-age=0')
      .set('X-Treaty-Badge-Status', status)
      .send(badgeSvg(label, status));
  };
  router.get(
    route(paths.latestPactBadge),
    badge(() => ({ kind: 'latest' })),
  );
  router.get(
    route(paths.latestUntaggedPactBadge),
    badge(() => ({ kind: 'latestUntagged' })),
  );
  router.get(
    route(paths.latestTaggedPactBadge),
    badge((p) => ({ kind: 'latestTagged', tag: p.tag ?? '' })),
  );
}
