// The commit status Treaty sets on a consumer's commit (POST /repos/{owner}/{repo}/statuses/{sha}):
// pending when its pact is published, success / failure when a provider verifies it, the
// can-i-deploy answer for an environment, and Treaty's check of a consumer schema against the
// provider's (context treaty/<provider>/<subject>; "error" when Treaty could not decide). The context names the provider (or the environment) so
// each gets its own line in the pull request's checks.

export type CommitState = 'pending' | 'success' | 'failure' | 'error';

export interface CommitStatus {
  state: CommitState;
  target_url: string;
  /** GitHub keeps at most 140 characters. */
  description: string;
  context: string;
}

export type StatusEvent =
  | { kind: 'pact-published'; providerName: string }
  | { kind: 'verification'; providerName: string; providerVersionNumber: string; success: boolean }
  | { kind: 'can-i-deploy'; environment: string; deployable: boolean; reason: string }
  /** Treaty checked the consumer's schema of `subject` against the provider's: compatible, breaking, or undecided. */
  | {
      kind: 'schema-check';
      providerName: string;
      providerVersionNumber: string;
      subject: string;
      status: 'success' | 'failure' | 'unknown';
    };

const MAX_DESCRIPTION = 140;

function clip(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

export function commitStatusFor(event: StatusEvent, targetUrl: string): CommitStatus {
  switch (event.kind) {
    case 'pact-published':
      return {
        state: 'pending',
        target_url: targetUrl,
        description: clip(`Pact published; waiting for ${event.providerName} to verify it`),
        context: `treaty/${event.providerName}`,
      };
    case 'verification':
      return {
        state: event.success ? 'success' : 'failure',
        target_url: targetUrl,
        description: clip(
          `Pact ${event.success ? 'verified' : 'verification failed'} by ${event.providerName} ${event.providerVersionNumber}`,
        ),
        context: `treaty/${event.providerName}`,
      };
    case 'can-i-deploy':
      return {
        state: event.deployable ? 'success' : 'failure',
        target_url: targetUrl,
        description: clip(`${event.deployable ? 'Can deploy' : 'Cannot deploy'} to ${event.environment}: ${event.reason}`),
        context: `treaty/can-i-deploy/${event.environment}`,
      };
    case 'schema-check': {
      const against = `${event.providerName} ${event.providerVersionNumber}`;
      return {
        state: event.status === 'success' ? 'success' : event.status === 'failure' ? 'failure' : 'error',
        target_url: targetUrl,
        description: clip(
          event.status === 'success'
            ? `Schema ${event.subject} is compatible with ${against}`
            : event.status === 'failure'
              ? `Schema ${event.subject} is not compatible with ${against}`
              : `Treaty could not decide whether schema ${event.subject} is compatible with ${against}`,
        ),
        context: `treaty/${event.providerName}/${event.subject}`,
      };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** The UI page of a schema subject (web/src/router.tsx 'schema'). */
export function schemaPageUrl(uiBaseUrl: string, subject: string): string {
  return `${uiBaseUrl}/schemas/${encodeURIComponent(subject)}`;
}

/** The UI page of a consumer version's pact with a provider (web/src/router.tsx 'contract'). */
export function pactPageUrl(uiBaseUrl: string, providerName: string, consumerName: string, consumerVersionNumber: string): string {
  const enc = encodeURIComponent;
  return `${uiBaseUrl}/pacts/${enc(providerName)}/${enc(consumerName)}/${enc(consumerVersionNumber)}`;
}
