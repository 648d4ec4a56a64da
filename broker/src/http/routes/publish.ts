// POST /contracts/publish (`pb:publish-contracts`): what `pact-broker publish` and `treaty publish`
// call. Every contract is decoded and validated before anything is written; the publish itself is
// one transaction (store/pacts/publish.ts).
import type { Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../../deps.ts';
import { DEFAULT_MAX_JSON_DEPTH } from '../../domain/json-depth.ts';
import { parsePactText } from '../../domain/pacts/pact-document.ts';
import type { FieldError } from '../../errors.ts';
import { nameKey } from '../../store/pacticipants/pacticipants.ts';
import { ConflictPolicy, publishContracts, type ContractToPublish, type PublishRequest } from '../../store/pacts/publish.ts';
import { sendHal } from '../hal.ts';
import { paths } from '../../paths.ts';
import { publishResultsBody } from '../representations/publish-results.ts';
import { parseBody, validationError } from '../request-validation.ts';
import { jobTriggerOptions } from '../../store/pacts/publication-events.ts';

const blank = "can't be blank";
const ContractSchema = z.object({
  consumerName: z.string({ error: blank }).trim().min(1, blank),
  providerName: z.string({ error: blank }).trim().min(1, blank),
  specification: z.string({ error: 'must be "pact"' }),
  contentType: z.string({ error: 'must be "application/json"' }),
  content: z.string({ error: 'must be the base64-encoded pact JSON' }).min(1, 'must be the base64-encoded pact JSON'),
  onConflict: z.enum([ConflictPolicy.overwrite, ConflictPolicy.merge]).optional(),
});
/** Who publishes: the fields POST /contracts/publish and POST /schemas/publish share. */
export const publisherFields = {
  pacticipantName: z.string({ error: blank }).trim().min(1, blank),
  pacticipantVersionNumber: z.string({ error: blank }).trim().min(1, blank),
  branch: z.string().trim().min(1, blank).optional(),
  tags: z.array(z.string().trim().min(1, blank)).optional(),
  buildUrl: z.string().optional(),
};

const PublishSchema = z.object({
  ...publisherFields,
  contracts: z.array(ContractSchema, { error: 'must be a list of contracts' }).min(1, 'must contain at least one contract'),
});
type ContractInput = z.output<typeof ContractSchema>;

export function registerPublishRoutes(router: Router, deps: RouteDeps): void {
  router.post(paths.publishContracts, async (req, res) => {
    const request = parsePublishRequest(req.body, deps.config.maxJsonDepth);
    const result = await publishContracts(deps.db, request, {
      allowContractOverwrite: deps.config.allowContractOverwrite,
      jobs: jobTriggerOptions(deps.config, res.locals.baseUrl),
    });
    sendHal(res, 200, publishResultsBody(res.locals.baseUrl, result, request.branch));
  });
}

/** Validates the whole request, collecting the errors of every contract, before anything is stored. */
export function parsePublishRequest(body: unknown, maxJsonDepth = DEFAULT_MAX_JSON_DEPTH): PublishRequest {
  const input = parseBody(PublishSchema, body, 'publish request');
  const errors: FieldError[] = [];
  const contracts = input.contracts.flatMap((contract, index) => {
    const decoded = decodeContract(contract, `contracts[${index}]`, input.pacticipantName, maxJsonDepth);
    if ('errors' in decoded) errors.push(...decoded.errors);
    return 'contract' in decoded ? [decoded.contract] : [];
  });
  if (errors.length) throw validationError('publish request', errors);
  return {
    pacticipantName: input.pacticipantName,
    versionNumber: input.pacticipantVersionNumber,
    branch: input.branch,
    tags: input.tags,
    buildUrl: input.buildUrl,
    contracts,
  };
}

function decodeContract(
  c: ContractInput,
  at: string,
  pacticipantName: string,
  maxJsonDepth: number,
): { contract: ContractToPublish } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (c.specification !== 'pact')
    errors.push({
      field: `${at}.specification`,
      message: `must be "pact" (got "${c.specification}"); publish schemas with treaty schema publish.`,
    });
  if (!/^application\/json\s*(;.*)?$/i.test(c.contentType))
    errors.push({ field: `${at}.contentType`, message: `must be "application/json" for a pact (got "${c.contentType}").` });
  if (nameKey(c.consumerName) !== nameKey(pacticipantName)) {
    errors.push({
      field: `${at}.consumerName`,
      message: `must match pacticipantName "${pacticipantName}" (got "${c.consumerName}"). Publish each consumer's pacts in a separate request.`,
    });
  }
  const text = decodeBase64Utf8(c.content);
  if (text === undefined)
    errors.push({
      field: `${at}.content`,
      message: 'is not valid base64 of UTF-8 text. Base64-encode the pact file, e.g. `base64 -w0 pacts/foo-bar.json`.',
    });
  if (errors.length || text === undefined) return { errors };
  const parsed = parsePactText(text, maxJsonDepth);
  if (!parsed.ok)
    return {
      errors: parsed.issues.map((i) => ({
        field: i.field === 'content' ? `${at}.content` : `${at}.content.${i.field}`,
        message: i.message,
      })),
    };
  for (const [role, expected] of [
    ['consumer', c.consumerName],
    ['provider', c.providerName],
  ] as const) {
    const actual = role === 'consumer' ? parsed.summary.consumerName : parsed.summary.providerName;
    if (nameKey(actual) !== nameKey(expected))
      errors.push({ field: `${at}.content.${role}.name`, message: `"${actual}" does not match ${role}Name "${expected}".` });
  }
  if (errors.length) return { errors };
  return {
    contract: {
      providerName: c.providerName,
      text,
      pact: parsed.pact,
      interactionCount: parsed.summary.interactionCount,
      onConflict: c.onConflict ?? ConflictPolicy.overwrite,
    },
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeBase64Utf8(content: string): string | undefined {
  const compact = content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  try {
    return utf8.decode(Buffer.from(compact, 'base64'));
  } catch {
    return undefined;
  }
}
