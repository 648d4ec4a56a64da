// API tokens (admin scope): POST /tokens creates one and returns its secret once; GET /tokens
// lists them without secrets; DELETE /tokens/{id} revokes one (it stops working at once).
import type { Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../../deps.ts';
import { allScopes, Scope } from '../../domain/auth/scopes.ts';
import { generateTokenSecret, hashTokenSecret, tokenPrefix } from '../../domain/auth/token-secret.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { createToken, listTokens, revokeToken, type TokenRow } from '../../store/tokens.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';
import { parseBody, parsePage, pathParam } from '../request-body.ts';
import { formatDateTime } from '../representations/format.ts';

const NewTokenBody = z.object({
  name: z
    .string({ error: 'is required, e.g. "ci-order-service"' })
    .trim()
    .min(1, 'must not be blank')
    .max(100, 'must be at most 100 characters'),
  scopes: z
    .array(z.enum(allScopes as [Scope, ...Scope[]], { error: `must be one of ${allScopes.join(', ')}` }), {
      error: 'is required, e.g. ["write"]',
    })
    .min(1, 'must name at least one scope'),
  pacticipants: z.array(z.string().trim().min(1, 'must not be blank')).default([]),
});
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
const EXAMPLE = '{"name": "ci-order-service", "scopes": ["write"], "pacticipants": ["order-service"]}';

function tokenBody(baseUrl: string, t: TokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    pacticipants: t.pacticipants,
    createdBy: t.createdBy,
    createdAt: formatDateTime(t.createdAt),
    lastUsedAt: formatDateTime(t.lastUsedAt),
    revokedAt: formatDateTime(t.revokedAt),
    _links: { self: { href: href(baseUrl, paths.token, { id: t.id }) } },
  };
}

function tokenId(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw ValidationError.field('id', `must be a token id (a whole number), got "${raw}"`);
  return id;
}

export function registerTokenRoutes(router: Router, deps: RouteDeps): void {
  const db = deps.db;

  router.post(paths.tokens, async (req, res) => {
    const input = parseBody(NewTokenBody, req.body, EXAMPLE);
    if (input.scopes.includes(Scope.admin) && input.pacticipants.length > 0) {
      throw ValidationError.field(
        'pacticipants',
        'cannot be combined with the admin scope (admin requests are not about one pacticipant); create a write token for those pacticipants instead',
      );
    }
    const secret = generateTokenSecret();
    const token = await createToken(db, {
      name: input.name,
      prefix: tokenPrefix(secret),
      tokenHash: hashTokenSecret(secret),
      scopes: [...new Set(input.scopes)],
      pacticipants: [...new Set(input.pacticipants.map((p) => p.toLowerCase()))],
      createdBy: res.locals.principal?.actor,
    });
    res.location(href(res.locals.baseUrl, paths.token, { id: token.id }));
    res.setHeader('Cache-Control', 'no-store');
    sendHal(res, 201, {
      ...tokenBody(res.locals.baseUrl, token),
      token: secret,
      notice: 'Store this token now: it is shown only once. Send it as "Authorization: Bearer <token>".',
    });
  });

  // Paginated like GET /audit-events: `page` and `size` (default 100, at most 1000), newest first.
  router.get(paths.tokens, async (req, res) => {
    const page = parsePage(req.query, DEFAULT_PAGE_SIZE) ?? { number: 1, size: DEFAULT_PAGE_SIZE };
    if (page.size > MAX_PAGE_SIZE) throw ValidationError.field('size', `must be at most ${MAX_PAGE_SIZE}, got ${page.size}`);
    const { rows, total } = await listTokens(db, page);
    const link = (number: number) => `${href(res.locals.baseUrl, paths.tokens)}?page=${number}&size=${page.size}`;
    const totalPages = Math.max(1, Math.ceil(total / page.size));
    sendHal(res, 200, {
      tokens: rows.map((t) => tokenBody(res.locals.baseUrl, t)),
      page: { number: page.number, size: page.size, totalElements: total, totalPages },
      _links: {
        self: { href: link(page.number) },
        ...(page.number < totalPages ? { next: { href: link(page.number + 1), title: 'Next page' } } : {}),
        ...(page.number > 1 ? { previous: { href: link(page.number - 1), title: 'Previous page' } } : {}),
      },
    });
  });

  router.delete(route(paths.token), async (req, res) => {
    const result = await revokeToken(db, tokenId(pathParam(req, 'id')));
    if (!result.found) throw new NotFoundError(`No token with id ${pathParam(req, 'id')}. List the tokens with GET /tokens.`);
    res.status(204).end();
  });
}
