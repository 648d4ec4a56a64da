// Treaty-only maintenance endpoints (admin scope: domain/auth/access-rules.ts):
//   POST /admin/cleanup  the data retention cleanup (the Pact Broker's clean), or with dryRun what it would delete;
//   POST /admin/import   loads a `treaty-export/1` file (written by `treaty export`), idempotently.
import type { Router } from 'express';
import type { TreatyExport } from '@treaty/wire';
import { z } from 'zod';
import type { RouteDeps } from '../../deps.ts';
import { ValidationError } from '../../errors.ts';
import { policyFromConfig } from '../../jobs/retention-cleanup.ts';
import { importExport } from '../../store/import.ts';
import { runCleanup } from '../../store/retention.ts';
import { sendHal } from '../hal.ts';
import { href, paths } from '../../paths.ts';
import { parseBody } from '../request-body.ts';
import { formatDateTime } from '../representations/format.ts';

const count = (what: string) =>
  z
    .number({ error: `must be a whole number (${what})` })
    .int(`must be a whole number (${what})`)
    .min(0, 'must not be negative');
const CleanupBody = z.object({
  dryRun: z.boolean({ error: 'must be true or false' }).default(false),
  keepDays: count('days').optional(),
  keepLatest: count('versions per pacticipant').optional(),
  keepBranches: z.array(z.string().min(1, 'must not be blank')).optional(),
  limit: z.number().int().positive('must be at least 1').optional(),
});
const CLEANUP_EXAMPLE = '{"dryRun": true, "keepDays": 90, "keepLatest": 10}';

const time = z
  .string({ error: 'is required (an ISO 8601 time)' })
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z');
const name = z.string({ error: 'is required' }).min(1, 'must not be blank').max(1000, 'must be at most 1000 characters');
const webhookScope = z.object({ name: name.optional(), label: name.optional() }).nullish();
const ImportFile = z.object({
  format: z.literal('treaty-export/1', { error: 'must be "treaty-export/1" (write the file with `treaty export`)' }),
  exportedAt: time,
  source: z.string().optional(),
  pacticipants: z.array(
    z.object({
      name,
      displayName: z.string().nullish(),
      mainBranch: z.string().nullish(),
      repositoryUrl: z.string().nullish(),
      labels: z.array(name).optional(),
      versions: z.array(
        z.object({ number: name, createdAt: time, buildUrl: z.string().nullish(), branches: z.array(name), tags: z.array(name) }),
      ),
    }),
  ),
  environments: z.array(
    z.object({ uuid: name, name, displayName: z.string().nullish(), production: z.boolean({ error: 'must be true or false' }) }),
  ),
  pacts: z.array(
    z.object({
      consumer: name,
      provider: name,
      consumerVersion: name,
      createdAt: time,
      content: z.string({ error: 'is required (the pact JSON text)' }),
    }),
  ),
  verifications: z.array(
    z.object({
      consumer: name,
      provider: name,
      consumerVersion: name,
      providerVersion: name,
      success: z.boolean({ error: 'must be true or false' }),
      verifiedAt: time,
      buildUrl: z.string().nullish(),
    }),
  ),
  deployments: z.array(
    z.object({ pacticipant: name, version: name, environment: name, applicationInstance: z.string().nullish(), deployedAt: time }),
  ),
  releases: z.array(z.object({ pacticipant: name, version: name, environment: name, releasedAt: time })),
  // Optional: files written before webhooks were exported have none. The definition itself is checked
  // by the webhook validation (store/import.ts), with the field names PUT /webhooks/{uuid} uses.
  webhooks: z
    .array(
      z.object({
        uuid: name,
        description: z.string().nullish(),
        consumer: webhookScope,
        provider: webhookScope,
        events: z.array(name),
        request: z.object({
          method: name,
          url: name,
          headers: z.record(z.string(), z.string({ error: 'must be a string' })).optional(),
          body: z.unknown().optional(),
          username: z.string().nullish(),
          password: z.string().nullish(),
        }),
        enabled: z.boolean({ error: 'must be true or false' }),
        createdAt: time.optional(),
        secretsRedacted: z.boolean({ error: 'must be true or false' }).optional(),
        redactedFields: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});
const IMPORT_EXAMPLE =
  '{"format": "treaty-export/1", "exportedAt": "...", "pacticipants": [], "environments": [], "pacts": [], "verifications": [], "deployments": [], "releases": []} (write it with `treaty export`)';

export function registerAdminRoutes(router: Router, deps: RouteDeps): void {
  router.post(paths.adminCleanup, async (req, res) => {
    const input = parseBody(CleanupBody, req.body, CLEANUP_EXAMPLE);
    const defaults = policyFromConfig(deps.config);
    const policy = {
      keepDays: input.keepDays ?? defaults.keepDays,
      keepLatest: input.keepLatest ?? defaults.keepLatest,
      keepBranches: input.keepBranches ?? defaults.keepBranches,
    };
    const result = await runCleanup(deps.db, { policy, dryRun: input.dryRun, limit: input.limit ?? deps.config.cleanup.limit });
    sendHal(res, 200, {
      dryRun: result.dryRun,
      policy,
      deletedVersionCount: result.versions.length,
      versions: result.versions.map((v) => ({ pacticipant: v.pacticipant, number: v.number, createdAt: formatDateTime(v.createdAt) })),
      deleted: result.deleted,
      keptVersionCount: result.keptVersions,
      keptByReason: result.keptByReason,
      _links: { self: { href: href(res.locals.baseUrl, paths.adminCleanup) } },
    });
  });

  router.post(paths.adminImport, async (req, res) => {
    if (typeof req.body === 'object' && req.body !== null && 'format' in req.body && req.body.format !== 'treaty-export/1') {
      throw ValidationError.field(
        'format',
        `is "${String(req.body.format)}"; this broker reads "treaty-export/1" files. Export again with this version of \`treaty export\`.`,
      );
    }
    const file = parseBody(ImportFile, req.body, IMPORT_EXAMPLE) as TreatyExport;
    const { webhooks } = deps.config;
    const webhookPolicy = { schemes: webhooks.schemeWhitelist, hosts: webhooks.hostWhitelist, methods: webhooks.httpMethodWhitelist };
    const result = await importExport(deps.db, file, { webhookPolicy });
    sendHal(res, 200, { ...result, _links: { self: { href: href(res.locals.baseUrl, paths.adminImport) } } });
  });
}
