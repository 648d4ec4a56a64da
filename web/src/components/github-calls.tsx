// Treaty's calls to GitHub (commit statuses and check runs), newest first: which commit got which state on which
// line, what GitHub answered, and a link to the full log (request and response, token redacted). Shown on the
// webhooks page (every call) and on a contract's page (the calls of its integration).
import { GITHUB_CALLS_QUERY, type GitHubCallFields } from '../graphql/documents/github-calls.ts';
import { useQuery } from '../graphql/use-query.ts';
import { Empty, QueryView } from './query-state.tsx';
import { Time } from './time.tsx';

const kindLabel: Record<GitHubCallFields['kind'], string> = {
  'github-commit-status': 'Commit status',
  'github-check-run': 'Check run',
};

/** GitHub's answer in words: "Accepted (HTTP 201)", "Failed (HTTP 500)", "Failed: <error>". */
export function gitHubAnswer(c: Pick<GitHubCallFields, 'success' | 'responseStatus' | 'error'>): {
  label: string;
  tone: 'green' | 'red';
  symbol: string;
} {
  if (c.success) return { label: `Accepted (HTTP ${c.responseStatus ?? '?'})`, tone: 'green', symbol: '✓' };
  const why = c.responseStatus !== null ? ` (HTTP ${c.responseStatus})` : c.error ? `: ${c.error}` : '';
  return { label: `Failed${why}`, tone: 'red', symbol: '✕' };
}

function GitHubCallsTable({ calls, label }: { calls: GitHubCallFields[]; label: string }) {
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Kind</th>
          <th scope="col">Commit</th>
          <th scope="col">Context</th>
          <th scope="col">State sent</th>
          <th scope="col">Attempt</th>
          <th scope="col">GitHub&apos;s answer</th>
          <th scope="col">Log</th>
        </tr>
      </thead>
      <tbody>
        {calls.map((c) => {
          const answer = gitHubAnswer(c);
          return (
            <tr key={c.id} data-github-call={c.id} data-kind={c.kind}>
              <td>
                <Time iso={c.createdAt} />
              </td>
              <td>{kindLabel[c.kind] ?? c.kind}</td>
              <td>
                <code title={c.commit ?? undefined}>{c.commit ? c.commit.slice(0, 7) : '—'}</code>
              </td>
              <td>
                <code>{c.context ?? '—'}</code>
              </td>
              <td>{c.state ?? '—'}</td>
              <td>{c.attempt}</td>
              <td>
                <span className={`badge badge-${answer.tone}`} data-outcome={c.success ? 'success' : 'failure'}>
                  <span aria-hidden="true" className="badge-symbol">
                    {answer.symbol}
                  </span>
                  {answer.label}
                </span>
                {c.error && c.responseStatus !== null ? <div className="muted">{c.error}</div> : null}
              </td>
              <td>
                <a href={`/triggered-webhooks/${encodeURIComponent(c.triggeredUuid)}/logs`}>log</a>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The latest calls to GitHub; of one integration when consumer and provider are given. */
export function GitHubCalls({ consumer, provider }: { consumer?: string; provider?: string }) {
  const query = useQuery(GITHUB_CALLS_QUERY, { consumer: consumer ?? null, provider: provider ?? null });
  const label = consumer && provider ? `Calls to GitHub for ${consumer} and ${provider}` : 'Recent calls to GitHub';
  return (
    <QueryView query={query} loadingLabel="Loading calls to GitHub…">
      {(data) =>
        data.gitHubCalls.nodes.length === 0 ? (
          <Empty title="No calls to GitHub yet.">
            <p>
              With <code>TREATY_GITHUB_TOKEN</code> set, Treaty sets a commit status on the consumer&apos;s commit when a pact is published
              and verified (and a check run with <code>TREATY_GITHUB_CHECK_RUNS=true</code>).
            </p>
          </Empty>
        ) : (
          <GitHubCallsTable calls={data.gitHubCalls.nodes} label={label} />
        )
      }
    </QueryView>
  );
}
