import { gql } from '../client.ts';

/** One call Treaty made to GitHub (a commit status or a check run), logged like a webhook attempt. */
export interface GitHubCallFields {
  id: string;
  triggeredUuid: string;
  kind: 'github-commit-status' | 'github-check-run';
  eventName: string;
  commit: string | null;
  state: string | null;
  context: string | null;
  attempt: number;
  success: boolean;
  method: string;
  url: string;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  createdAt: string;
}

export const GITHUB_CALLS_QUERY = gql<
  { gitHubCalls: { nodes: GitHubCallFields[]; pageInfo: { hasNextPage: boolean } } },
  { consumer: string | null; provider: string | null }
>(/* GraphQL */ `
  query GitHubCalls($consumer: String, $provider: String) {
    gitHubCalls(consumer: $consumer, provider: $provider, first: 20) {
      nodes {
        id
        triggeredUuid
        kind
        eventName
        commit
        state
        context
        attempt
        success
        method
        url
        responseStatus
        error
        durationMs
        createdAt
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);
