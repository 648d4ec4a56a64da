// The commit status Treaty sets on a consumer's commit (POST /repos/{owner}/{repo}/statuses/{sha}):
// pending when its pact is published, success / failure when a provider verifies it, and the
// can-i-deploy answer for an environment. The context names the provider (or the environment) so
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
  | { kind: 'can-i-deploy'; environment: string; deployable: boolean; reason: string };

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
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** The UI page of a consumer version's pact with a provider (web/src/router.tsx 'contract'). */
export function pactPageUrl(uiBaseUrl: string, providerName: string, consumerName: string, consumerVersionNumber: string): string {
  const enc = encodeURIComponent;
  return `${uiBaseUrl}/pacts/${enc(providerName)}/${enc(consumerName)}/${enc(consumerVersionNumber)}`;
}
