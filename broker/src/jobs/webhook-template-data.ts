// Loads, when a webhook job runs, the data its `${pactbroker.*}` parameters are rendered from: the
// names, versions, branches, tags and labels as they are now, and the URLs of the pact and the
// verification. The job payload holds only ids (see store/publication-events.ts for why).
import type { WebhookTemplateData } from '../domain/webhooks/template.ts';
import { href, paths } from '../paths.ts';
import type { Db } from '../store/db.ts';
import type { WebhookJobPayload } from '../store/publication-events.ts';
import { findPactFacts, findVerificationFacts, findVersionFacts } from '../store/webhook-template-facts.ts';

/** The data for one webhook job, or undefined when what it speaks of was deleted since. */
export async function loadWebhookTemplateData(
  db: Db,
  payload: WebhookJobPayload,
  baseUrl: string,
): Promise<{ data: WebhookTemplateData; sha: string } | undefined> {
  const consumer = await findVersionFacts(db, payload.consumerVersionId);
  const pact = await findPactFacts(db, payload.pactVersionId);
  if (!consumer || !pact) return undefined;
  const names = { provider: pact.providerName, consumer: consumer.pacticipantName, sha: pact.sha };
  const data: WebhookTemplateData = {
    eventName: payload.event,
    pact: {
      consumerName: consumer.pacticipantName,
      providerName: pact.providerName,
      consumerVersionNumber: consumer.number,
      consumerVersionBranch: consumer.branch,
      consumerVersionTags: consumer.tags ?? [],
      url: href(baseUrl, paths.pactByContentSha, names),
    },
    consumerLabels: consumer.labels ?? [],
    providerLabels: pact.providerLabels ?? [],
    buildUrl: consumer.buildUrl,
  };
  if (payload.verificationId !== undefined) {
    const verification = await findVerificationFacts(db, payload.verificationId);
    const provider = verification ? await findVersionFacts(db, verification.providerVersionId) : undefined;
    if (!verification || !provider) return undefined;
    data.verification = {
      success: verification.success,
      url: href(baseUrl, paths.verificationResult, { ...names, number: verification.number }),
      providerVersionNumber: provider.number,
      providerVersionBranch: provider.branch,
      providerVersionTags: provider.tags ?? [],
    };
    // For verification events the build is the verifying one (the Pact Broker's rule).
    data.buildUrl = verification.buildUrl;
  }
  if (payload.providerVersionId !== undefined) {
    const provider = await findVersionFacts(db, payload.providerVersionId);
    if (!provider) return undefined;
    data.providerVersion = { number: provider.number, branch: provider.branch, tags: provider.tags ?? [] };
    data.providerVersionDescriptions = payload.providerVersionDescriptions ?? [];
  }
  return { data, sha: pact.sha };
}
