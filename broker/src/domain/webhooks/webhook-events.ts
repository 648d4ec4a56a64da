// The events a webhook can subscribe to: the Pact Broker's six event names, spelled exactly as its
// API and the `pact-broker create-webhook --contract-published ...` flags send them.

export const WebhookEvent = {
  /** A pact was published, whether or not its content changed (every `pact-broker publish`). */
  contractPublished: 'contract_published',
  /**
   * A pact was published whose content differs from the previous pact for the same consumer and
   * provider (the first publication counts as changed). The usual trigger for a provider build.
   */
  contractContentChanged: 'contract_content_changed',
  /**
   * A pact was published that needs verifying by a provider version that has not verified this
   * content yet (for each such provider branch / deployed version); the webhook context carries
   * the provider version to check out.
   */
  contractRequiringVerificationPublished: 'contract_requiring_verification_published',
  /** Any verification result was published, successful or not. */
  providerVerificationPublished: 'provider_verification_published',
  /** A successful verification result was published. */
  providerVerificationSucceeded: 'provider_verification_succeeded',
  /** A failed verification result was published. */
  providerVerificationFailed: 'provider_verification_failed',
} as const;

export type WebhookEventName = (typeof WebhookEvent)[keyof typeof WebhookEvent];

export const WEBHOOK_EVENT_NAMES: readonly WebhookEventName[] = Object.values(WebhookEvent);

/** The Pact Broker uses this when a webhook is created without `events`. */
export const DEFAULT_WEBHOOK_EVENT: WebhookEventName = WebhookEvent.contractContentChanged;

export function isWebhookEventName(name: string): name is WebhookEventName {
  return (WEBHOOK_EVENT_NAMES as readonly string[]).includes(name);
}

/** Whether an event is about a pact publication (true) or a verification publication (false). */
export function isPactEvent(name: WebhookEventName): boolean {
  switch (name) {
    case WebhookEvent.contractPublished:
    case WebhookEvent.contractContentChanged:
    case WebhookEvent.contractRequiringVerificationPublished:
      return true;
    case WebhookEvent.providerVerificationPublished:
    case WebhookEvent.providerVerificationSucceeded:
    case WebhookEvent.providerVerificationFailed:
      return false;
    default: {
      const unreachable: never = name;
      return unreachable;
    }
  }
}
