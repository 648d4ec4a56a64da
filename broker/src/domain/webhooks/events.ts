// Which webhook events a publication fires: pure decisions over facts the store gathers inside the
// publishing transaction. Follows the Pact Broker (pacts/service.rb, webhooks/trigger_service.rb,
// verifications/service.rb):
//  * every pact publication fires contract_published;
//  * contract_content_changed fires when the content differs from "the previous pact": for a new
//    publication, the latest pact of an earlier consumer version with the same tag, for each tag of
//    this version (or, for an untagged version, of an earlier untagged version); a missing previous
//    pact counts as changed. When an existing publication of the same consumer version is replaced,
//    it fires only if the content SHA changed;
//  * contract_requiring_verification_published fires once per provider version that must verify
//    this content and has no verification of it yet: the latest version of the provider's main
//    branch, and each currently deployed or released (still supported) provider version;
//  * a verification fires provider_verification_published and then _succeeded or _failed.
import { WebhookEvent, type WebhookEventName } from './webhook-events.ts';

/** The latest earlier pact for one of the version's tags, or for "untagged" versions. */
export interface PreviousPact {
  /** A tag name, or UNTAGGED. */
  selector: string;
  /** Content SHA of that pact; null when there is none. */
  sha: string | null;
}

export const UNTAGGED = ':untagged';

export type PactPublicationChange =
  /** No publication existed for this consumer version and provider. */
  | { kind: 'new'; previousPacts: readonly PreviousPact[] }
  /** The publication of this consumer version existed (re-publish, overwrite or merge). */
  | { kind: 'existing'; previousSha: string };

/** A provider version that should verify the pact, as the Pact Broker describes it. */
export interface RequiredVerificationCandidate {
  providerVersionId: number;
  providerVersionNumber: string;
  providerVersionBranch: string | null;
  /** e.g. "latest version from main branch", "currently deployed version (production)". */
  description: string;
  /** True when this provider version already has a verification (any result) of the content. */
  alreadyVerified: boolean;
}

export interface RequiredVerification {
  providerVersionId: number;
  providerVersionNumber: string;
  providerVersionBranch: string | null;
  descriptions: string[];
}

/** One event to fire; contract_requiring_verification_published carries its provider version. */
export type FiredEvent =
  | { name: Exclude<WebhookEventName, typeof WebhookEvent.contractRequiringVerificationPublished> }
  | { name: typeof WebhookEvent.contractRequiringVerificationPublished; requiredVerification: RequiredVerification };

export interface ContentChange {
  changed: boolean;
  /** Why, for the log: which previous pact differed or was missing. */
  explanation: string;
}

export function contentChange(sha: string, change: PactPublicationChange): ContentChange {
  if (change.kind === 'existing') {
    return change.previousSha === sha
      ? { changed: false, explanation: 'Pact content was unchanged' }
      : { changed: true, explanation: 'Existing pact for this consumer version was updated with new content' };
  }
  const differing = change.previousPacts.filter((p) => p.sha === null || p.sha !== sha);
  if (differing.length === 0)
    return { changed: false, explanation: 'Pact content the same as previous version and no new tags were applied' };
  const what = differing.map((p) => {
    const scope = p.selector === UNTAGGED ? 'untagged' : `tag '${p.selector}'`;
    return p.sha === null ? `first pact with ${scope}` : `content changed since the previous pact with ${scope}`;
  });
  return { changed: true, explanation: what.join('; ') };
}

/**
 * Drops provider versions that already verified the content and merges candidates for the same
 * provider version (e.g. main branch head that is also deployed) into one, keeping every description.
 */
export function requiredVerifications(candidates: readonly RequiredVerificationCandidate[]): RequiredVerification[] {
  const byVersion = new Map<number, RequiredVerification>();
  for (const c of candidates) {
    if (c.alreadyVerified) continue;
    const found = byVersion.get(c.providerVersionId);
    if (found) {
      if (!found.descriptions.includes(c.description)) found.descriptions.push(c.description);
    } else {
      byVersion.set(c.providerVersionId, {
        providerVersionId: c.providerVersionId,
        providerVersionNumber: c.providerVersionNumber,
        providerVersionBranch: c.providerVersionBranch,
        descriptions: [c.description],
      });
    }
  }
  return [...byVersion.values()];
}

export function eventsForPactPublication(input: {
  sha: string;
  change: PactPublicationChange;
  requiredVerifications: readonly RequiredVerification[];
}): FiredEvent[] {
  const events: FiredEvent[] = [{ name: WebhookEvent.contractPublished }];
  if (contentChange(input.sha, input.change).changed) events.push({ name: WebhookEvent.contractContentChanged });
  for (const requiredVerification of input.requiredVerifications) {
    events.push({ name: WebhookEvent.contractRequiringVerificationPublished, requiredVerification });
  }
  return events;
}

export function eventsForVerification(success: boolean): FiredEvent[] {
  return [
    { name: WebhookEvent.providerVerificationPublished },
    { name: success ? WebhookEvent.providerVerificationSucceeded : WebhookEvent.providerVerificationFailed },
  ];
}
